"""Each domain event goes out with its documented payload, to the endpoints subscribed to
its kind and to no other."""

import json
from decimal import Decimal

import pytest
from django.test import RequestFactory

from compensation.signals import run_posted
from landing import leads
from landing.models import Landing, LandingState, Lead, Purpose
from network.models import Partner
from orders import services as order_services
from orders.models import OrderStatus
from tests.factories import UserFactory
from wallet import ledger, payouts
from webhooks.models import EventKind, WebhookDelivery, WebhookEvent
from webhooks.payloads import ENVELOPES

pytestmark = pytest.mark.django_db


def sent(receiver, kind):
    return [event for event in receiver.events() if event["kind"] == kind]


def documented(event):
    """The body validates against the serializer that documents it in the schema, field
    for field."""
    form = ENVELOPES[event["kind"]](data=event)
    assert form.is_valid(), form.errors
    assert set(event) == set(form.fields)
    assert set(event["data"]) == set(form.fields["data"].fields)


@pytest.fixture
def sponsor(make_partner):
    return make_partner(email="anna@example.com", first_name="Anna")


def test_a_partner_enrolled(sponsor, make_partner, make_endpoint, receiver,
                            django_capture_on_commit_callbacks):
    make_endpoint([EventKind.PARTNER_ENROLLED])
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = make_partner(sponsor=sponsor, email="new@example.com", language="uk")
    [event] = receiver.events()
    assert event["kind"] == "partner.enrolled"
    data = event["data"]
    assert (data["id"], data["referral_code"], data["email"]) == (
        newcomer.pk, newcomer.referral_code, "new@example.com")
    assert data["language"] == "uk" and data["status"] == "active"
    assert (data["sponsor"]["id"], data["sponsor"]["referral_code"]) == (
        sponsor.pk, sponsor.referral_code)
    assert WebhookEvent.objects.get().payload == event
    documented(event)


def test_only_the_subscribed_kinds_are_sent(sponsor, make_partner, make_endpoint, receiver,
                                            catalogue, django_capture_on_commit_callbacks):
    orders_only = make_endpoint([EventKind.ORDER_PAID], name="Shop CRM")
    everything = make_endpoint(name="Data warehouse")
    with django_capture_on_commit_callbacks(execute=True):
        order_services.create_order(sponsor, [{"sku": "SHAKE", "quantity": 1}], "USD",
                                    status=OrderStatus.PAID)
        make_partner(sponsor=sponsor, email="new@example.com")
    assert sorted(event["kind"] for event in receiver.events()) == [
        "order.paid", "order.paid", "partner.enrolled"]
    assert set(WebhookDelivery.objects.filter(endpoint=orders_only)
               .values_list("event__kind", flat=True)) == {"order.paid"}
    assert WebhookDelivery.objects.filter(endpoint=everything).count() == 2


def test_nothing_is_recorded_when_no_endpoint_wants_the_kind(sponsor, make_partner,
                                                              make_endpoint, receiver):
    make_endpoint([EventKind.ORDER_PAID], active=True)
    make_endpoint([EventKind.PARTNER_ENROLLED], active=False)
    make_partner(sponsor=sponsor)
    assert not WebhookEvent.objects.exists()


def test_an_order_paid_and_refunded(sponsor, make_endpoint, receiver, catalogue,
                                    django_capture_on_commit_callbacks):
    make_endpoint([EventKind.ORDER_PAID, EventKind.ORDER_REFUNDED])
    with django_capture_on_commit_callbacks(execute=True):
        order = order_services.create_order(
            sponsor, [{"sku": "SHAKE", "quantity": 2}, {"sku": "BAR", "quantity": 1}], "USD",
            external_id="SHOP-7",
        )
        order_services.set_status(order, OrderStatus.PAID)
        order_services.set_status(order, OrderStatus.REFUNDED)
    paid, refunded = receiver.events()
    assert (paid["kind"], refunded["kind"]) == ("order.paid", "order.refunded")
    data = paid["data"]
    assert (data["id"], data["external_id"], data["status"]) == (order.pk, "SHOP-7", "paid")
    assert (data["currency"], data["total"], data["volume"]) == ("USD", "102.08", "54.25")
    assert data["partner"]["referral_code"] == sponsor.referral_code
    assert [(line["sku"], line["quantity"], line["unit_price"]) for line in data["lines"]] == [
        ("SHAKE", 2, "49.99"), ("BAR", 1, "2.10")]
    assert refunded["data"]["status"] == "refunded" and refunded["data"]["refunded_at"]
    assert paid["id"] != refunded["id"]
    documented(paid)
    documented(refunded)


@pytest.fixture
def landing(sponsor):
    return Landing.objects.create(partner=sponsor, language="en", purpose=Purpose.RECRUITING,
                                  state=LandingState.PUBLISHED, title="Anna's team", body=[])


def test_a_lead_created_and_converted(sponsor, make_partner, landing, make_endpoint, receiver,
                                      django_capture_on_commit_callbacks):
    make_endpoint([EventKind.LEAD_CREATED, EventKind.LEAD_CONVERTED])
    request = RequestFactory().post("/en/anna/?utm_source=instagram&utm_campaign=spring")
    with django_capture_on_commit_callbacks(execute=True):
        lead, _created = leads.create_lead(request, landing, {
            "name": "Olena", "email": "olena@example.com", "phone": "+380 67 000 0000",
            "message": "Call me", "consent": True,
        }, "I agree to be contacted.")
    [created] = receiver.events()
    assert created["kind"] == "lead.created"
    data = created["data"]
    assert (data["id"], data["name"], data["email"], data["status"]) == (
        lead.pk, "Olena", "olena@example.com", "new")
    assert (data["utm_source"], data["utm_campaign"]) == ("instagram", "spring")
    assert data["partner"]["id"] == sponsor.pk and data["landing_id"] == landing.pk
    documented(created)

    with django_capture_on_commit_callbacks(execute=True):
        newcomer = make_partner(sponsor=sponsor, email="olena@example.com")
    converted = sent(receiver, "lead.converted")
    assert len(converted) == 1
    assert converted[0]["data"]["lead"]["id"] == lead.pk
    assert converted[0]["data"]["lead"]["status"] == "converted"
    assert converted[0]["data"]["partner"]["id"] == newcomer.pk
    assert Lead.objects.get().converted_partner == newcomer
    documented(converted[0])


def test_a_payout_paid(sponsor, make_endpoint, receiver, settings,
                       django_capture_on_commit_callbacks):
    settings.PAYOUT_MINIMUM = "50.00"
    settings.PAYOUT_TWO_APPROVERS_ABOVE = "1000.00"
    make_endpoint([EventKind.PAYOUT_PAID])
    operator = UserFactory(is_staff=True)
    ledger.post_bonus(sponsor, Decimal("300.00"), "EUR", "test-bonus:webhooks")
    request = payouts.approve(payouts.request_payout(sponsor, "120.00", "EUR"), operator)
    payouts.export_batch([request], operator)
    with django_capture_on_commit_callbacks(execute=True):
        payouts.mark_paid(request, operator)
    [event] = receiver.events()
    assert event["kind"] == "payout.paid"
    data = event["data"]
    assert (data["id"], data["amount"], data["currency"]) == (request.pk, "120.00", "EUR")
    assert data["partner"]["id"] == sponsor.pk and data["paid_at"]
    documented(event)


def test_a_posted_run_sends_each_partners_bonuses_and_the_ranks_reached(
    request, make_endpoint, receiver, django_capture_on_commit_callbacks
):
    make_endpoint([EventKind.BONUS_POSTED, EventKind.RANK_REACHED])
    announced = {}

    def keep(sender, bonuses, **kwargs):
        announced.update(bonuses)

    run_posted.connect(keep, weak=False, dispatch_uid="tests.webhooks.keep")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run = request.getfixturevalue("posted")
    finally:
        run_posted.disconnect(dispatch_uid="tests.webhooks.keep")
    bonuses = sent(receiver, "bonus.posted")
    assert bonuses, "the reference run pays bonuses"
    assert {event["data"]["partner"]["id"] for event in bonuses} == set(announced)
    for event in bonuses:
        data = event["data"]
        assert data["run"] == {"id": run.pk, "period": "2026-10"}
        paid = announced[data["partner"]["id"]]
        assert {kind: Decimal(amount) for kind, amount in data["bonuses"].items()} == paid
        assert Decimal(data["total"]) == sum(paid.values())
        documented(event)
    ranks = sent(receiver, "rank.reached")
    assert ranks, "the reference run raises titles"
    raised = dict(Partner.objects.filter(pk__in=[event["data"]["partner"]["id"]
                                                 for event in ranks]).values_list("pk", "rank"))
    for event in ranks:
        assert event["data"]["run"]["id"] == run.pk
        assert event["data"]["rank"] == raised[event["data"]["partner"]["id"]]
        documented(event)
    assert len({event["id"] for event in receiver.events()}) == len(receiver.requests)


def test_the_body_sent_is_the_body_recorded(sponsor, make_endpoint, receiver, make_partner,
                                             django_capture_on_commit_callbacks):
    make_endpoint([EventKind.PARTNER_ENROLLED])
    with django_capture_on_commit_callbacks(execute=True):
        make_partner(sponsor=sponsor, email="x@example.com", first_name="Ярослава")
    [request] = receiver.requests
    assert json.loads(request["body"]) == WebhookEvent.objects.get().payload
