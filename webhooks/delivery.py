"""Sending one delivery: claim it, sign the event's body with the endpoint's secret, POST
it, log the attempt, and decide what comes next.

- Exactly once per (event, endpoint): a delivery is sent only by the call whose conditional
  UPDATE moved it from waiting to sending, so a task that runs twice sends once.
- 2xx: delivered. A network error, a timeout, 5xx or 429: tried again after an exponential
  backoff (`WEBHOOKS_RETRY_BASE_SECONDS` × 2^(n-1), at most six hours), given up after
  `WEBHOOKS_MAX_ATTEMPTS` failed attempts in a row. Anything else (a redirect, 4xx) is given
  up at once: sending the same body again would get the same answer.
- An endpoint that has given up `WEBHOOKS_SWITCH_OFF_AFTER` deliveries in a row is switched
  off (webhooks/notices.py tells staff); one delivered resets the count.

The receiver gets `Idempotency-Key: <event id>` on every attempt and replay, to dedupe.
`transport` is the HTTP POST itself; the demo passes one that calls its receiver view
in-process (demo/webhooks.py), everything else sends over the network.
"""

import time
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.webhook_signatures import signed_headers
from webhooks import notices, payloads, subscriptions
from webhooks.models import DeliveryAttempt, DeliveryStatus, Endpoint, WebhookDelivery

RESPONSE_BODY_LIMIT = 2000
MAX_BACKOFF_SECONDS = 6 * 60 * 60
USER_AGENT = "Downline-Webhooks/1.0"
KIND_HEADER = "X-Downline-Event"
DELIVERY_HEADER = "X-Downline-Delivery"
IDEMPOTENCY_HEADER = "Idempotency-Key"
# A delivery claimed this long ago whose sender never finished (a worker that died) is
# waiting again (`release_stalled`).
STALLED_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Response:
    """What a POST came back with: a status and body, or the error that prevented one."""

    status_code: int | None = None
    body: str = ""
    error: str = ""


@dataclass(frozen=True)
class Outcome:
    status: str                  # the delivery's status after the attempt
    attempt: DeliveryAttempt
    retry_in: int | None = None  # seconds until the next attempt, when there is one


def post(url, body, headers, timeout):
    """POST `body` to `url` over the network, redirects not followed, the response body
    read only as far as the log keeps it."""
    try:
        with requests.post(url, data=body, headers=headers, timeout=timeout,
                           allow_redirects=False, stream=True) as response:
            content = response.raw.read(RESPONSE_BODY_LIMIT * 4, decode_content=True)
            return Response(response.status_code, content.decode("utf-8", "replace"))
    except requests.RequestException as error:
        return Response(error=f"{type(error).__name__}: {error}")


def backoff_seconds(failed_in_row):
    """The wait before the next attempt after `failed_in_row` failures (1 → the base)."""
    base = settings.WEBHOOKS_RETRY_BASE_SECONDS
    return min(base * 2 ** (failed_in_row - 1), MAX_BACKOFF_SECONDS)


def retryable(response):
    code = response.status_code
    return code is None or code == 429 or code >= 500


def claim(delivery_id, now):
    """Take the delivery for sending, if it is due, waiting and its endpoint active; True
    for exactly one caller."""
    # The conditions are on the row itself (the endpoint through a subquery, not a join): a
    # join makes Django update "WHERE id IN (SELECT …)", which PostgreSQL does not check
    # again against the row a concurrent claim just changed, so both claims would win.
    return bool(WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now,
        endpoint_id__in=Endpoint.objects.filter(active=True).values("pk"),
    ).update(status=DeliveryStatus.SENDING, claimed_at=now))


def headers_for(delivery, body):
    event = delivery.event
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        IDEMPOTENCY_HEADER: str(event.pk),
        KIND_HEADER: event.kind,
        DELIVERY_HEADER: str(delivery.pk),
        # Signed at the moment of sending (not `now`, which tests move), so a receiver
        # checking the timestamp against its clock accepts it.
        **signed_headers(delivery.endpoint.secret, body),
    }


def deliver(delivery_id, *, now=None, transport=post):
    """Send the delivery once if this call claims it; its Outcome, or None when it was not
    due or someone else has it."""
    now = now or timezone.now()
    if not claim(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
    body = payloads.body(delivery.event)
    started = time.monotonic()
    response = transport(delivery.endpoint.url, body, headers_for(delivery, body),
                         settings.WEBHOOKS_TIMEOUT_SECONDS)
    duration_ms = int((time.monotonic() - started) * 1000)
    return _record(delivery, response, duration_ms, now)


def _record(delivery, response, duration_ms, now):
    number = delivery.attempts + 1
    succeeded = response.status_code is not None and 200 <= response.status_code < 300
    failed_in_row = 0 if succeeded else delivery.failed_in_row + 1
    retry_in = None
    if succeeded:
        status = DeliveryStatus.DELIVERED
    elif retryable(response) and failed_in_row < settings.WEBHOOKS_MAX_ATTEMPTS:
        status = DeliveryStatus.PENDING
        retry_in = backoff_seconds(failed_in_row)
    else:
        status = DeliveryStatus.FAILED
    with transaction.atomic():
        attempt = DeliveryAttempt.objects.create(
            delivery=delivery, number=number, attempted_at=now,
            status_code=response.status_code, duration_ms=duration_ms,
            response_body=response.body[:RESPONSE_BODY_LIMIT], error=response.error[:2000],
        )
        WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
            status=status, attempts=number, failed_in_row=failed_in_row,
            last_status_code=response.status_code,
            delivered_at=now if succeeded else delivery.delivered_at,
            next_attempt_at=now + timedelta(seconds=retry_in or 0),
        )
        if succeeded:
            Endpoint.objects.filter(pk=delivery.endpoint_id, consecutive_failures__gt=0).update(
                consecutive_failures=0
            )
        elif status == DeliveryStatus.FAILED:
            _count_given_up(delivery.endpoint_id, now)
    return Outcome(status, attempt, retry_in)


def _count_given_up(endpoint_id, now):
    """One more delivery given up in a row; the endpoint is switched off at the limit (by
    one caller only: the UPDATE that finds it still active)."""
    Endpoint.objects.filter(pk=endpoint_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    switched_off = Endpoint.objects.filter(
        pk=endpoint_id, active=True,
        consecutive_failures__gte=settings.WEBHOOKS_SWITCH_OFF_AFTER,
    ).update(active=False, switched_off_at=now)
    if switched_off:
        subscriptions.forget()
        endpoint = Endpoint.objects.get(pk=endpoint_id)
        transaction.on_commit(lambda: notices.switched_off(endpoint))


def release_stalled(now=None):
    """Deliveries claimed long ago by a sender that never finished wait again (their
    attempt may or may not have reached the receiver, which dedupes by the event id)."""
    now = now or timezone.now()
    return WebhookDelivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - STALLED_AFTER
    ).update(status=DeliveryStatus.PENDING, next_attempt_at=now)


def due(now=None, limit=500):
    """The ids of the deliveries waiting whose time has come, oldest first."""
    now = now or timezone.now()
    return list(WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now, endpoint__active=True,
    ).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
