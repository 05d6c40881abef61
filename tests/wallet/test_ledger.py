"""The ledger's promises: balanced transactions only, exact cents, each key written once
(posted twice, or a batch resumed after a crash), nothing edited or deleted, corrections by
reversal, balances kept apart by currency."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from tests.helpers import require_postgresql
from wallet import ledger
from wallet.ledger import LedgerError
from wallet.models import (
    LedgerAccount,
    LedgerAccountKind,
    LedgerAppendOnly,
    LedgerEntry,
    LedgerTransaction,
    LedgerTransactionKind,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def partner(make_partner):
    return make_partner()


def expense(currency="EUR"):
    return ledger.company_account(LedgerAccountKind.COMPANY_BONUS_EXPENSE, currency)


# --- balancing and amounts ---------------------------------------------------------------


def test_an_unbalanced_transaction_is_refused_and_nothing_written(partner):
    wallet = ledger.wallet(partner, "EUR")
    with pytest.raises(LedgerError, match="does not balance in EUR.*sum to 0.01"):
        ledger.post("t-1", LedgerTransactionKind.ADJUSTMENT,
                    [(expense(), D("10.00")), (wallet, D("-9.99"))])
    assert not LedgerTransaction.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert ledger.balance(wallet) == D("0.00")


def test_balancing_is_per_currency(partner):
    # 10 EUR against 10 USD sums to zero as numbers, but not in either currency.
    with pytest.raises(LedgerError, match="does not balance in EUR"):
        ledger.post("t-fx", LedgerTransactionKind.ADJUSTMENT,
                    [(expense("EUR"), D("10.00")), (ledger.wallet(partner, "USD"), D("-10.00"))])
    assert not LedgerTransaction.objects.exists()


@pytest.mark.parametrize("amount", [D("1.005"), "0.001", 1.5])
def test_amounts_finer_than_a_cent_or_float_are_refused(partner, amount):
    with pytest.raises(LedgerError):
        ledger.post_bonus(partner, amount, "EUR", "bonus-x")
    assert not LedgerTransaction.objects.exists()


def test_a_bonus_credits_the_wallet_and_debits_the_company(partner):
    posted = ledger.post_bonus(partner, "12.50", "eur", "run-1:partner-1", "Unilevel L1")
    assert posted.kind == LedgerTransactionKind.BONUS
    entries = list(posted.entries.order_by("idempotency_key"))
    assert [(e.idempotency_key, e.amount, e.currency) for e in entries] == [
        ("run-1:partner-1:1", D("12.50"), "EUR"),
        ("run-1:partner-1:2", D("-12.50"), "EUR"),
    ]
    assert ledger.balance(ledger.wallet(partner, "EUR")) == D("12.50")
    assert ledger.balance(expense()) == D("12.50")


# --- idempotency -------------------------------------------------------------------------


def test_posting_the_same_key_twice_writes_once_and_counts_once(partner):
    first = ledger.post_bonus(partner, "25.00", "EUR", "run-7:p1:unilevel")
    second = ledger.post_bonus(partner, "25.00", "EUR", "run-7:p1:unilevel")
    assert second.pk == first.pk
    assert LedgerTransaction.objects.count() == 1
    assert LedgerEntry.objects.count() == 2
    assert ledger.balance(ledger.wallet(partner, "EUR")) == D("25.00")


def test_posting_an_existing_key_inside_an_outer_transaction_keeps_the_outer_one(partner):
    ledger.post_bonus(partner, "5.00", "EUR", "k")
    with transaction.atomic():
        again = ledger.post_bonus(partner, "5.00", "EUR", "k")
        ledger.post_bonus(partner, "1.00", "EUR", "k2")
    assert again.idempotency_key == "k"
    assert ledger.balance(ledger.wallet(partner, "EUR")) == D("6.00")


def batch(partners, run="run-9"):
    return [
        {"key": f"{run}:{p.pk}", "kind": LedgerTransactionKind.BONUS,
         "entries": ledger.bonus_entries(p, D("10.00") + index, "EUR"),
         "description": "Binary"}
        for index, p in enumerate(partners)
    ]


def test_a_batch_resumed_after_a_crash_writes_every_entry_exactly_once(make_partner,
                                                                     monkeypatch):
    partners = [make_partner() for _ in range(6)]
    items = batch(partners)
    real_bulk_create = LedgerEntry.objects.bulk_create
    calls = []

    def crash_on_the_fourth(objs, *args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise RuntimeError("worker killed")
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(LedgerEntry.objects, "bulk_create", crash_on_the_fourth)
    with pytest.raises(RuntimeError, match="worker killed"):
        ledger.post_many(items)
    # Three items committed; the fourth's transaction row went with its entries.
    assert LedgerTransaction.objects.count() == 3
    assert LedgerEntry.objects.count() == 6

    monkeypatch.undo()
    posted = ledger.post_many(items)  # the whole batch again
    assert [t.idempotency_key for t in posted] == [item["key"] for item in items]
    assert LedgerTransaction.objects.count() == 6
    assert LedgerEntry.objects.count() == 12
    assert len(set(LedgerEntry.objects.values_list("idempotency_key", flat=True))) == 12
    for index, p in enumerate(partners):
        assert ledger.balance(ledger.wallet(p, "EUR")) == D("10.00") + index
    assert ledger.balance(expense()) == sum(D("10.00") + i for i in range(6))

    ledger.post_many(items)  # and a third time: nothing more
    assert LedgerEntry.objects.count() == 12


# --- append-only -------------------------------------------------------------------------


def test_an_entry_cannot_be_changed_or_deleted_through_the_model(partner):
    posted = ledger.post_bonus(partner, "3.00", "EUR", "k")
    entry = posted.entries.first()
    entry.amount = D("300.00")
    with pytest.raises(LedgerAppendOnly):
        entry.save()
    with pytest.raises(LedgerAppendOnly):
        entry.delete()
    with pytest.raises(LedgerAppendOnly):
        posted.delete()
    posted.description = "edited"
    with pytest.raises(LedgerAppendOnly):
        posted.save()
    assert ledger.balance(ledger.wallet(partner, "EUR")) == D("3.00")
    assert LedgerTransaction.objects.get().description == ""


def test_the_database_refuses_raw_updates_and_deletes_of_entries(partner):
    require_postgresql("the append-only trigger exists on PostgreSQL only")
    ledger.post_bonus(partner, "3.00", "EUR", "k")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(amount__lt=0).update(amount=D("-300.00"))
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.all()._raw_delete(connection.alias)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        LedgerTransaction.objects.update(description="edited")
    assert ledger.balance(ledger.wallet(partner, "EUR")) == D("3.00")
    assert LedgerEntry.objects.count() == 2


# --- reversal ----------------------------------------------------------------------------


def test_a_reversal_brings_the_balances_back_and_keeps_the_original(partner):
    ledger.post_bonus(partner, "4.00", "EUR", "keep")
    mistaken = ledger.post_bonus(partner, "40.00", "EUR", "mistake")
    wallet = ledger.wallet(partner, "EUR")
    assert ledger.balance(wallet) == D("44.00")

    reversal = ledger.reverse(mistaken, "mistake:reversed", "Wrong rank used")
    assert reversal.reverses == mistaken
    assert reversal.description == "Wrong rank used"
    assert ledger.balance(wallet) == D("4.00")
    assert ledger.balance(expense()) == D("4.00")
    assert LedgerEntry.objects.filter(transaction=mistaken).count() == 2  # still there

    # Asked again, the same reversal; under another key, refused: it is reversed already.
    assert ledger.reverse(mistaken, "mistake:reversed", "again").pk == reversal.pk
    with pytest.raises(LedgerError, match="already reversed"):
        ledger.reverse(mistaken, "mistake:reversed-2", "again")
    assert ledger.balance(wallet) == D("4.00")


# --- currencies --------------------------------------------------------------------------


def test_balances_are_kept_by_currency(partner, make_partner):
    other = make_partner()
    ledger.post_bonus(partner, "10.00", "EUR", "a")
    ledger.post_bonus(partner, "7.25", "USD", "b")
    ledger.post_bonus(partner, "0.75", "USD", "c")
    ledger.post_bonus(other, "1.00", "USD", "d")

    assert ledger.balance(ledger.wallet(partner, "EUR")) == D("10.00")
    assert ledger.balance(ledger.wallet(partner, "USD")) == D("8.00")
    assert ledger.wallet_balances(partner) == {"EUR": D("10.00"), "USD": D("8.00")}
    assert ledger.wallet_balances(other) == {"USD": D("1.00")}
    assert ledger.balance(expense("USD")) == D("9.00")
    assert ledger.balance(expense("EUR")) == D("10.00")
    # One wallet per partner and currency, one company account per kind and currency.
    assert LedgerAccount.objects.filter(partner=partner).count() == 2
    assert LedgerAccount.objects.filter(partner=None).count() == 2


def test_a_second_company_account_of_a_kind_and_currency_is_refused_by_the_database(db):
    expense("EUR")
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerAccount.objects.create(kind=LedgerAccountKind.COMPANY_BONUS_EXPENSE,
                                     partner=None, currency="EUR")


def test_a_key_reused_for_other_entries_is_refused(partner):
    ledger.post_bonus(partner, "5.00", "EUR", "run-1:p:unilevel")
    with pytest.raises(LedgerError, match="already posted with other entries"):
        ledger.post_bonus(partner, "6.00", "EUR", "run-1:p:unilevel")
    assert ledger.balance(ledger.wallet(partner, "EUR")) == D("5.00")
