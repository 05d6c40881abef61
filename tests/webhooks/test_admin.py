"""Webhooks in the admin: who may register endpoints and read or replay the log (behind the
second factor like every admin screen), the secret shown once and made anew, replaying a
delivery and re-sending an event, and switched-off endpoints shown to staff until they are
switched on again."""

import re

import pytest
from django.test import Client

from tests.helpers import page, sign_in_to_admin, staff_with
from webhooks import delivery, outbox
from webhooks.models import DeliveryStatus, Endpoint, EventKind, WebhookDelivery

pytestmark = pytest.mark.django_db

ENDPOINTS = "/admin/webhooks/endpoints/"
DELIVERIES = "/admin/webhooks/deliveries/"


def admin(*codenames):
    return sign_in_to_admin(Client(), staff_with(*codenames))


@pytest.fixture
def manager():
    return admin("view_endpoint", "add_endpoint", "change_endpoint", "delete_endpoint",
                 "view_webhookdelivery", "change_webhookdelivery")


@pytest.fixture
def delivered(make_partner, make_endpoint, receiver, django_capture_on_commit_callbacks):
    partner = make_partner(email="new@example.com")
    make_endpoint([EventKind.PARTNER_ENROLLED])
    with django_capture_on_commit_callbacks(execute=True):
        outbox.record(EventKind.PARTNER_ENROLLED, partner)
    return WebhookDelivery.objects.get()


def test_staff_register_an_endpoint_and_see_its_secret_once(manager, receiver):
    form = page(manager.get(ENDPOINTS + "new/"))
    assert 'value="order.paid"' in form and "Rank reached" in form
    response = manager.post(ENDPOINTS + "new/", {
        "name": "Company CRM", "url": receiver.url,
        "kinds": ["order.paid", "partner.enrolled"], "active": "on",
    })
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == (
        f"{ENDPOINTS}{endpoint.pk}/secret/")
    assert endpoint.kinds == ["partner.enrolled", "order.paid"] and endpoint.active
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 40
    shown = page(manager.get(response["Location"]))
    assert endpoint.secret in shown
    again = manager.get(response["Location"])
    assert "no-store" in again["Cache-Control"]
    again = page(again)
    assert endpoint.secret not in again and endpoint.secret[-4:] in again
    listing = page(manager.get(ENDPOINTS))
    assert "Company CRM" in listing and endpoint.secret not in listing
    edit = page(manager.get(f"{ENDPOINTS}edit/{endpoint.pk}/"))
    assert f"{ENDPOINTS}{endpoint.pk}/secret/" in edit and endpoint.secret not in edit


def test_a_new_secret_replaces_the_old_one_and_is_shown_once(manager, make_endpoint):
    endpoint = make_endpoint()
    old = endpoint.secret
    response = manager.post(f"{ENDPOINTS}{endpoint.pk}/secret/")
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.secret in page(manager.get(response["Location"]))
    assert endpoint.secret not in page(manager.get(response["Location"]))


def test_plain_http_is_refused_where_local_http_is_not_allowed(manager, settings):
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = False
    response = manager.post(ENDPOINTS + "new/", {
        "name": "CRM", "url": "http://127.0.0.1:9000/hooks", "kinds": ["order.paid"],
    })
    assert response.status_code == 200
    assert "must start with https://" in response.content.decode()
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = True
    response = manager.post(ENDPOINTS + "new/", {
        "name": "CRM", "url": "http://crm.example.com/hooks", "kinds": ["order.paid"],
    })
    assert "must start with https://" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_who_may_do_what(make_endpoint, delivered):
    endpoint = Endpoint.objects.get()
    nobody = admin("view_partner")
    for url in (ENDPOINTS, ENDPOINTS + "new/", f"{ENDPOINTS}{endpoint.pk}/secret/",
                DELIVERIES, f"{DELIVERIES}{delivered.pk}/"):
        assert nobody.get(url).status_code in (302, 403), url

    reader = admin("view_endpoint", "view_webhookdelivery")
    assert endpoint.secret not in page(reader.get(ENDPOINTS))
    assert reader.get(ENDPOINTS + "new/").status_code in (302, 403)
    assert reader.get(f"{ENDPOINTS}{endpoint.pk}/secret/").status_code in (302, 403)
    assert reader.post(f"{ENDPOINTS}{endpoint.pk}/secret/").status_code in (302, 403)
    log = page(reader.get(f"{DELIVERIES}{delivered.pk}/"))
    assert "Send again" not in log
    assert reader.post(f"{DELIVERIES}{delivered.pk}/replay/").status_code in (302, 403)
    delivered.refresh_from_db()
    assert delivered.attempts == 1 and delivered.status == DeliveryStatus.DELIVERED
    endpoint.refresh_from_db()
    assert endpoint.secret == Endpoint.objects.get().secret


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client):
    client.force_login(staff_with("view_endpoint"))
    response = client.get(ENDPOINTS)
    assert response.status_code == 302 and "/2fa/" in response["Location"]


def test_the_log_shows_each_attempt_and_a_delivery_is_sent_again(
    manager, delivered, receiver, django_capture_on_commit_callbacks
):
    shown = page(manager.get(f"{DELIVERIES}{delivered.pk}/"))
    assert str(delivered.event.pk) in shown and "Send again" in shown
    assert 'data-attempt="1"' in shown and "200" in shown
    assert "Partner enrolled" in page(manager.get(DELIVERIES))
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(f"{DELIVERIES}{delivered.pk}/replay/")
    assert response.status_code == 302
    delivered.refresh_from_db()
    assert delivered.attempts == 2 and delivered.status == DeliveryStatus.DELIVERED
    first, second = receiver.requests
    assert first["body"] == second["body"]
    assert first["headers"]["Idempotency-Key"] == second["headers"]["Idempotency-Key"]
    assert 'data-attempt="2"' in page(manager.get(f"{DELIVERIES}{delivered.pk}/"))


def test_a_delivery_still_waiting_is_not_sent_twice_by_a_replay(delivered):
    WebhookDelivery.objects.filter(pk=delivered.pk).update(status=DeliveryStatus.PENDING)
    assert outbox.replay(delivered) is False


def test_an_event_is_sent_again_to_every_endpoint_that_wants_it_now(
    manager, delivered, make_endpoint, receiver, django_capture_on_commit_callbacks
):
    make_endpoint([EventKind.PARTNER_ENROLLED], name="Warehouse")
    make_endpoint([EventKind.ORDER_PAID], name="Shop only")
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(f"{DELIVERIES}{delivered.pk}/resend/")
    assert sorted(WebhookDelivery.objects.values_list("endpoint__name", "attempts")) == [
        ("CRM", 2), ("Warehouse", 1)]
    assert len(receiver.requests) == 3
    assert {request["headers"]["Idempotency-Key"] for request in receiver.requests} == {
        str(delivered.event_id)}


def test_a_switched_off_endpoint_is_shown_to_staff_until_switched_on(
    manager, make_partner, make_endpoint, receiver, settings,
    django_capture_on_commit_callbacks,
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    settings.WEBHOOKS_SWITCH_OFF_AFTER = 1
    partners = [make_partner(email=f"p{n}@example.com") for n in range(2)]
    endpoint = make_endpoint([EventKind.PARTNER_ENROLLED], name="Flaky CRM")
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=False):
        for partner in partners:
            outbox.record(EventKind.PARTNER_ENROLLED, partner)
    failing, waiting = WebhookDelivery.objects.order_by("pk")
    assert delivery.deliver(failing.pk).status == DeliveryStatus.FAILED
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.switched_off_at is not None
    # While it is off, nothing is sent to it.
    assert delivery.deliver(waiting.pk) is None
    dashboard = page(manager.get("/admin/"))
    assert f'data-switched-off="{endpoint.pk}"' in dashboard and "Flaky CRM" in dashboard
    listing = page(manager.get(ENDPOINTS))
    assert re.search(r"“Flaky CRM” was switched off .* after 1 failed deliveries", listing)

    # Switched on again: what waited is sent, and the notice is gone.
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(f"{ENDPOINTS}edit/{endpoint.pk}/", {
            "name": "Flaky CRM", "url": endpoint.url, "kinds": ["partner.enrolled"],
            "active": "on",
        })
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.switched_off_at is None
    assert endpoint.consecutive_failures == 0
    waiting.refresh_from_db()
    assert waiting.status == DeliveryStatus.DELIVERED
    assert f'data-switched-off="{endpoint.pk}"' not in page(manager.get("/admin/"))
