"""The calendar in the operators' admin: company events are pages (edited in Pages); the
answers to every event (company and team) are listed here, read-only, filtered by answer,
so the company sees who is coming and who waits for a seat."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from network.admin.viewsets import ReadOnlyModelViewSet

from .models import Rsvp


class RsvpViewSet(ReadOnlyModelViewSet):
    model = Rsvp
    name = "event_answers"
    url_prefix = "events/answers"
    icon = "date"
    menu_label = _("Event answers")
    add_to_admin_menu = True
    menu_order = 160
    list_display = ["user", "event", "status", "updated_at"]
    list_filter = ["status"]
    ordering = ["-updated_at", "-pk"]
    list_per_page = 50


@hooks.register("register_admin_viewset")
def register_event_answers():
    return RsvpViewSet()
