"""The learning reports in the operators' admin ("Learning" menu): the course funnel by
stage, the quiz questions most often failed, and the first 90 days by join month, each
with filters and a CSV download (`learning.reports` counts the figures; the cohorts are
counted in the background and read as stored, with a button to count them again).

Staff only: the admin itself demands a second factor (accounts/middleware.py), and each
screen checks the `learning.view_lessonprogress` permission on the server, for the page
and its CSV alike.
"""

import re
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.permissions import policy_registry

from learning import reports, tasks
from learning.models import LessonProgress

FUNNEL = "learning_funnel"
FAILED = "learning_failed_items"
COHORTS = "learning_cohorts"
REPORT_MODEL = LessonProgress  # its "view" permission opens the learning reports
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def course_choices():
    return [("", _("All courses"))] + [
        (outline.key, outline.title) for outline in reports.course_outlines()
    ]


class CourseField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label=gettext_lazy("Course"), required=False, choices=course_choices,
                         **kwargs)


class FunnelForm(forms.Form):
    course = CourseField()


class FailedItemsForm(forms.Form):
    course = CourseField()
    days = forms.IntegerField(
        label=gettext_lazy("Days"), min_value=1, max_value=3660, initial=reports.QUIZ_DAYS,
        required=False, help_text=gettext_lazy("Attempts submitted in this many last days."))
    top = forms.IntegerField(
        label=gettext_lazy("Questions shown"), min_value=1, max_value=500,
        initial=reports.TOP_ITEMS, required=False)


class MonthField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=7, required=False,
                         help_text=gettext_lazy("YYYY-MM"), **kwargs)
        self.widget.input_type = "month"

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        match = _MONTH.match(value)
        if not match:
            raise ValidationError(_("The month must be YYYY-MM."))
        return date(int(match[1]), int(match[2]), 1)


class CohortsForm(forms.Form):
    first = MonthField(label=gettext_lazy("Joined from"))
    last = MonthField(label=gettext_lazy("Joined until"))

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            raise ValidationError(_("The first month must not be after the last one."))
        if first and last and reports.add_months(first, 120) <= last:
            raise ValidationError(_("Choose at most ten years."))
        return data


class ReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A report: its filter form from the query string, its figures, and the same
    figures as CSV with `?format=csv`."""

    model = REPORT_MODEL
    permission_required = "view"
    form_class = None
    csv_name = ""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        form = self.form_class(request.GET or None)
        if form.is_bound and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, result=None))
        filters = form.cleaned_data if form.is_bound else {}
        result = self.compute(filters)
        if request.GET.get("format") == "csv":
            response = HttpResponse(self.as_csv(result), content_type="text/csv; charset=utf-8")
            filename = f"{self.csv_name}-{timezone.localdate():%Y-%m-%d}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        query = {key: value for key, value in request.GET.items() if key != "format"}
        return self.render_to_response(self.get_context_data(
            form=form if form.is_bound else self.form_class(), result=result,
            csv_url="?" + urlencode({**query, "format": "csv"})))

    def compute(self, filters):
        raise NotImplementedError

    def as_csv(self, result):
        raise NotImplementedError


class FunnelView(ReportView):
    form_class = FunnelForm
    template_name = "learning/admin/reports/funnel.html"
    page_title = gettext_lazy("Course funnel")
    header_icon = "list-ol"
    csv_name = "course-funnel"

    def compute(self, filters):
        return reports.course_funnel(filters.get("course") or None)

    def as_csv(self, result):
        return reports.funnel_csv(result)

    def get_context_data(self, **kwargs):
        return super().get_context_data(stuck_days=reports.STUCK_DAYS, **kwargs)


class FailedItemsView(ReportView):
    form_class = FailedItemsForm
    template_name = "learning/admin/reports/failed_items.html"
    page_title = gettext_lazy("Quiz items failed")
    header_icon = "help"
    csv_name = "quiz-items-failed"

    def compute(self, filters):
        return reports.failed_items(filters.get("course") or None,
                                    days=filters.get("days") or reports.QUIZ_DAYS,
                                    limit=filters.get("top") or reports.TOP_ITEMS)

    def as_csv(self, result):
        return reports.failed_csv(result)


class CohortsView(ReportView):
    form_class = CohortsForm
    template_name = "learning/admin/reports/cohorts.html"
    page_title = gettext_lazy("First 90 days cohorts")
    header_icon = "group"
    csv_name = "first-90-days-cohorts"

    def compute(self, filters):
        return reports.counted_cohorts(filters.get("first"), filters.get("last"))

    def as_csv(self, result):
        return reports.cohort_csv(result.rows)

    def post(self, request, *args, **kwargs):
        """"Count again": the counting goes to the background (at once in the demo)."""
        tasks.count_cohorts.delay()
        messages.success(request, _("The cohorts are being counted again; the figures "
                                    "change here when that is done."))
        query = request.GET.urlencode()
        return redirect(request.path + (f"?{query}" if query else ""))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            days=reports.ACTIVE_DAYS, every_minutes=reports.COUNT_EVERY_SECONDS // 60,
            **kwargs)


# --- the menu ---------------------------------------------------------------------------


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(REPORT_MODEL).user_has_permission(
            request.user, "view")


class ReportViewSet(ViewSet):
    view_class = None

    def get_urlpatterns(self):
        return [path("", self.view_class.as_view(), name="index")]

    @cached_property
    def menu_item_class(self):
        return ReportMenuItem


class FunnelViewSet(ReportViewSet):
    name = FUNNEL
    url_prefix = "learning/course-funnel"
    icon = "list-ol"
    menu_label = gettext_lazy("Course funnel")
    view_class = FunnelView


class FailedItemsViewSet(ReportViewSet):
    name = FAILED
    url_prefix = "learning/quiz-items-failed"
    icon = "help"
    menu_label = gettext_lazy("Quiz items failed")
    view_class = FailedItemsView


class CohortsViewSet(ReportViewSet):
    name = COHORTS
    url_prefix = "learning/first-90-days"
    icon = "group"
    menu_label = gettext_lazy("First 90 days cohorts")
    view_class = CohortsView


class LearningViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Learning")
    menu_icon = "doc-full-inverse"
    menu_name = "learning"
    menu_order = 160  # after "Network"
    items = (FunnelViewSet, FailedItemsViewSet, CohortsViewSet)
