"""The webhooks in the OpenAPI schema (a documented body per kind), and the demo's own
receiver: there only in the demo, checking signatures and spotting repeats."""

import json
import time

import pytest
from rest_framework.test import APIClient

from core.webhook_signatures import signed_headers
from demo.webhooks import in_process
from webhooks import delivery, outbox
from webhooks.models import EventKind

pytestmark = pytest.mark.django_db
RECEIVER = "/webhooks/demo-receiver/"


def test_the_schema_documents_a_body_for_every_kind():
    schema = APIClient().get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    assert schema["openapi"].startswith("3.1")
    assert set(schema["webhooks"]) == set(EventKind.values)
    components = schema["components"]["schemas"]
    for operation in schema["webhooks"].values():
        body = operation["post"]["requestBody"]["content"]["application/json"]["schema"]
        envelope = components[body["$ref"].rsplit("/", 1)[1]]
        assert {"id", "kind", "created", "data"} <= set(envelope["properties"])
        assert "Idempotency-Key" in operation["post"]["description"]
        assert "X-Downline-Signature" in operation["post"]["description"]
    order = components["OrderPayload"]["properties"]
    assert {"total", "currency", "lines", "partner", "status"} <= set(order)
    assert components["BonusPostedPayload"]["properties"]["bonuses"]["type"] == "object"


def signed_post(client, secret, event, timestamp=None, **kwargs):
    body = json.dumps(event).encode()
    headers = signed_headers(secret, body, now=timestamp)
    return client.post(RECEIVER, body, content_type="application/json", headers={
        **headers, "Idempotency-Key": event["id"],
    }, **kwargs)


@pytest.fixture
def demo_endpoint(make_endpoint, settings):
    settings.WEBHOOKS_DEMO_RECEIVER = True
    return make_endpoint(url="http://127.0.0.1:8000" + RECEIVER, name="Demo CRM")


def test_the_receiver_is_not_there_outside_the_demo(client, home, demo_endpoint, settings):
    settings.WEBHOOKS_DEMO_RECEIVER = False
    response = signed_post(client, demo_endpoint.secret, {"id": "e1", "kind": "order.paid"},
                           follow=True)
    assert response.status_code == 404


def test_the_receiver_takes_a_signed_event_once(client, demo_endpoint):
    event = {"id": "e1", "kind": "order.paid"}
    first = signed_post(client, demo_endpoint.secret, event)
    assert first.status_code == 200
    assert first.json() == {"received": "e1", "kind": "order.paid", "duplicate": False}
    assert signed_post(client, demo_endpoint.secret, event).json()["duplicate"] is True


def test_the_receiver_refuses_a_wrong_or_stale_signature(client, demo_endpoint):
    event = {"id": "e2", "kind": "order.paid"}
    assert signed_post(client, "whsec_wrong", event).status_code == 401
    stale = time.time() - 3600
    assert signed_post(client, demo_endpoint.secret, event, timestamp=stale).status_code == 401


def test_a_delivery_to_the_receiver_in_process_goes_through_the_same_path(
    client, demo_endpoint, make_partner
):
    """What the demo's seed does: the delivery code signs and logs as always; only the
    POST is made by Django's test client instead of over the network."""
    partner = make_partner(email="new@example.com")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outbox, "queue", lambda ids: None)
        event = outbox.record(EventKind.PARTNER_ENROLLED, partner)
    sent = event.deliveries.get()
    outcome = delivery.deliver(sent.pk, transport=in_process(client))
    assert outcome.status == "delivered"
    attempt = sent.attempt_log.get()
    assert attempt.status_code == 200
    assert json.loads(attempt.response_body)["received"] == str(sent.event_id)


def test_the_demo_registers_its_endpoint_after_the_seed_and_logs_real_deliveries(
    make_partner, catalogue, django_capture_on_commit_callbacks
):
    from demo.webhooks import NAME, seed_webhooks
    from orders import services as order_services
    from webhooks.models import DeliveryStatus, Endpoint

    sponsor = make_partner(email="anna@example.com")
    make_partner(sponsor=sponsor, email="new@example.com")
    order_services.create_order(sponsor, [{"sku": "SHAKE", "quantity": 1}], "USD",
                                status="paid")

    class Seed:
        base_url = "http://127.0.0.1:8000"

    with django_capture_on_commit_callbacks(execute=False) as later:
        seed_webhooks(Seed())
    assert not Endpoint.objects.exists()  # not before the seed has committed
    for callback in later:
        callback()
    endpoint = Endpoint.objects.get(name=NAME)
    assert endpoint.url == "http://127.0.0.1:8000/webhooks/demo-receiver/"
    deliveries = list(endpoint.deliveries.select_related("event"))
    assert {each.event.kind for each in deliveries} == {"partner.enrolled", "order.paid"}
    for each in deliveries:
        assert each.status == DeliveryStatus.DELIVERED
        answer = json.loads(each.attempt_log.get().response_body)
        assert answer == {"received": str(each.event_id), "kind": each.event.kind,
                          "duplicate": False}
    # A second seed leaves the endpoint and its log as they are.
    with django_capture_on_commit_callbacks(execute=True):
        seed_webhooks(Seed())
    assert Endpoint.objects.count() == 1 and endpoint.deliveries.count() == len(deliveries)
