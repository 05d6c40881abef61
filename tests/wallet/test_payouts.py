"""Payout requests, approvals, the payout file and the bank's answers, as ledger effects."""

import csv
import io
from decimal import Decimal

import pytest

from wallet import ledger, payouts
from wallet.models import LedgerAccountKind, LedgerTransaction, PayoutRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payout_limits")]
State = PayoutRequest.State


def wallet_balance(partner, currency="EUR"):
    return ledger.balance(ledger.wallet(partner, currency))


def company(kind, currency="EUR"):
    return ledger.balance(ledger.company_account(kind, currency))


@pytest.fixture
def partner(make_partner, credit):
    partner = make_partner()
    credit(partner, "1500.00")
    return partner


# --- requesting -----------------------------------------------------------------------


def test_a_request_below_the_minimum_is_refused(partner):
    with pytest.raises(payouts.PayoutError, match="smallest payout is 50.00 EUR"):
        payouts.request_payout(partner, "49.99", "EUR")
    assert not PayoutRequest.objects.exists()
    assert wallet_balance(partner) == Decimal("1500.00")


def test_the_minimum_comes_from_settings(partner, settings):
    settings.PAYOUT_MINIMUM = "200.00"
    with pytest.raises(payouts.PayoutError, match="200.00"):
        payouts.request_payout(partner, "150.00", "EUR")
    assert payouts.request_payout(partner, "200.00", "EUR").amount == Decimal("200.00")


def test_a_request_above_the_balance_is_refused(partner):
    with pytest.raises(payouts.PayoutError, match="at most 1500.00 EUR"):
        payouts.request_payout(partner, "1500.01", "EUR")
    with pytest.raises(payouts.PayoutError, match="at most 0.00 USD"):
        payouts.request_payout(partner, "60.00", "USD")
    assert not PayoutRequest.objects.exists()


def test_bad_amounts_are_refused(partner):
    for amount in ("abc", "60.001", 60.5):
        with pytest.raises(payouts.PayoutError):
            payouts.request_payout(partner, amount, "EUR")


def test_a_request_reserves_the_money(partner):
    request = payouts.request_payout(partner, "1000.00", "EUR")
    assert request.state == State.REQUESTED
    assert payouts.available_balance(partner, "EUR") == Decimal("500.00")
    assert payouts.pending_total(partner, "EUR") == Decimal("1000.00")
    assert company(LedgerAccountKind.PAYOUTS_PENDING) == Decimal("1000.00")
    assert LedgerTransaction.objects.filter(
        idempotency_key=f"payout:{request.pk}:request"
    ).exists()
    # The reserved money cannot be requested again.
    with pytest.raises(payouts.PayoutError, match="at most 500.00 EUR"):
        payouts.request_payout(partner, "600.00", "EUR")
    payouts.request_payout(partner, "500.00", "EUR")
    assert payouts.available_balance(partner, "EUR") == Decimal("0.00")


# --- approving ------------------------------------------------------------------------


def test_one_operator_approves_up_to_the_threshold(partner, operator):
    request = payouts.request_payout(partner, "1000.00", "EUR")
    request = payouts.approve(request, operator)
    assert request.state == State.APPROVED
    assert request.first_approver == operator and request.second_approver is None
    assert request.approved_at is not None


def test_above_the_threshold_two_different_operators_approve(partner, operator,
                                                             second_operator):
    request = payouts.request_payout(partner, "1000.01", "EUR")
    request = payouts.approve(request, operator)
    assert request.state == State.REQUESTED
    assert request.first_approver == operator

    with pytest.raises(payouts.PayoutError, match="two different operators"):
        payouts.approve(request, operator)
    request.refresh_from_db()
    assert request.state == State.REQUESTED and request.second_approver is None

    request = payouts.approve(request, second_operator)
    assert request.state == State.APPROVED
    assert (request.first_approver, request.second_approver) == (operator, second_operator)


def test_the_threshold_comes_from_settings(partner, operator, settings):
    settings.PAYOUT_TWO_APPROVERS_ABOVE = "100.00"
    request = payouts.approve(payouts.request_payout(partner, "100.50", "EUR"), operator)
    assert request.state == State.REQUESTED


def test_only_staff_approve(partner, make_partner):
    request = payouts.request_payout(partner, "60.00", "EUR")
    with pytest.raises(payouts.PayoutError, match="operator"):
        payouts.approve(request, partner.user)
    request.refresh_from_db()
    assert request.state == State.REQUESTED


def test_reject_returns_the_money(partner, operator):
    request = payouts.request_payout(partner, "400.00", "EUR")
    request = payouts.reject(request, operator, "Bank details missing")
    assert request.state == State.REJECTED and request.note == "Bank details missing"
    assert wallet_balance(partner) == Decimal("1500.00")
    assert company(LedgerAccountKind.PAYOUTS_PENDING) == Decimal("0.00")
    # Retried: nothing more is written.
    count = LedgerTransaction.objects.count()
    payouts.reject(request, operator, "Bank details missing")
    assert LedgerTransaction.objects.count() == count
    assert wallet_balance(partner) == Decimal("1500.00")
    with pytest.raises(payouts.PayoutError):
        payouts.approve(request, operator)


# --- the payout file and the bank's answers ----------------------------------------------


def approved(partner, operator, amount="300.00"):
    return payouts.approve(payouts.request_payout(partner, amount, "EUR"), operator)


def test_export_writes_the_file_and_marks_exported(partner, make_partner, credit, operator):
    other = make_partner(first_name="Olena", last_name="Koval")
    credit(other, "80.00")
    first = approved(partner, operator)
    second = approved(other, operator, "75.50")
    waiting = payouts.request_payout(partner, "60.00", "EUR")

    text = payouts.export_csv([first, second])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["request_id", "partner_id", "partner_name", "amount", "currency"],
        [str(first.pk), str(partner.pk), partner.name, "300.00", "EUR"],
        [str(second.pk), str(other.pk), other.name, "75.50", "EUR"],
    ]
    for request in (first, second):
        request.refresh_from_db()
        assert request.state == State.EXPORTED and request.exported_at is not None

    # A request that is not approved is refused, and nothing is exported.
    with pytest.raises(payouts.PayoutError, match="Approved"):
        payouts.export_csv([waiting])
    waiting.refresh_from_db()
    assert waiting.state == State.REQUESTED


def test_paid_moves_the_money_to_company_cash_once(partner, operator):
    request = approved(partner, operator)
    payouts.export_csv([request])
    request = payouts.mark_paid(request, operator)
    assert request.state == State.PAID and request.settled_at is not None
    assert wallet_balance(partner) == Decimal("1200.00")
    assert company(LedgerAccountKind.PAYOUTS_PENDING) == Decimal("0.00")
    assert company(LedgerAccountKind.COMPANY_CASH) == Decimal("-300.00")
    assert payouts.pending_total(partner, "EUR") == Decimal("0.00")

    count = LedgerTransaction.objects.count()
    payouts.mark_paid(request, operator)  # a retry
    assert LedgerTransaction.objects.count() == count
    assert company(LedgerAccountKind.COMPANY_CASH) == Decimal("-300.00")


def test_paid_needs_an_exported_request(partner, operator):
    request = approved(partner, operator)
    with pytest.raises(payouts.PayoutError, match="Exported"):
        payouts.mark_paid(request)
    assert company(LedgerAccountKind.COMPANY_CASH) == Decimal("0.00")


def test_failed_puts_the_money_back_in_the_wallet(partner, operator):
    request = approved(partner, operator)
    payouts.export_csv([request])
    request = payouts.mark_failed(request)
    assert request.state == State.FAILED
    assert wallet_balance(partner) == Decimal("1500.00")
    assert company(LedgerAccountKind.PAYOUTS_PENDING) == Decimal("0.00")
    assert company(LedgerAccountKind.COMPANY_CASH) == Decimal("0.00")
    reversal = LedgerTransaction.objects.get(idempotency_key=f"payout:{request.pk}:failed")
    assert reversal.reverses.idempotency_key == f"payout:{request.pk}:request"

    count = LedgerTransaction.objects.count()
    payouts.mark_failed(request)
    assert LedgerTransaction.objects.count() == count
    with pytest.raises(payouts.PayoutError):
        payouts.mark_paid(request)


def test_returned_reverses_payment_and_reservation(partner, operator):
    request = approved(partner, operator)
    payouts.export_csv([request])
    payouts.mark_paid(request)
    with pytest.raises(payouts.PayoutError):
        payouts.mark_failed(request)
    request = payouts.mark_returned(request)
    assert request.state == State.RETURNED
    assert wallet_balance(partner) == Decimal("1500.00")
    assert company(LedgerAccountKind.COMPANY_CASH) == Decimal("0.00")
    assert company(LedgerAccountKind.PAYOUTS_PENDING) == Decimal("0.00")
    keys = list(payouts.transactions_of(request).values_list("idempotency_key", flat=True))
    assert keys == [f"payout:{request.pk}:{step}"
                    for step in ("request", "paid", "returned:paid", "returned")]

    payouts.mark_returned(request)  # a retry writes nothing more
    assert payouts.transactions_of(request).count() == 4
    # Returned money can be requested again.
    assert payouts.available_balance(partner, "EUR") == Decimal("1500.00")


def test_returned_needs_a_paid_request(partner, operator):
    request = approved(partner, operator)
    payouts.export_csv([request])
    with pytest.raises(payouts.PayoutError, match="Paid"):
        payouts.mark_returned(request)


def test_a_retried_step_after_a_crash_writes_once(partner, operator):
    """The ledger write happened but the state change was lost: the retry completes it."""
    request = approved(partner, operator)
    payouts.export_csv([request])
    payouts._pay(request, operator)  # the crash: entries posted, state still exported
    request = payouts.mark_paid(request)
    assert request.state == State.PAID
    assert LedgerTransaction.objects.filter(
        idempotency_key=f"payout:{request.pk}:paid"
    ).count() == 1
    assert company(LedgerAccountKind.COMPANY_CASH) == Decimal("-300.00")


def test_a_retried_approval_changes_nothing(partner, operator):
    request = approved(partner, operator)
    again = payouts.approve(request, operator)
    assert again.state == State.APPROVED and again.approved_at == request.approved_at


def test_an_operator_cannot_approve_their_own_payout(make_partner, credit, operator):
    own = make_partner()
    own.user.is_staff = True
    own.user.save()
    credit(own, "100.00")
    request = payouts.request_payout(own, "60.00", "EUR")
    with pytest.raises(payouts.PayoutError, match="your own payout"):
        payouts.approve(request, own.user)
    assert payouts.approve(request, operator).state == State.APPROVED


def test_the_payout_file_does_not_run_formulas(make_partner, credit, operator):
    partner = make_partner()
    partner.display_name = "=HYPERLINK(\"http://evil\")"
    partner.save()
    credit(partner, "100.00")
    text = payouts.export_csv([approved(partner, operator, "60.00")])
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[2] == "'=HYPERLINK(\"http://evil\")"
