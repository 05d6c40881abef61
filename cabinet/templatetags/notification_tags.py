"""The cabinet header's bell: the unread count (one indexed COUNT) and what the polling
script (static/js/cabinet-notifications.js) needs to keep it current without a reload."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications import inbox

register = template.Library()


@register.inclusion_tag("cabinet/includes/notification_bell.html", takes_context=True)
def notification_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        # A cabinet page counted it with its menu's counts (cabinet.views.badge_counts).
        "unread": context["unread_count"] if "unread_count" in context
        else inbox.unread_count(user),
        "list_url": reverse("notifications:list"),
        "count_url": reverse("notifications-unread-count"),
        "latest_url": reverse("notifications-list") + "?unread=true&page_size=5",
        "poll_seconds": getattr(settings, "NOTIFICATIONS_POLL_SECONDS", 20),
        "since": timezone.now().isoformat(timespec="milliseconds"),
    }
