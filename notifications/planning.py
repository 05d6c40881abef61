"""Which deliveries a notification gets: the user's chosen channels for its kind (or the
kind's defaults), only channels registered and available to the user (a linked Telegram,
a push subscription), held until the end of the user's quiet hours, or kept for the daily
digest when the user asked for one. In-app is the notification row itself: never a
delivery, never deferred.

Planning twice writes nothing new: the database keeps one delivery per channel.
"""

import logging

from django.db.models import Q

from notifications import channels as channel_registry
from notifications import kinds as kind_registry
from notifications import preferences
from notifications.models import Delivery, Notification

logger = logging.getLogger(__name__)

EMAIL = "email"


def _delivery(notification, kind, preference, channel_name, now):
    status, send_after = Delivery.Status.QUEUED, None
    if (channel_name == EMAIL and preference is not None and preference.digest
            and not kind.required):
        status = Delivery.Status.DIGEST
    else:
        until = preferences.quiet_until(preference, now)
        if until is not None:
            status, send_after = Delivery.Status.HELD, until
    return Delivery(notification=notification, channel=channel_name, status=status,
                    send_after=send_after, created_at=now)


def deliveries_for(notification, preference, now):
    """The unsaved deliveries the notification should have (none for an inactive user)."""
    user = notification.recipient
    if not user.is_active:
        return []
    kind = kind_registry.get(notification.kind)
    if kind is None:
        logger.warning("notification %s has an unregistered kind %r", notification.pk,
                       notification.kind)
        return []
    planned = []
    only = notification.only_channels or ()
    for name in preferences.chosen_channels(kind, preference):
        if name == channel_registry.INAPP or (only and name not in only):
            continue
        channel = channel_registry.get(name)
        if channel is None or not channel.available(user):
            continue
        planned.append(_delivery(notification, kind, preference, name, now))
    return planned


def plan(notification_ids, now):
    """Writes the deliveries of the notifications; returns the ids of those due now."""
    notifications = list(Notification.objects.filter(pk__in=notification_ids)
                         .select_related("recipient"))
    chosen = preferences.of_users({notification.recipient_id
                                   for notification in notifications})
    rows = [delivery for notification in notifications
            for delivery in deliveries_for(notification, chosen.get(notification.recipient_id),
                                           now)]
    if rows:
        Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return list(
        Delivery.objects.filter(notification_id__in=notification_ids,
                                status=Delivery.Status.QUEUED)
        .filter(Q(send_after__isnull=True) | Q(send_after__lte=now))
        .values_list("pk", flat=True)
    )
