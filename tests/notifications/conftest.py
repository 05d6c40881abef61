"""Fixtures of the notification tests: the team the mailing tests write to and recording
channels (tests/notifications/mailing_fixtures.py); the core's test kinds
(tests/notifications/helpers.py)."""

import pytest

from tests.notifications.helpers import kinds_for_tests
from tests.notifications.mailing_fixtures import build_team, recording_channels


@pytest.fixture
def team(make_partner):
    return build_team(make_partner)


@pytest.fixture
def channels():
    with recording_channels() as recorders:
        yield recorders


@pytest.fixture
def notification_kinds():
    """The test kinds (a lead, a required payout) registered for the test."""
    with kinds_for_tests():
        yield
