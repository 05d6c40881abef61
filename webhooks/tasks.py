"""Celery tasks of the outgoing webhooks; each is idempotent (at-least-once delivery): a
delivery is sent only by the task that claims it (webhooks/delivery.py)."""

from celery import shared_task

from webhooks import delivery


@shared_task(acks_late=True)
def deliver(delivery_id):
    """Send one delivery if it is due; a failure that may pass is tried again after its
    backoff (and, should that task be lost, by `deliver_due`)."""
    outcome = delivery.deliver(delivery_id)
    if outcome is not None and outcome.retry_in is not None:
        deliver.apply_async((delivery_id,), countdown=outcome.retry_in)
    return outcome.status if outcome is not None else None


@shared_task(acks_late=True)
def deliver_due():
    """Every minute (beat): deliveries whose next attempt is due, and those a dead worker
    left half-sent, are sent."""
    delivery.release_stalled()
    sent = 0
    for delivery_id in delivery.due():
        sent += delivery.deliver(delivery_id) is not None
    return sent
