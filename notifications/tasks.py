"""The Celery work of the notification centre; every task is idempotent.

Enqueueing never fails the caller: a broker that is down (or, with eager Celery, a channel
that raises) is logged and the sweeper (`release_due`, every minute) picks the work up
from the rows, which are the truth.
"""

import logging
from datetime import datetime

from celery import shared_task
from django.utils import timezone

from notifications import delivery, planning

logger = logging.getLogger(__name__)

SEND_CHUNK = 200


def _moment(value):
    if value is None:
        return timezone.now()
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def _iso(now):
    return now.isoformat() if now is not None else None


def enqueue(task, *args, **options):
    """task.apply_async(args, **options), logging instead of raising on any failure."""
    try:
        task.apply_async(args, **options)
    except Exception:
        logger.exception("enqueueing %s%r", task.name, args)
        return False
    return True


def enqueue_planning(notification_ids, now=None):
    return enqueue(plan_deliveries, list(notification_ids), _iso(now))


def enqueue_sending(delivery_ids, now=None):
    """`now` only when a caller (a test, a replay) fixed the moment; else each send task
    reads the clock when it runs."""
    delivery_ids = list(delivery_ids)
    if len(delivery_ids) == 1:
        enqueue(send_delivery, delivery_ids[0], _iso(now))
        return
    for start in range(0, len(delivery_ids), SEND_CHUNK):
        enqueue(send_deliveries, delivery_ids[start:start + SEND_CHUNK], _iso(now))


def _send(delivery_id, now):
    outcome = delivery.send(delivery_id, now)
    if outcome is not None and outcome.retry_at is not None:
        # Runs at retry_at on a worker; eager Celery runs it at once, finds it not yet due
        # and leaves it to the sweeper.
        enqueue(send_delivery, delivery_id, None, eta=outcome.retry_at)
    return outcome.status if outcome is not None else None


@shared_task(acks_late=True, ignore_result=True)
def plan_deliveries(notification_ids, now=None):
    fixed = _moment(now) if now is not None else None
    enqueue_sending(planning.plan(notification_ids, fixed or timezone.now()), fixed)


@shared_task(acks_late=True, ignore_result=True)
def send_delivery(delivery_id, now=None):
    return _send(delivery_id, _moment(now))


@shared_task(acks_late=True, ignore_result=True)
def send_deliveries(delivery_ids, now=None):
    now = _moment(now)
    for delivery_id in delivery_ids:
        try:
            _send(delivery_id, now)
        except Exception:  # one row's trouble must not stop the chunk
            logger.exception("sending delivery %s", delivery_id)


@shared_task(acks_late=True, ignore_result=True)
def release_due(now=None):
    fixed = _moment(now) if now is not None else None
    enqueue_sending(delivery.release_due(fixed or timezone.now()), fixed)
