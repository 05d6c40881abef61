"""Retries of one order racing each other, on PostgreSQL (SQLite serializes writers, so
there is no race to lose there): every retry with the same key and body gets the first
answer, with or without the shop's external id. The race itself is also pinned down in
one thread, so it is tested on every database."""

import pytest
from rest_framework.test import APIClient

from orders.models import Order
from tests.helpers import require_postgresql, run_at_once
from tests.orders.helpers import URL, body

ROUNDS = 5
RETRIES = 5


def send(user, payload, key):
    api = APIClient()
    api.force_authenticate(user)
    response = api.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    return response.status_code, response.json()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("with_external_id", [True, False])
def test_racing_retries_all_get_the_first_order(staff, make_partner, catalogue,
                                                with_external_id):
    require_postgresql("concurrent requests need PostgreSQL; SQLite serializes them")
    partner = make_partner()
    for round_number in range(ROUNDS):
        fields = {"external_id": f"SHOP-{round_number}"} if with_external_id else {}
        payload, key = body(partner, **fields), f"retry-{round_number}"
        results, errors = run_at_once(
            [lambda payload=payload, key=key: send(staff, payload, key)] * RETRIES
        )
        assert errors == [None] * RETRIES
        statuses = sorted(status for status, _answer in results)
        assert statuses == [200] * (RETRIES - 1) + [201], results
        assert len({answer["id"] for _status, answer in results}) == 1
    assert Order.objects.count() == ROUNDS


@pytest.mark.django_db
def test_a_retry_whose_first_request_commits_while_it_is_checked_gets_the_first_order(
    staff, make_partner, catalogue, monkeypatch
):
    """The race pinned down: the retry finds no order under its key, then the first
    request commits, then the retry checks the external id (38 of 160 retries hit it)."""
    from orders.api.serializers import OrderInputSerializer

    partner = make_partner()
    payload = body(partner, external_id="SHOP-77")
    real_validate_partner = OrderInputSerializer.validate_partner
    first = {}

    def first_request_commits_meanwhile(serializer, value):
        if not first:  # the retry, checked: the first request runs to its end now
            first["answer"] = None
            first["answer"] = send(staff, payload, "key-77")
        return real_validate_partner(serializer, value)

    monkeypatch.setattr(OrderInputSerializer, "validate_partner",
                        first_request_commits_meanwhile)
    status, answer = send(staff, payload, "key-77")
    assert first["answer"][0] == 201
    assert (status, answer["id"]) == (200, first["answer"][1]["id"]), answer
    assert Order.objects.count() == 1
