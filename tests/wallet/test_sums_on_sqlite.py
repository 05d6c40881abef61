"""Balances are whole cents on every database: SQLite sums decimals as floating point
(91.4399999999999), which once made the demo's wallet page fail with "finer than a cent"."""

from decimal import Decimal

import pytest

from wallet import ledger, payouts
from wallet.models import LedgerAccountKind

pytestmark = pytest.mark.django_db


def test_a_balance_of_many_small_bonuses_is_exact(make_partner):
    partner = make_partner()
    # Summed as floats these leave 40.8499999999999 (a bonus taken back is negative).
    amounts = [Decimal("595.18"), Decimal("180.08"), Decimal("515.99"), Decimal("-1250.40")]
    for number, amount in enumerate(amounts):
        ledger.post(f"test:bonus:{number}", "bonus", [
            (ledger.company_account(LedgerAccountKind.COMPANY_BONUS_EXPENSE, "EUR"), amount),
            (ledger.wallet(partner, "EUR"), -amount),
        ])
    expected = sum(amounts)
    assert ledger.wallet_balances(partner) == {"EUR": expected}
    assert ledger.balance(ledger.wallet(partner, "EUR")) == expected
    summary = payouts.wallet_summary(partner)
    assert summary[0]["balance"] == expected
