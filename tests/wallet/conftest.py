"""Fixtures of the wallet's tests: a bonus paid into a wallet, operators, payout limits."""

import itertools

import pytest

from tests.factories import UserFactory
from wallet import ledger

_keys = itertools.count(1)


@pytest.fixture
def credit():
    """credit(partner, amount, currency="EUR") pays a bonus into the partner's wallet."""

    def credit(partner, amount, currency="EUR"):
        return ledger.post_bonus(partner, amount, currency, f"test-bonus:{next(_keys)}")

    return credit


@pytest.fixture
def operator(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def second_operator(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def payout_limits(settings):
    settings.PAYOUT_MINIMUM = "50.00"
    settings.PAYOUT_TWO_APPROVERS_ABOVE = "1000.00"
    return settings
