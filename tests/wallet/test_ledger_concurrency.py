"""Two workers posting the same thing at the same moment, on PostgreSQL (SQLite serializes
writers, so there is no race to lose there)."""

from decimal import Decimal

import pytest

from tests.helpers import require_postgresql, run_at_once
from wallet import ledger
from wallet.models import LedgerEntry, LedgerTransaction

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    require_postgresql("concurrent writers need PostgreSQL; SQLite serializes them")


def test_two_workers_posting_one_key_write_one_transaction(make_partner):
    partner = make_partner()
    wallet = ledger.wallet(partner, "EUR")
    entries = ledger.bonus_entries(partner, "50.00", "EUR")
    for attempt in range(5):  # a few rounds, so the race is actually run
        key = f"run-3:{partner.pk}:{attempt}"
        results, errors = run_at_once([
            lambda key=key: ledger.post(key, "bonus", entries).pk,
            lambda key=key: ledger.post(key, "bonus", entries).pk,
        ])
        assert errors == [None, None]
        assert results[0] == results[1]
    assert LedgerTransaction.objects.count() == 5
    assert LedgerEntry.objects.count() == 10
    assert ledger.balance(wallet) == Decimal("250.00")
