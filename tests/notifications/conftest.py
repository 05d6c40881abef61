"""Fixtures of the notification tests."""

import pytest

from tests.notifications.helpers import kinds_for_tests


@pytest.fixture
def notification_kinds():
    """The test kinds (a lead, a required payout) registered for the test."""
    with kinds_for_tests():
        yield
