import hashlib
import hmac
import json
import time

import pytest

from orders import services as order_services
from orders.models import Order, WebhookEvent

URL = "/api/v1/orders/webhook/"
SECRET = "shop-secret-for-tests"


@pytest.fixture(autouse=True)
def shop_secret(settings):
    settings.SHOP_WEBHOOK_SECRET = SECRET


def deliver(client, event, *, secret=SECRET, timestamp=None, signature=None):
    raw = json.dumps(event).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    if signature is None:
        digest = hmac.new(secret.encode(), timestamp.encode() + b"." + raw, hashlib.sha256)
        signature = "sha256=" + digest.hexdigest()
    return client.post(URL, raw, content_type="application/json",
                       HTTP_X_DOWNLINE_SIGNATURE=signature, HTTP_X_DOWNLINE_TIMESTAMP=timestamp)


def paid_event(partner, event_id="evt-1", order_id="SHOP-100", status="paid"):
    return {"id": event_id, "order": {
        "id": order_id, "partner": partner.referral_code, "currency": "USD", "status": status,
        "lines": [{"sku": "SHAKE", "quantity": 1}],
    }}


def test_a_signed_event_creates_the_order(client, make_partner, catalogue):
    partner = make_partner()
    response = deliver(client, paid_event(partner))
    assert response.status_code == 200, response.json()
    order = Order.objects.get(external_id="SHOP-100")
    assert (order.partner, order.status, order.source) == (partner, "paid", "webhook")
    assert str(order.volume) == "25.50"


def test_a_later_event_updates_the_same_order_and_a_refund_is_announced(
        client, make_partner, catalogue):
    partner = make_partner()
    refunds = []

    def on_refund(sender, order, **kwargs):
        refunds.append(order.external_id)

    order_services.order_refunded.connect(on_refund)
    try:
        assert deliver(client, paid_event(partner)).status_code == 200
        refund = {"id": "evt-2", "order": {"id": "SHOP-100", "status": "refunded"}}
        assert deliver(client, refund).status_code == 200
    finally:
        order_services.order_refunded.disconnect(on_refund)
    order = Order.objects.get()
    assert order.status == "refunded" and order.refunded_at is not None
    assert refunds == ["SHOP-100"]


def test_a_bad_signature_is_refused(client, make_partner, catalogue):
    partner = make_partner()
    assert deliver(client, paid_event(partner), secret="guessed").status_code == 401
    assert deliver(client, paid_event(partner), signature="sha256=00").status_code == 401
    assert deliver(client, paid_event(partner), signature="").status_code == 401
    assert not Order.objects.exists() and not WebhookEvent.objects.exists()


def test_a_tampered_body_is_refused(client, make_partner, catalogue):
    partner = make_partner()
    timestamp = str(int(time.time()))
    raw = json.dumps(paid_event(partner)).encode()
    digest = hmac.new(SECRET.encode(), timestamp.encode() + b"." + raw, hashlib.sha256)
    tampered = raw.replace(b'"quantity": 1', b'"quantity": 9')
    response = client.post(URL, tampered, content_type="application/json",
                           HTTP_X_DOWNLINE_SIGNATURE="sha256=" + digest.hexdigest(),
                           HTTP_X_DOWNLINE_TIMESTAMP=timestamp)
    assert response.status_code == 401
    assert not Order.objects.exists()


def test_a_stale_timestamp_is_refused(client, make_partner, catalogue):
    partner = make_partner()
    response = deliver(client, paid_event(partner), timestamp=int(time.time()) - 6 * 60)
    assert response.status_code == 401
    assert response.json()["code"] == "stale_timestamp"
    assert deliver(client, paid_event(partner),
                   timestamp=int(time.time()) - 4 * 60).status_code == 200


def test_a_replay_is_refused(client, make_partner, catalogue):
    partner = make_partner()
    event = paid_event(partner)
    timestamp = int(time.time())
    assert deliver(client, event, timestamp=timestamp).status_code == 200
    # The very same delivery again, and the same event signed afresh.
    assert deliver(client, event, timestamp=timestamp).status_code == 409
    assert deliver(client, event, timestamp=timestamp + 1).status_code == 409
    assert Order.objects.count() == 1 and WebhookEvent.objects.count() == 1


def test_without_a_configured_secret_every_event_is_refused(client, settings, make_partner,
                                                             catalogue):
    settings.SHOP_WEBHOOK_SECRET = ""
    assert deliver(client, paid_event(make_partner()), secret="").status_code == 401


def test_an_invalid_event_writes_nothing_and_may_be_sent_again(client, make_partner,
                                                               catalogue):
    partner = make_partner()
    event = paid_event(partner)
    event["order"]["lines"] = [{"sku": "GHOST", "quantity": 1}]
    response = deliver(client, event)
    assert response.status_code == 400
    assert response.json()["errors"] == {"lines": ["Line 1: unknown SKU “GHOST”."]}
    assert not WebhookEvent.objects.exists()
    assert deliver(client, paid_event(partner)).status_code == 200
