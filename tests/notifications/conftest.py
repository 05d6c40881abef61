"""Fixtures of the notification tests: the team the mailing tests write to and recording
channels (tests/notifications/mailing_fixtures.py)."""

import pytest

from tests.notifications.mailing_fixtures import build_team, recording_channels


@pytest.fixture
def team(make_partner):
    return build_team(make_partner)


@pytest.fixture
def channels():
    with recording_channels() as recorders:
        yield recorders
