"""The money API: each partner sees only their own wallet, bonuses and payouts."""

import datetime

import pytest
from rest_framework.test import APIClient

from compensation.models import CommissionLine, CommissionRun, PlanVersion
from orders.models import Order
from tests.factories import UserFactory
from wallet.models import PayoutRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payout_limits")]
WALLET, BONUSES, PAYOUTS = "/api/v1/money/wallet/", "/api/v1/money/bonuses/", \
    "/api/v1/money/payouts/"


@pytest.fixture
def api():
    return APIClient()


def signed_in(api, who):
    api.force_authenticate(getattr(who, "user", who))
    return api


@pytest.fixture
def alice(make_partner, credit):
    partner = make_partner(first_name="Alice", last_name="Able")
    credit(partner, "120.00")
    credit(partner, "30.50")
    return partner


@pytest.fixture
def bob(make_partner, credit):
    partner = make_partner(first_name="Bob", last_name="Baker")
    credit(partner, "999.00")
    return partner


# --- wallet --------------------------------------------------------------------------------


def test_a_partner_sees_their_wallet(api, alice, bob):
    data = signed_in(api, alice).get(WALLET).json()
    assert data["balances"] == [{"currency": "EUR", "balance": "150.50",
                                 "pending_payouts": "0.00", "available": "150.50"}]
    assert [entry["amount"] for entry in data["results"]] == ["30.50", "120.00"]
    assert {entry["kind"] for entry in data["results"]} == {"bonus"}


def test_the_wallet_pages_with_a_cursor(api, alice):
    first = signed_in(api, alice).get(WALLET, {"limit": 1}).json()
    assert [entry["amount"] for entry in first["results"]] == ["30.50"]
    second = api.get(first["next"]).json()
    assert [entry["amount"] for entry in second["results"]] == ["120.00"]
    assert second["next"] is None


def test_a_requested_payout_shows_in_the_wallet(api, alice):
    signed_in(api, alice)
    assert api.post(PAYOUTS, {"amount": "100.00", "currency": "EUR"}).status_code == 201
    data = api.get(WALLET).json()
    assert data["balances"] == [{"currency": "EUR", "balance": "50.50",
                                 "pending_payouts": "100.00", "available": "50.50"}]
    assert data["results"][0]["amount"] == "-100.00"
    assert data["results"][0]["kind"] == "payout"


def test_a_partner_cannot_read_another_partners_money(api, alice, bob):
    signed_in(api, alice)
    for url in (WALLET, BONUSES, PAYOUTS):
        assert api.get(url, {"partner": bob.pk}).status_code == 404
        assert api.get(url, {"partner": alice.pk}).status_code == 200
    data = api.get(WALLET).json()
    assert data["balances"][0]["balance"] == "150.50"


def test_staff_read_any_partners_money(api, alice, bob):
    signed_in(api, UserFactory(is_staff=True))
    data = api.get(WALLET, {"partner": bob.pk}).json()
    assert data["balances"][0]["balance"] == "999.00"
    assert api.get(WALLET, {"partner": 999999}).status_code == 404
    assert api.get(WALLET, {"partner": "x"}).status_code == 400


def test_outsiders_are_kept_out(api, alice):
    assert api.get(WALLET).status_code in (401, 403)
    signed_in(api, UserFactory())
    for url in (WALLET, BONUSES, PAYOUTS):
        response = api.get(url)
        assert response.status_code == 403
        assert "not a partner" in response.json()["detail"]


# --- bonuses -------------------------------------------------------------------------------


@pytest.fixture
def runs(alice, bob):
    plan = PlanVersion.objects.create(
        name="Plan", version=1, state=PlanVersion.State.PUBLISHED, rules={"currency": "EUR"},
        effective_from=datetime.date(2026, 1, 1),
    )
    posted = CommissionRun.objects.create(period="2026-09", plan_version=plan,
                                          state=CommissionRun.State.POSTED)
    october = CommissionRun.objects.create(period="2026-10", plan_version=plan,
                                           state=CommissionRun.State.POSTED)
    draft = CommissionRun.objects.create(period="2026-11", plan_version=plan)
    order = Order.objects.create(partner=bob, external_id="SHOP-77", currency="EUR")
    lines = {
        "unilevel": CommissionLine.objects.create(
            run=posted, partner=alice, kind="unilevel", amount="12.50", order=order,
            source_partner=bob, level=1,
        ),
        "fast_start": CommissionLine.objects.create(
            run=october, partner=alice, kind="fast_start", amount="40.00",
            source_partner=bob, level=1,
        ),
    }
    CommissionLine.objects.create(run=draft, partner=alice, kind="unilevel", amount="99.00")
    CommissionLine.objects.create(run=posted, partner=bob, kind="unilevel", amount="7.00")
    return lines


def test_bonuses_show_posted_lines_with_their_source(api, alice, bob, runs):
    results = signed_in(api, alice).get(BONUSES).json()["results"]
    assert [line["kind"] for line in results] == ["fast_start", "unilevel"]  # no draft, no Bob
    unilevel = results[1]
    assert unilevel == {
        "id": runs["unilevel"].pk, "period": "2026-09", "kind": "unilevel", "amount": "12.50",
        "currency": "EUR", "level": 1, "order_id": runs["unilevel"].order_id,
        "order_external_id": "SHOP-77", "source_partner_id": bob.pk,
        "source_partner_name": bob.name,
    }
    assert results[0]["order_external_id"] is None


def test_bonuses_filter_by_period_and_kind(api, alice, runs):
    signed_in(api, alice)
    assert [line["kind"] for line in api.get(BONUSES, {"period": "2026-09"}).json()["results"]] \
        == ["unilevel"]
    assert [line["period"] for line in api.get(BONUSES, {"kind": "fast_start"}).json()["results"]] \
        == ["2026-10"]
    assert api.get(BONUSES, {"period": "2026-11"}).json()["results"] == []
    assert api.get(BONUSES, {"period": "2026-13"}).status_code == 400


def test_bob_sees_only_his_bonus(api, bob, runs):
    results = signed_in(api, bob).get(BONUSES).json()["results"]
    assert [line["amount"] for line in results] == ["7.00"]


# --- payouts -------------------------------------------------------------------------------


def test_a_partner_requests_and_lists_payouts(api, alice, bob):
    signed_in(api, alice)
    response = api.post(PAYOUTS, {"amount": "60.00", "currency": "eur"})
    assert response.status_code == 201
    assert response.json()["state"] == "requested" and response.json()["currency"] == "EUR"
    assert PayoutRequest.objects.get().partner == alice
    assert [p["amount"] for p in api.get(PAYOUTS).json()["results"]] == ["60.00"]
    # Bob sees none of it.
    assert signed_in(api, bob).get(PAYOUTS).json()["results"] == []


def test_a_refused_payout_says_why(api, alice):
    signed_in(api, alice)
    low = api.post(PAYOUTS, {"amount": "10.00", "currency": "EUR"})
    assert low.status_code == 400
    assert low.json()["errors"]["amount"] == ["The smallest payout is 50.00."]
    high = api.post(PAYOUTS, {"amount": "151.00", "currency": "EUR"})
    assert high.status_code == 400 and "150.50" in high.json()["detail"]
    assert api.post(PAYOUTS, {"amount": "60.001", "currency": "EUR"}).status_code == 400
    assert not PayoutRequest.objects.exists()


def test_staff_without_a_partner_cannot_request(api, alice):
    signed_in(api, UserFactory(is_staff=True))
    assert api.post(PAYOUTS, {"amount": "60.00", "currency": "EUR"}).status_code == 403
    assert not PayoutRequest.objects.exists()


def test_the_money_api_is_in_the_schema(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    assert {WALLET, BONUSES, PAYOUTS} <= set(paths)
    assert {"get", "post"} <= set(paths[PAYOUTS])
    names = {parameter["name"] for parameter in paths[BONUSES]["get"]["parameters"]}
    assert {"period", "kind", "partner"} <= names
