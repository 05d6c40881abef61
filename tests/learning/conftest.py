"""Fixtures of learning's tests: a course in English (with Russian translations where a
test asks), and partners at their first days."""

import pytest

from tests.learning.helpers import build_course


@pytest.fixture
def course(home):
    """(course, (stage one, stage two), (reading lesson, quiz lesson, stage-two lesson))."""
    return build_course(home)


@pytest.fixture
def newcomer(make_partner):
    return make_partner()
