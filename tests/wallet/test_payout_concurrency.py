"""Two payout requests or approvals at the same moment, on PostgreSQL (SQLite serializes
writers, so there is no race to lose there)."""

from decimal import Decimal

import pytest

from tests.helpers import require_postgresql, run_at_once
from wallet import ledger, payouts
from wallet.models import PayoutRequest

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("payout_limits"),
]


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    require_postgresql("concurrent writers need PostgreSQL; SQLite serializes them")


def test_two_requests_at_once_cannot_spend_the_same_balance(make_partner, credit):
    partner = make_partner()
    credit(partner, "150.00")
    results, errors = run_at_once([
        lambda: payouts.request_payout(partner, "100.00", "EUR").pk,
        lambda: payouts.request_payout(partner, "100.00", "EUR").pk,
    ])
    assert sorted(error is None for error in errors) == [False, True]
    assert isinstance(next(error for error in errors if error), payouts.PayoutError)
    assert PayoutRequest.objects.count() == 1
    assert ledger.balance(ledger.wallet(partner, "EUR")) == Decimal("50.00")


def test_one_operator_approving_twice_at_once_is_still_one_approval(make_partner, credit,
                                                                    operator):
    partner = make_partner()
    credit(partner, "5000.00")
    request = payouts.request_payout(partner, "2000.00", "EUR")
    _results, errors = run_at_once([
        lambda: payouts.approve(request, operator),
        lambda: payouts.approve(request, operator),
    ])
    assert sum(error is not None for error in errors) == 1
    request.refresh_from_db()
    assert request.state == PayoutRequest.State.REQUESTED
    assert request.first_approver == operator and request.second_approver is None


def test_the_same_request_sent_twice_at_once_reserves_the_money_once(make_partner, credit):
    partner = make_partner()
    credit(partner, "500.00")
    results, errors = run_at_once([
        lambda: payouts.request_payout(partner, "100.00", "EUR", request_key="form-1").pk,
        lambda: payouts.request_payout(partner, "100.00", "EUR", request_key="form-1").pk,
    ])
    assert errors == [None, None] and results[0] == results[1]
    assert PayoutRequest.objects.count() == 1
    assert ledger.balance(ledger.wallet(partner, "EUR")) == Decimal("400.00")
