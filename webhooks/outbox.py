"""What goes out: a domain event recorded as a WebhookEvent with one delivery per endpoint
subscribed to its kind, queued once the transaction that caused it commits; and the
replays staff ask for in the admin.

Recording happens inside the caller's transaction (an order paid and its event commit or
roll back together) and costs nothing when no endpoint wants the kind: the subscriptions
are cached. A failure to record is logged and never undoes the change that caused it.
"""

import logging
import uuid

from django.db import DatabaseError, transaction
from django.utils import timezone

from webhooks import payloads, subscriptions, tasks
from webhooks.models import DeliveryStatus, Endpoint, WebhookDelivery, WebhookEvent

logger = logging.getLogger(__name__)
BATCH = 500


def record(kind, instance, *, now=None, enqueue=True):
    """Record the event `kind` about `instance` for the endpoints that want it; the
    WebhookEvent, or None when no active endpoint subscribes to the kind."""
    events = record_many(kind, [instance], now=now, enqueue=enqueue)
    return events[0] if events else None


def record_many(kind, instances, *, now=None, enqueue=True):
    """One event per instance (a posted run's bonuses: one per partner), in batches."""
    if not subscriptions.endpoints_for(kind):
        return []
    events = []
    instances = list(instances)
    for start in range(0, len(instances), BATCH):
        try:
            with transaction.atomic():
                events += _record_batch(kind, instances[start:start + BATCH], now, enqueue)
        except DatabaseError:
            logger.exception("Could not record %s webhook events.", kind)
    return events


def _record_batch(kind, instances, now, enqueue):
    # The cache only says whether anyone listens; who does is read now, so an endpoint
    # deleted or switched off a moment ago gets nothing.
    endpoint_ids = list(Endpoint.objects.filter(
        pk__in=subscriptions.endpoints_for(kind), active=True,
    ).values_list("pk", flat=True))
    if not endpoint_ids:
        return []
    created = now or timezone.now()
    events = []
    for instance in instances:
        event_id = uuid.uuid4()
        payload = payloads.envelope(event_id, kind, created, payloads.data(kind, instance))
        events.append(WebhookEvent(id=event_id, kind=kind, payload=payload, created_at=created))
    WebhookEvent.objects.bulk_create(events)
    deliveries = WebhookDelivery.objects.bulk_create([
        WebhookDelivery(event=event, endpoint_id=endpoint_id, next_attempt_at=created,
                        created_at=created)
        for event in events for endpoint_id in endpoint_ids
    ])
    if enqueue:
        queue([delivery.pk for delivery in deliveries])
    return events


def queue(delivery_ids):
    """Send these deliveries once the current transaction commits (each its own task)."""
    def send():
        for delivery_id in delivery_ids:
            tasks.deliver.delay(delivery_id)

    if delivery_ids:
        transaction.on_commit(send)


def replay(delivery, *, now=None):
    """Send a finished delivery (delivered or given up) again, as a new attempt with a full
    set of retries; False when it is still waiting or being sent."""
    now = now or timezone.now()
    replayed = WebhookDelivery.objects.filter(
        pk=delivery.pk, status__in=[DeliveryStatus.DELIVERED, DeliveryStatus.FAILED],
    ).update(status=DeliveryStatus.PENDING, failed_in_row=0, next_attempt_at=now)
    if replayed:
        queue([delivery.pk])
    return bool(replayed)


def resend(event, *, now=None):
    """Send `event` again to every active endpoint now subscribed to its kind: a delivery
    for an endpoint that had none, a replay of each finished one. The number queued."""
    now = now or timezone.now()
    with transaction.atomic():
        wanting = Endpoint.objects.filter(
            pk__in=subscriptions.endpoints_for(event.kind), active=True
        ).values_list("pk", flat=True)
        have = set(event.deliveries.values_list("endpoint_id", flat=True))
        new = WebhookDelivery.objects.bulk_create(
            [WebhookDelivery(event=event, endpoint_id=pk, next_attempt_at=now, created_at=now)
             for pk in wanting if pk not in have],
            ignore_conflicts=True,
        )
        # ignore_conflicts returns no ids: read back what exists now.
        new_ids = list(event.deliveries.filter(
            endpoint_id__in=[delivery.endpoint_id for delivery in new],
            status=DeliveryStatus.PENDING, attempts=0,
        ).values_list("pk", flat=True))
        queue(new_ids)
        replayed = sum(replay(delivery, now=now) for delivery in event.deliveries.filter(
            status__in=[DeliveryStatus.DELIVERED, DeliveryStatus.FAILED],
            endpoint__active=True,
        ))
    return len(new_ids) + replayed
