"""Celery tasks of the landings; each is idempotent (at-least-once delivery)."""

from celery import shared_task

from . import visits as landing_visits


@shared_task(acks_late=True)
def write_visits(visits):
    """Write a batch of landing visits (landing/visits.py); a batch delivered twice is
    written once, as its visits are within their own dedup window."""
    return landing_visits.write(visits)
