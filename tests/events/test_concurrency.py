"""Two partners answering "going" for the last seat at the same moment (PostgreSQL): the
event's row is locked, so one gets the seat and the other the waiting list."""

import pytest

from events import seats
from events.models import Rsvp, RsvpStatus
from tests.events.helpers import make_event, make_team_event
from tests.helpers import require_postgresql, run_at_once

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql():
    require_postgresql("concurrent writers need PostgreSQL; SQLite serializes them")


def answer_at_once(event, partners):
    results, errors = run_at_once(
        [lambda partner=partner: seats.respond(partner, event, "going").status
         for partner in partners])
    assert errors == [None] * len(partners)
    return sorted(results)


def test_the_last_seat_of_a_company_event_goes_once(events_index, make_partner):
    event = make_event(events_index, capacity=2)
    seats.respond(make_partner(), event, "going")
    racers = [make_partner() for _ in range(4)]
    assert answer_at_once(event, racers) == ["going", "waiting", "waiting", "waiting"]
    assert Rsvp.objects.filter(company_event=event, status=RsvpStatus.GOING).count() == 2


def test_the_last_seat_of_a_team_event_goes_once(make_partner):
    owner = make_partner()
    event = make_team_event(owner, capacity=1)
    racers = [make_partner(owner) for _ in range(4)]
    assert answer_at_once(event, racers) == ["going", "waiting", "waiting", "waiting"]
