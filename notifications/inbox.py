"""The in-app side: what the bell counts, the newest-first list, marking read, and
opening a notification. Everything is the recipient's own: another user's id finds
nothing.

The count reads the partial index of unread shown rows and stops counting at UNREAD_CAP
(the bell shows "99+" beyond 99), so even a partner with thousands of unread
announcements costs one short index scan.
The list pages by a cursor (created_at, id) along the newest-first index rather than by
OFFSET, so the hundredth page costs what the first does.
"""

from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from notifications import kinds as kind_registry
from notifications.models import Delivery, Notification

UNREAD_CAP = 100
PAGE_SIZE = 20


def shown(user):
    return Notification.objects.filter(recipient_id=user.pk, in_app=True)


def unread_count(user):
    if user is None or not user.is_authenticated:
        return 0
    return shown(user).filter(read_at__isnull=True).values("pk")[:UNREAD_CAP].count()


def safe_url(url):
    """The url if it is a path on this site, else "" (never an open redirect)."""
    url = (url or "").strip()
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return ""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return ""
    return url


def newest(user, *, kind="", category="", unread=False):
    """The user's shown notifications, newest first, filtered by kind or category."""
    notifications = shown(user)
    if kind:
        notifications = notifications.filter(kind=kind)
    elif category:
        notifications = notifications.filter(kind__in=kind_registry.keys_of_category(category))
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def encode_cursor(notification):
    """The last row's (created_at in whole microseconds, id): exact, unlike a float."""
    return f"{(notification.created_at - EPOCH) // MICROSECOND}_{notification.pk}"


def decode_cursor(cursor):
    """(created_at, id) from a cursor; ValueError when it is not one."""
    moment, _sep, pk = (cursor or "").partition("_")
    return EPOCH + int(moment) * MICROSECOND, int(pk)


def page(user, *, before="", size=PAGE_SIZE, **filters):
    """(notifications, cursor of the next page or "") for the page after `before`.
    Raises ValueError on a cursor that is not one."""
    notifications = newest(user, **filters)
    if before:
        created_at, pk = decode_cursor(before)
        notifications = notifications.filter(
            Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
    rows = list(notifications[:size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, encode_cursor(rows[-1]) if more and rows else ""


def own(user, notification_id):
    return shown(user).filter(pk=notification_id).first()


def mark_read(user, notification_id, now=None):
    """Marks one of the user's notifications read; False when it is not theirs."""
    if not shown(user).filter(pk=notification_id).exists():
        return False
    shown(user).filter(pk=notification_id, read_at__isnull=True).update(
        read_at=now or timezone.now())
    return True


def mark_all_read(user, now=None, **filters):
    """Marks the user's unread notifications (of a kind or category) read; how many."""
    notifications = newest(user, **filters).filter(read_at__isnull=True).order_by()
    return notifications.update(read_at=now or timezone.now())


def open_notification(user, notification_id, channel="", now=None):
    """Marks the user's notification read and clicked (and the channel's delivery
    clicked); the site-relative address to go to, or None when it is not theirs."""
    now = now or timezone.now()
    notification = Notification.objects.filter(recipient_id=user.pk,
                                               pk=notification_id).first()
    if notification is None:
        return None
    Notification.objects.filter(pk=notification.pk).update(
        read_at=Coalesce("read_at", now), clicked_at=Coalesce("clicked_at", now))
    if channel:
        Delivery.objects.filter(notification=notification, channel=channel[:20],
                                clicked_at__isnull=True).update(
            clicked_at=now, opened_at=Coalesce("opened_at", now))
    return safe_url(notification.url)
