"""The sequence engine's Celery work: the periodic pass (beat, every few minutes) and the
entry of partners an event just fired for. Both are idempotent (engine.py)."""

from datetime import datetime

from celery import shared_task

from . import engine


@shared_task(acks_late=True)
def run_sequences(now=None):
    return engine.run(now=datetime.fromisoformat(now) if now else None)


@shared_task(acks_late=True)
def enter_event(trigger, partner_ids, triggered_at, rank=""):
    return engine.enter_event(trigger, partner_ids, datetime.fromisoformat(triggered_at),
                              rank=rank)
