"""Delivering an event: signed as the receiver can check with its own HMAC, retried with
an exponential backoff on 5xx, 429 and network errors, given up after the attempts allowed,
sent once however many times its task runs, and the endpoint switched off (staff told)
after repeated failure."""

import hashlib
import hmac
import json
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.helpers import require_postgresql, run_at_once
from webhooks import delivery, outbox, tasks
from webhooks.models import DeliveryStatus, Endpoint, EventKind, WebhookDelivery
from webhooks.signals import endpoint_switched_off

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(make_partner):
    return make_partner(email="new@example.com")


def record(partner, capture):
    with capture(execute=True):
        return outbox.record(EventKind.PARTNER_ENROLLED, partner)


def test_the_request_is_signed_with_the_endpoints_secret_over_timestamp_and_body(
    partner, make_endpoint, receiver, django_capture_on_commit_callbacks
):
    endpoint = make_endpoint()
    event = record(partner, django_capture_on_commit_callbacks)
    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    timestamp = headers["X-Downline-Timestamp"]
    mac = hmac.new(endpoint.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    assert headers["X-Downline-Signature"] == "sha256=" + mac.hexdigest()
    assert abs(int(timestamp) - timezone.now().timestamp()) < 60
    # The receiver dedupes by the event id: in the header and the body alike.
    assert headers["Idempotency-Key"] == str(event.pk) == json.loads(body)["id"]
    assert headers["X-Downline-Event"] == "partner.enrolled"
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == event.payload
    # A different secret does not produce that signature.
    other = hmac.new(b"whsec_other", f"{timestamp}.".encode() + body, hashlib.sha256)
    assert headers["X-Downline-Signature"] != "sha256=" + other.hexdigest()


def test_a_server_error_is_retried_with_backoff_until_it_is_taken(
    partner, make_endpoint, receiver, quick_retries, django_capture_on_commit_callbacks
):
    make_endpoint()
    receiver.answers = [500, 503]
    started = timezone.now()
    record(partner, django_capture_on_commit_callbacks)
    sent = WebhookDelivery.objects.get()
    assert sent.status == DeliveryStatus.PENDING and sent.attempts == 1
    first_wait = sent.next_attempt_at - sent.attempt_log.get().attempted_at
    assert first_wait == timedelta(seconds=30)

    # Not due yet: nothing is sent.
    assert delivery.deliver(sent.pk, now=sent.next_attempt_at - timedelta(seconds=1)) is None
    assert len(receiver.requests) == 1

    second = delivery.deliver(sent.pk, now=sent.next_attempt_at)
    assert second.status == DeliveryStatus.PENDING and second.retry_in == 60  # doubled
    sent.refresh_from_db()
    third = delivery.deliver(sent.pk, now=sent.next_attempt_at)
    assert third.status == DeliveryStatus.DELIVERED
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.DELIVERED and sent.delivered_at >= started
    log = list(sent.attempt_log.order_by("number"))
    assert [attempt.status_code for attempt in log] == [500, 503, 200]
    assert all(attempt.duration_ms >= 0 for attempt in log)
    assert '"status": 200' in log[-1].response_body
    assert len({request["headers"]["Idempotency-Key"] for request in receiver.requests}) == 1


def test_the_periodic_task_sends_what_is_due(
    partner, make_endpoint, receiver, quick_retries, django_capture_on_commit_callbacks
):
    make_endpoint()
    receiver.answers = [429]
    record(partner, django_capture_on_commit_callbacks)
    sent = WebhookDelivery.objects.get()
    assert sent.status == DeliveryStatus.PENDING and sent.last_status_code == 429
    WebhookDelivery.objects.filter(pk=sent.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert tasks.deliver_due.delay().get() == 1
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.DELIVERED and sent.attempts == 2


def test_a_network_error_is_logged_and_retried(
    partner, make_endpoint, quick_retries, django_capture_on_commit_callbacks
):
    make_endpoint(url="http://127.0.0.1:9/nothing-listens")
    record(partner, django_capture_on_commit_callbacks)
    sent = WebhookDelivery.objects.get()
    attempt = sent.attempt_log.get()
    assert attempt.status_code is None and "ConnectionError" in attempt.error
    assert sent.status == DeliveryStatus.PENDING


def test_it_is_given_up_after_the_attempts_allowed(
    partner, make_endpoint, receiver, quick_retries, django_capture_on_commit_callbacks
):
    quick_retries.WEBHOOKS_MAX_ATTEMPTS = 3
    endpoint = make_endpoint()
    receiver.answers = [500] * 10
    record(partner, django_capture_on_commit_callbacks)
    sent = WebhookDelivery.objects.get()
    for _ in range(5):
        sent.refresh_from_db()
        delivery.deliver(sent.pk, now=sent.next_attempt_at)
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.FAILED and sent.attempts == 3
    assert len(receiver.requests) == 3
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 1 and endpoint.active


def test_a_client_error_is_given_up_at_once(
    partner, make_endpoint, receiver, quick_retries, django_capture_on_commit_callbacks
):
    make_endpoint()
    receiver.answers = [410]
    record(partner, django_capture_on_commit_callbacks)
    sent = WebhookDelivery.objects.get()
    assert sent.status == DeliveryStatus.FAILED and sent.attempts == 1


def test_a_task_run_twice_sends_once(
    partner, make_endpoint, receiver, django_capture_on_commit_callbacks
):
    make_endpoint()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        outbox.record(EventKind.PARTNER_ENROLLED, partner)
    sent = WebhookDelivery.objects.get()
    for callback in queued:   # the broker hands the task over...
        callback()
    tasks.deliver.delay(sent.pk)  # ...and again (at least once)
    tasks.deliver(sent.pk)
    assert len(receiver.requests) == 1
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.DELIVERED and sent.attempt_log.count() == 1


def test_a_delivery_claimed_by_one_sender_is_not_sent_by_another(partner, make_endpoint,
                                                                   receiver):
    make_endpoint()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outbox, "queue", lambda ids: None)
        outbox.record(EventKind.PARTNER_ENROLLED, partner)
    sent = WebhookDelivery.objects.get()
    now = timezone.now()
    assert delivery.claim(sent.pk, now) is True
    assert delivery.claim(sent.pk, now) is False
    assert delivery.deliver(sent.pk, now=now) is None
    assert receiver.requests == []
    # A sender that died mid-way: its claim is released after a while and the delivery is
    # sent (the receiver dedupes by the Idempotency-Key should the first one have arrived).
    later = now + delivery.STALLED_AFTER + timedelta(seconds=1)
    assert delivery.release_stalled(now=later) == 1
    assert delivery.deliver(sent.pk, now=later).status == DeliveryStatus.DELIVERED


def test_an_endpoint_failing_again_and_again_is_switched_off_and_staff_are_told(
    make_partner, make_endpoint, receiver, quick_retries, caplog,
    django_capture_on_commit_callbacks,
):
    quick_retries.WEBHOOKS_MAX_ATTEMPTS = 1
    quick_retries.WEBHOOKS_SWITCH_OFF_AFTER = 2
    first, second, third = (make_partner(email=f"p{n}@example.com") for n in range(3))
    endpoint = make_endpoint()
    receiver.answers = [500] * 10
    told = []
    endpoint_switched_off.connect(lambda sender, endpoint, **kw: told.append(endpoint.pk),
                                  weak=False, dispatch_uid="test-told")
    try:
        with caplog.at_level(logging.WARNING, logger="webhooks.notices"):
            record(first, django_capture_on_commit_callbacks)
            endpoint.refresh_from_db()
            assert endpoint.active and endpoint.consecutive_failures == 1
            record(second, django_capture_on_commit_callbacks)
    finally:
        endpoint_switched_off.disconnect(dispatch_uid="test-told")
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.switched_off_at is not None
    assert told == [endpoint.pk]
    assert "switched off" in caplog.text and endpoint.url in caplog.text
    # Switched off: a new event is not sent to it.
    assert record(third, django_capture_on_commit_callbacks) is None
    assert len(receiver.requests) == 2


def test_a_success_resets_the_failures_in_a_row(
    make_partner, make_endpoint, receiver, quick_retries, django_capture_on_commit_callbacks
):
    quick_retries.WEBHOOKS_MAX_ATTEMPTS = 1
    endpoint = make_endpoint()
    receiver.answers = [500, 200]
    record(make_partner(email="a@example.com"), django_capture_on_commit_callbacks)
    assert Endpoint.objects.get().consecutive_failures == 1
    record(make_partner(email="b@example.com"), django_capture_on_commit_callbacks)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_running_the_task_at_once_send_once(make_partner, make_endpoint, receiver):
    require_postgresql("concurrent claims need the database's row locks")
    partner = make_partner(email="new@example.com")
    make_endpoint()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outbox, "queue", lambda ids: None)
        event = outbox.record(EventKind.PARTNER_ENROLLED, partner)
    sent = event.deliveries.get()
    results, errors = run_at_once([lambda: tasks.deliver(sent.pk)] * 2)
    assert errors == [None, None]
    assert sorted(results, key=str) == [None, DeliveryStatus.DELIVERED]
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().attempt_log.count() == 1
