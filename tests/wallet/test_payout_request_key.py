"""A payout request sent twice (a double click, a reload, an API retry) is one request:
the money is reserved once."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wallet import ledger, payouts
from wallet.models import PayoutRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payout_limits")]


def test_a_key_sent_again_returns_the_first_request(make_partner, credit):
    partner = make_partner()
    credit(partner, "500.00")
    first = payouts.request_payout(partner, "100.00", "EUR", request_key="k1")
    again = payouts.request_payout(partner, "100.00", "EUR", request_key="k1")
    assert again.pk == first.pk and PayoutRequest.objects.count() == 1
    assert ledger.balance(ledger.wallet(partner, "EUR")) == Decimal("400.00")
    with pytest.raises(payouts.PayoutError, match="another amount"):
        payouts.request_payout(partner, "120.00", "EUR", request_key="k1")
    other = payouts.request_payout(partner, "100.00", "EUR", request_key="k2")
    assert other.pk != first.pk  # a new key is a new request


def test_the_cabinet_form_sent_twice_makes_one_request(client, make_partner, credit):
    partner = make_partner()
    credit(partner, "500.00")
    client.force_login(partner.user)
    url = reverse("cabinet:wallet")
    page = client.get(url).content.decode()
    key = page.split('name="request_key" value="', 1)[1].split('"', 1)[0]
    assert len(key) == 32
    form = {"amount": "100.00", "currency": "EUR", "request_key": key}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # the second click
    assert PayoutRequest.objects.filter(partner=partner).count() == 1
    assert ledger.balance(ledger.wallet(partner, "EUR")) == Decimal("400.00")
    assert key not in client.get(url).content.decode()  # the next form has a new key


def test_an_api_retry_with_its_idempotency_key_returns_the_first_request(make_partner,
                                                                          credit):
    partner = make_partner()
    credit(partner, "500.00")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=partner.user).key}")
    body = {"amount": "100.00", "currency": "EUR"}
    first = api.post("/api/v1/money/payouts/", body, format="json",
                     HTTP_IDEMPOTENCY_KEY="retry-1")
    again = api.post("/api/v1/money/payouts/", body, format="json",
                     HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == 201 and again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert PayoutRequest.objects.filter(partner=partner).count() == 1
    long_key = api.post("/api/v1/money/payouts/", body, format="json",
                        HTTP_IDEMPOTENCY_KEY="x" * 65)
    assert long_key.status_code == 400
