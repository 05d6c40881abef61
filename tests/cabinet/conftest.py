"""Fixtures of the cabinet's tests: a holding-tank policy, signing a partner in, and the
leader of the reference example with a posted run."""

import pytest

from network.models import NetworkSettings, PlacementPolicy
from tests.cabinet.helpers import attach


@pytest.fixture
def holding_tank_policy(db):
    settings = NetworkSettings.load()
    settings.placement_policy = PlacementPolicy.HOLDING_TANK
    settings.save()
    return settings


@pytest.fixture
def sign_in(client):
    def sign_in(partner_or_user):
        client.force_login(getattr(partner_or_user, "user", partner_or_user))
        return client

    return sign_in


@pytest.fixture
def leader(posted):
    return attach("P00600000")
