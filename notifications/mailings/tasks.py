"""Fanning a team mailing or a company announcement out to its recipients.

The first task reads the recipients once (a team mailing's from the sender's downline at
the moment it goes out) and enqueues them in chunks; each chunk is notified on the
channels the sender chose (fanout.team_chunk) and the chunk task is rate-limited, so a
big team is written to at a steady pace rather than all at once. Every notification
carries the message's dedupe key, so a task that runs twice (at-least-once Celery)
notifies nobody twice.
"""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import fanout, segments
from .kinds import ANNOUNCEMENT, TEAM_MAILING
from .models import Announcement, SendingState, TeamMailing

TEAM_CHUNK = 500
# At most this many chunks a minute per worker: 15,000 team members a minute.
TEAM_RATE = "30/m"


def _chunks(ids, size):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


@shared_task(acks_late=True, ignore_result=True)
def send_team_mailing(mailing_id):
    """Reads the mailing's recipients and enqueues their chunks; marks it sent."""
    mailing = TeamMailing.objects.select_related("sender__user").filter(pk=mailing_id).first()
    if mailing is None or mailing.state == SendingState.SENT:
        return
    TeamMailing.objects.filter(pk=mailing.pk, state=SendingState.QUEUED).update(
        state=SendingState.SENDING)
    recipients = segments.team_recipient_ids(mailing.sender, mailing)
    with transaction.atomic():
        for chunk in _chunks(recipients, TEAM_CHUNK):
            send_team_mailing_chunk.delay_on_commit(mailing.pk, chunk)
        TeamMailing.objects.filter(pk=mailing.pk).update(
            state=SendingState.SENT, sent_at=timezone.now(), recipient_count=len(recipients))


@shared_task(acks_late=True, ignore_result=True, rate_limit=TEAM_RATE)
def send_team_mailing_chunk(mailing_id, user_ids):
    """One chunk of recipients, on the channels the sender chose (fanout.team_chunk)."""
    mailing = TeamMailing.objects.filter(pk=mailing_id).only("pk", "channels").first()
    if mailing is None:
        return 0
    return fanout.team_chunk(mailing, TEAM_MAILING, user_ids)


@shared_task(acks_late=True, ignore_result=True)
def send_announcement(announcement_id):
    """Fans the announcement out to its segment (fanout.announce: set-based on
    PostgreSQL, notify_many in batches elsewhere); marks it sent with the count."""
    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is None or announcement.state == SendingState.SENT:
        return
    Announcement.objects.filter(pk=announcement.pk).update(state=SendingState.SENDING)
    fanout.announce(announcement, ANNOUNCEMENT, url=announcement.url)
    Announcement.objects.filter(pk=announcement.pk).update(
        state=SendingState.SENT, sent_at=timezone.now(),
        recipient_count=segments.announcement_count(announcement))
