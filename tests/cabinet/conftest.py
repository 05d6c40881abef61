import pytest

from network.models import NetworkSettings, PlacementPolicy
from tests.network.conftest import make_partner, network_root  # noqa: F401 (fixtures)


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
