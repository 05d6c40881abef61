import pytest

from network import services
from network.models import NetworkSettings, PlacementPolicy
from tests.factories import UserFactory


@pytest.fixture
def network_root(db):
    return services.create_root(display_name="Company")


@pytest.fixture
def make_partner(network_root):
    """make_partner(sponsor=None, **user fields) enrols a new user under `sponsor`."""

    def make_partner(sponsor=None, **user_fields):
        return services.enrol(UserFactory(**user_fields), sponsor or network_root)

    return make_partner


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
