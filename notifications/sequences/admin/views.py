"""The sequences in the operators' admin: the snippet screens that create and edit a
sequence with its steps (checked by forms.SequenceForm and each step's clean()), and per
sequence its report (funnel and experiment, reports.py) with a CSV download.

Staff only: the admin itself demands a second factor (accounts/middleware.py), and the
report checks the `notifications_sequences.view_sequence_report` permission on the server,
for the page and its CSV alike.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from notifications.sequences import reports
from notifications.sequences.models import Sequence

REPORT_PERMISSION = "notifications_sequences.view_sequence_report"


def can_see_reports(user):
    return user.is_active and user.has_perm(REPORT_PERMISSION)


def report_url(sequence):
    return reverse(sequence.snippet_viewset.get_url_name("report"), args=[quote(sequence.pk)])


class SequenceReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "notifications/sequences/admin/report.html"
    header_icon = "table"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not can_see_reports(request.user):
            raise PermissionDenied
        self.sequence = get_object_or_404(Sequence, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Report: %(name)s") % {"name": self.sequence.name}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Sequence._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        result = reports.report(self.sequence)
        if request.GET.get("format") == "csv":
            response = HttpResponse(reports.as_csv(result),
                                    content_type="text/csv; charset=utf-8")
            filename = f"sequence-{self.sequence.pk}-{timezone.localdate():%Y-%m-%d}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return self.render_to_response(self.get_context_data(
            result=result, sequence=self.sequence, csv_url="?format=csv",
            active_days=reports.ACTIVE_DAYS))


class SequenceIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_see_reports(self.request.user):
            buttons.append(ListingMenuItem(_("Report"), url=report_url(instance),
                                           icon_name="table", priority=15))
        return buttons


class SequenceEditView(EditView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if can_see_reports(self.request.user):
            buttons.append(HeaderButton(_("Report"), url=report_url(self.object),
                                        icon_name="table"))
        return buttons


class SequenceViewSet(SnippetViewSet):
    model = Sequence
    icon = "mail"
    menu_label = _("Sequences")
    menu_name = "sequences"
    menu_order = 170
    add_to_admin_menu = True
    url_prefix = "sequences"
    list_display = ["name", "trigger", "holdout_percent", "active"]
    list_filter = ["trigger", "active"]
    search_fields = ["name"]
    search_backend_name = None  # a plain database search
    index_view_class = SequenceIndexView
    edit_view_class = SequenceEditView

    def get_urlpatterns(self):
        report = SequenceReportView.as_view(index_url_name=self.get_url_name("list"))
        return [*super().get_urlpatterns(), path("report/<int:pk>/", report, name="report")]
