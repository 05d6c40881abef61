"""Company announcements: staff write one in the Wagtail admin, see how many partners it
will reach, and send it; a Celery task fans it out with `notify_many` in batches
(tasks.send_announcement). An announcement is sent once: the state moves from draft to
queued by a conditional UPDATE, so a second click (or a second staff member) queues
nothing.
"""

from django.db import transaction
from django.utils import timezone

from . import segments
from .models import Announcement, SendingState


def recipient_count(announcement):
    return segments.announcement_count(announcement)


def send(announcement, sent_by=None, now=None):
    """Queues the announcement's fan-out after commit; False when it was already sent or
    queued."""
    from . import tasks

    now = now or timezone.now()
    with transaction.atomic():
        claimed = Announcement.objects.filter(
            pk=announcement.pk, state=SendingState.DRAFT,
        ).update(state=SendingState.QUEUED, sent_by=sent_by, sent_at=now,
                 recipient_count=recipient_count(announcement))
        if claimed:
            tasks.send_announcement.delay_on_commit(announcement.pk)
    announcement.refresh_from_db()
    return bool(claimed)
