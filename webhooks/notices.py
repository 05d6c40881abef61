"""Telling staff an endpoint was switched off after repeated failed deliveries: the log
says so at once, the admin shows every switched-off endpoint on its dashboard and above
the endpoints' list until someone switches it back on (webhooks/wagtail_hooks.py), and
`endpoint_switched_off` is sent for anyone else who should tell them."""

import logging

from webhooks.models import Endpoint
from webhooks.signals import endpoint_switched_off

logger = logging.getLogger(__name__)


def switched_off(endpoint):
    logger.warning(
        "Webhook endpoint %s (%s) was switched off after %s failed deliveries in a row.",
        endpoint.pk, endpoint.url, endpoint.consecutive_failures,
    )
    endpoint_switched_off.send(sender=Endpoint, endpoint=endpoint)


def switched_off_endpoints():
    """The endpoints switched off automatically and not switched on again since."""
    return list(Endpoint.objects.filter(active=False, switched_off_at__isnull=False))
