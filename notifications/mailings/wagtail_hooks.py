"""Company announcements in the Wagtail admin: written in English, Russian and Ukrainian,
narrowed to a language, rank or status, and sent from a confirmation screen that says how
many partners will receive it (announcements.py queues the fan-out once)."""

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from network.admin.viewsets import ConfirmActionView

from . import announcements
from .models import Announcement, SendingState


class AnnouncementForm(WagtailAdminModelForm):
    def clean_url(self):
        url = (self.cleaned_data.get("url") or "").strip()
        if url and (not url.startswith("/") or url.startswith("//")):
            raise ValidationError(_("Give an address on this site, starting with “/”."))
        return url


def url_name(view):
    return Announcement.snippet_viewset.get_url_name(view)


def send_url(announcement):
    return reverse(url_name("send"), args=[quote(announcement.pk)])


class AnnouncementIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.state == SendingState.DRAFT and self.user_has_permission_for_instance(
                "change", instance):
            buttons.append(ListingMenuItem(_("Send"), url=send_url(instance), icon_name="mail",
                                           priority=5))
        return buttons


class SendAnnouncementView(ConfirmActionView):
    model = Announcement
    page_title = gettext_lazy("Send the announcement")
    submit_label = gettext_lazy("Send it now")
    index_label = gettext_lazy("Company announcements")
    header_icon = "mail"

    @property
    def index_url_name(self):
        return url_name("list")

    def get_explanation(self):
        if self.object.state != SendingState.DRAFT:
            return _("This announcement has already been sent.")
        return _("It goes to %(count)s partners, each in their own language, in the cabinet "
                 "and through the channels they chose. It cannot be taken back.") % {
            "count": f"{announcements.recipient_count(self.object):,}"}

    def perform(self):
        if announcements.send(self.object, sent_by=self.request.user):
            messages.success(self.request, _("The announcement is on its way to %(count)s "
                                             "partners.")
                             % {"count": f"{self.object.recipient_count:,}"})
        else:
            messages.error(self.request, _("This announcement has already been sent."))
        return redirect(reverse(self.index_url_name))


class AnnouncementViewSet(SnippetViewSet):
    model = Announcement
    icon = "mail"
    menu_label = gettext_lazy("Announcements")
    menu_order = 170
    add_to_admin_menu = True
    url_prefix = "announcements"
    list_display = ["title_en", "language", "rank", "status", "state", "recipient_count",
                    "sent_at"]
    list_filter = ["state", "language"]
    search_fields = ["title_en"]
    search_backend_name = None
    index_view_class = AnnouncementIndexView
    edit_handler = ObjectList(Announcement.panels, base_form_class=AnnouncementForm)

    def get_urlpatterns(self):
        send_view = SendAnnouncementView.as_view(permission_policy=self.permission_policy)
        return [*super().get_urlpatterns(), path("<int:pk>/send/", send_view, name="send")]


register_snippet(AnnouncementViewSet)
