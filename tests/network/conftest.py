"""Fixtures of the network's tests (the partners and the root every folder uses are in
tests/conftest.py)."""

import pytest

from tests.network.helpers import assert_trees_valid


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
def valid_trees():
    """The invariant check as a fixture, for tests that prefer fixtures over imports."""
    return assert_trees_valid
