"""Sending one delivery exactly once, with retries and a visible failure.

A delivery is claimed by a conditional UPDATE (queued and due → sending, attempts + 1);
a second task for the same row finds nothing to claim, so a task run twice (at-least-once
Celery, a sweeper re-enqueueing, two workers at once) sends once. The channel's Retry
puts the row back to queued with an exponential backoff until MAX_ATTEMPTS, then marks it
failed; Failed (or any error after the last attempt) marks it failed with the error for
staff. The sweeper (release_due) releases rows held for quiet hours and picks up rows
whose enqueueing was lost or whose worker died mid-send.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q

from notifications import channels as channel_registry
from notifications import kinds as kind_registry
from notifications import preferences, rendering
from notifications.models import Delivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 5)
BACKOFF = timedelta(seconds=getattr(settings, "NOTIFICATIONS_BACKOFF_SECONDS", 60))
# A queued row untouched this long lost its task; a row sending this long lost its worker.
LOST_AFTER = timedelta(minutes=5)
STUCK_AFTER = timedelta(minutes=30)
SWEEP_LIMIT = 5000


def backoff(attempts):
    """1, 2, 4, 8 … times BACKOFF after the 1st, 2nd, 3rd … failed attempt."""
    return BACKOFF * 2 ** max(attempts - 1, 0)


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_at: datetime | None = None


def claim(delivery_id, now):
    return Delivery.objects.filter(
        Q(send_after__isnull=True) | Q(send_after__lte=now),
        pk=delivery_id, status=Delivery.Status.QUEUED,
    ).update(status=Delivery.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now) == 1


def _finish(delivery, **fields):
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(**fields)


def _failed_attempt(delivery, error, now):
    if delivery.attempts >= MAX_ATTEMPTS:
        _finish(delivery, status=Delivery.Status.FAILED, last_error=error)
        return Outcome(Delivery.Status.FAILED)
    retry_at = now + backoff(delivery.attempts)
    _finish(delivery, status=Delivery.Status.QUEUED, send_after=retry_at, last_error=error)
    return Outcome(Delivery.Status.QUEUED, retry_at)


def _still_wanted(notification, channel_name):
    """Whether the recipient (still active) still has the channel on for the kind: an
    unsubscribe or a change of settings after planning (quiet hours, retries) wins."""
    if not notification.recipient.is_active:
        return False
    kind = kind_registry.get(notification.kind)
    if kind is None:
        return True
    return channel_name in preferences.chosen_channels(kind,
                                                       preferences.of(notification.recipient))


def send(delivery_id, now):
    """Sends the delivery if this call claims it; the Outcome, or None when not claimed."""
    if not claim(delivery_id, now):
        return None
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    notification = delivery.notification
    channel = channel_registry.get(delivery.channel)
    if channel is None:
        _finish(delivery, status=Delivery.Status.FAILED,
                last_error=f"the channel {delivery.channel!r} is not registered")
        return Outcome(Delivery.Status.FAILED)
    if not _still_wanted(notification, delivery.channel) or not channel.available(
            notification.recipient):
        _finish(delivery, status=Delivery.Status.SKIPPED)
        return Outcome(Delivery.Status.SKIPPED)
    try:
        channel.send(delivery, rendering.message(notification, channel.name))
    except channel_registry.Failed as error:
        _finish(delivery, status=Delivery.Status.FAILED, last_error=str(error) or repr(error))
        return Outcome(Delivery.Status.FAILED)
    except channel_registry.Retry as error:
        return _failed_attempt(delivery, str(error) or repr(error), now)
    except Exception as error:  # a channel's bug or outage must not stop the others
        logger.exception("sending delivery %s through %s", delivery.pk, delivery.channel)
        return _failed_attempt(delivery, f"{type(error).__name__}: {error}", now)
    _finish(delivery, status=Delivery.Status.SENT, sent_at=now, last_error="")
    return Outcome(Delivery.Status.SENT)


def release_due(now):
    """The ids to (re-)enqueue: held rows whose quiet hours ended, queued rows whose task
    was lost, and rows a dead worker left sending."""
    Status = Delivery.Status
    held = list(Delivery.objects.filter(status=Status.HELD, send_after__lte=now)
                .values_list("pk", flat=True)[:SWEEP_LIMIT])
    Delivery.objects.filter(pk__in=held, status=Status.HELD).update(status=Status.QUEUED)
    stuck = list(Delivery.objects.filter(status=Status.SENDING,
                                         claimed_at__lte=now - STUCK_AFTER)
                 .values_list("pk", flat=True)[:SWEEP_LIMIT])
    Delivery.objects.filter(pk__in=stuck, status=Status.SENDING).update(status=Status.QUEUED)
    lost = list(Delivery.objects.filter(status=Status.QUEUED).filter(
        Q(send_after__lte=now - LOST_AFTER)
        | Q(send_after__isnull=True, created_at__lte=now - LOST_AFTER))
        .values_list("pk", flat=True)[:SWEEP_LIMIT])
    return list(dict.fromkeys(held + stuck + lost))


def retry(delivery_ids, now):
    """Staff's retry: failed (or skipped) deliveries go back to the queue with fresh
    attempts. Returns the ids requeued."""
    ids = list(Delivery.objects.filter(
        pk__in=delivery_ids, status__in=[Delivery.Status.FAILED, Delivery.Status.SKIPPED],
    ).values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.QUEUED, attempts=0,
                                               send_after=now)
    return ids
