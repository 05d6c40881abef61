"""The daily email digest: one mail a day instead of one per event, for those who ask.

A partner with `Preference.digest` gets their email deliveries planned as `digest` rather
than sent (notifications/planning.py; required kinds still go at once). Every hour the
beat task looks for people whose local time (their preference's time zone) is in
DIGEST_HOUR and who have deliveries waiting, and sends each of them one mail listing them,
newest first. Someone who turned the digest off again gets what still waits at the next
run, whatever the hour.

Exactly once: a digest claims its rows by a conditional UPDATE (digest → sending) inside a
transaction that skips rows another run has locked, and sends only what it claimed; a
second run, or the same task delivered twice, finds nothing left to claim. Sent, the rows
are marked sent; a temporary failure puts them back for the next run, a permanent one
marks them failed for staff to see.
"""

import logging
from datetime import datetime

from celery import shared_task
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import ngettext

from notifications import channels, email, preferences, rendering
from notifications.models import Delivery, Preference

logger = logging.getLogger(__name__)

DIGEST_HOUR = 8  # local time: the digest arrives with the morning
SHOWN = 50  # notifications listed in one digest; the rest are counted, with a link
CLAIM_LIMIT = 1000  # rows one digest takes at most (what is left goes the next day)
TEMPLATE = "notifications/email/digest"


def waiting_users(now):
    """The ids of users whose digest is due at `now`: deliveries waiting, and either their
    local hour is DIGEST_HOUR or they no longer want a digest."""
    user_ids = set(
        Delivery.objects.filter(status=Delivery.Status.DIGEST, channel=email.EMAIL)
        .values_list("notification__recipient_id", flat=True).distinct()
    )
    chosen = preferences.of_users(user_ids)
    due = []
    for user_id in sorted(user_ids):
        preference = chosen.get(user_id) or Preference()
        if not preference.digest or now.astimezone(preference.zone).hour == DIGEST_HOUR:
            due.append(user_id)
    return due


def claim(user_id, now):
    """The ids of the user's waiting digest deliveries this call took (digest → sending);
    a concurrent run skips rows locked here and finds them taken once this commits."""
    with transaction.atomic():
        waiting = Delivery.objects.filter(
            notification__recipient_id=user_id, channel=email.EMAIL,
            status=Delivery.Status.DIGEST,
        ).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            waiting = waiting.select_for_update(skip_locked=True, of=("self",))
        ids = list(waiting.values_list("pk", flat=True)[:CLAIM_LIMIT])
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.DIGEST).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return ids


def _finish(ids, **fields):
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING).update(**fields)


def compose(user, deliveries):
    """One mail listing the deliveries' notifications, newest first, in the user's
    language."""
    language = rendering.language_of(user)
    notifications = sorted((delivery.notification for delivery in deliveries),
                           key=lambda notification: (notification.created_at, notification.pk),
                           reverse=True)
    items = [rendering.message(notification, email.EMAIL) for notification in notifications]
    with translation.override(language):
        count = len(items)
        subject = ngettext("Your daily summary: %(count)s notification",
                           "Your daily summary: %(count)s notifications", count) % {
            "count": count}
        context = {
            **email.frame(user, language, None, [delivery.pk for delivery in deliveries]),
            "subject": subject, "items": items[:SHOWN], "more": max(count - SHOWN, 0),
            "list_url": email.absolute(email.localized_path(language, "notifications:list")),
        }
        return email.build(user, subject, TEMPLATE, context, context["unsubscribe_all_url"])


def send_digest(user_id, now):
    """Sends the user's digest if there is anything to claim; how many it listed."""
    ids = claim(user_id, now)
    if not ids:
        return 0
    deliveries = list(Delivery.objects.filter(pk__in=ids)
                      .select_related("notification__recipient"))
    user = deliveries[0].notification.recipient
    try:
        if not user.is_active:
            _finish(ids, status=Delivery.Status.SKIPPED)
            return 0
        email.check_address(user)
        email.deliver(compose(user, deliveries))
    except channels.Failed as error:
        _finish(ids, status=Delivery.Status.FAILED, last_error=str(error))
        return 0
    except Exception as error:  # Retry, or a bug: the rows wait for the next run
        if not isinstance(error, channels.Retry):
            logger.exception("sending the digest of user %s", user_id)
        _finish(ids, status=Delivery.Status.DIGEST, last_error=str(error) or repr(error))
        return 0
    _finish(ids, status=Delivery.Status.SENT, sent_at=now, last_error="")
    return len(ids)


def send_digests(now):
    """Every digest due at `now`; {user id: notifications listed} of those sent."""
    sent = {}
    for user_id in waiting_users(now):
        listed = send_digest(user_id, now)
        if listed:
            sent[user_id] = listed
    return sent


@shared_task(acks_late=True, ignore_result=True)
def send_daily_digests(now=None):
    send_digests(datetime.fromisoformat(now) if now else timezone.now())
