import pytest

from network import services
from network.models import NetworkSettings
from tests.factories import UserFactory


@pytest.fixture
def network_settings(db):
    return NetworkSettings.load()


@pytest.fixture
def set_policy(network_settings):
    def set_policy(policy, **fields):
        network_settings.placement_policy = policy
        for name, value in fields.items():
            setattr(network_settings, name, value)
        network_settings.save()
        return network_settings

    return set_policy


@pytest.fixture
def network_root(db):
    return services.create_root(display_name="Company")


@pytest.fixture
def make_partner(network_root):
    """make_partner(sponsor=None, **user fields) enrols a new user under `sponsor`."""

    def make_partner(sponsor=None, **user_fields):
        user = UserFactory(**user_fields)
        return services.enrol(user, sponsor or network_root)

    return make_partner
