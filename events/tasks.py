"""Celery tasks of the calendar; each is idempotent (at-least-once delivery)."""

from celery import shared_task
from django.utils.dateparse import parse_datetime

from events import reminders


@shared_task(acks_late=True)
def send_event_reminders(now=None):
    """The beat's reminders run; `now` (ISO 8601 or a datetime) is for tests and replays."""
    return reminders.send_due(parse_datetime(now) if isinstance(now, str) else now)
