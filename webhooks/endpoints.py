"""What staff do to an endpoint beyond editing its fields: make its signing secret anew,
and switch it back on after it was switched off, which sends what waited meanwhile."""

from django.db import transaction
from django.utils import timezone

from webhooks import outbox
from webhooks.models import DeliveryStatus, new_secret


def rotate_secret(endpoint, *, now=None):
    """A new secret for `endpoint`, used from the next attempt on; returns it (staff see it
    once). The old one stops working at once: the receiver must be given the new one."""
    endpoint.secret = new_secret()
    endpoint.secret_rotated_at = now or timezone.now()
    endpoint.save(update_fields=["secret", "secret_rotated_at"])
    return endpoint.secret


def switch_on(endpoint):
    """Active again with a clean count of failures; the deliveries that waited while it was
    off are queued (each still sent once: the task claims it)."""
    with transaction.atomic():
        endpoint.active, endpoint.consecutive_failures, endpoint.switched_off_at = True, 0, None
        endpoint.save(update_fields=["active", "consecutive_failures", "switched_off_at"])
        outbox.queue(list(endpoint.deliveries.filter(status=DeliveryStatus.PENDING)
                          .values_list("pk", flat=True)))
