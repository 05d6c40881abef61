"""Reminders a day and an hour before an event, for everyone who said "going".

The beat task runs every few minutes; each run finds the answers whose event starts
within a window ahead of `now` and records a ReminderSent row per (answer, when) before
telling the notification centre (`signals.event_reminder_due`, after commit). The row is
unique in the database, so a run repeated, or two runs at once, tell each reminder once.

The windows overlap nothing: "day" covers events starting between 2 and 24 hours ahead
(an answer given the evening before still gets one), "hour" those starting within the
next hour. A run missed by a few minutes still finds what it missed.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from . import entries, signals
from .models import ReminderSent, ReminderWhen, Rsvp, RsvpStatus

WINDOWS = {
    ReminderWhen.DAY: (timedelta(hours=2), timedelta(hours=24)),
    ReminderWhen.HOUR: (timedelta(0), timedelta(hours=1)),
}


def due(when, now):
    """The "going" answers whose event starts in `when`'s window and were not reminded."""
    nearest, farthest = WINDOWS[when]
    start, end = now + nearest, now + farthest
    return (
        Rsvp.objects.filter(status=RsvpStatus.GOING)
        .filter(Q(company_event__starts_at__gt=start, company_event__starts_at__lte=end,
                  company_event__live=True)
                | Q(team_event__starts_at__gt=start, team_event__starts_at__lte=end))
        .exclude(reminders__when=when)
        .select_related("user", "company_event", "team_event")
        .order_by("pk")
    )


def send_due(now=None):
    """Record and send every reminder due at `now`; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for when in WINDOWS:
        for rsvp in due(when, now).iterator(chunk_size=500):
            if _record(rsvp, when, now):
                sent += 1
    return sent


def _record(rsvp, when, now):
    try:
        with transaction.atomic():
            ReminderSent.objects.create(rsvp=rsvp, when=when, sent_at=now)
            transaction.on_commit(lambda: _send(rsvp, when))
    except IntegrityError:
        return False  # another run recorded it first
    return True


def _send(rsvp, when):
    event = entries.for_reader(rsvp.event, rsvp.user)
    signals.event_reminder_due.send(
        sender=type(rsvp.event), event=event, user=rsvp.user, when=str(when), rsvp=rsvp,
        facts=entries.facts(event), dedupe_key=f"event-reminder:{rsvp.pk}:{when}",
    )
