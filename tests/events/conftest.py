"""Fixtures of the calendar's tests: the events index in three languages, and a sponsor
with a partner below them and a partner in another branch."""

import pytest

from tests.events.helpers import make_index


@pytest.fixture
def events_index(home, locales):
    return make_index(home, locales)


@pytest.fixture
def team(make_partner):
    """(sponsor, member below them, outsider in another branch)."""
    sponsor = make_partner()
    member = make_partner(sponsor)
    outsider = make_partner()
    return sponsor, member, outsider
