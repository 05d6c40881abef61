"""Reminders a day and an hour before, to those going only, once per answer and `when`
however often the task runs (the time is given, never the clock's)."""

from datetime import timedelta

import pytest

from events import reminders, seats, signals
from events.models import ReminderSent
from events.tasks import send_event_reminders
from tests.events.helpers import NOW, make_event, make_team_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded():
    got = []

    def receive(sender, **kwargs):
        got.append(kwargs)

    signals.event_reminder_due.connect(receive)
    yield got
    signals.event_reminder_due.disconnect(receive)


def test_a_day_and_an_hour_before_once_each(events_index, make_partner, reminded,
                                            django_capture_on_commit_callbacks):
    event = make_event(events_index, starts=NOW + timedelta(hours=30))
    going, maybe = make_partner(), make_partner()
    seats.respond(going, event, "going", now=NOW)
    seats.respond(maybe, event, "maybe", now=NOW)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(now=NOW) == 0  # 30 hours ahead: nothing yet
        day_before = NOW + timedelta(hours=7)  # the event starts in 23 hours
        assert send_event_reminders(day_before.isoformat()) == 1
        assert send_event_reminders(day_before.isoformat()) == 0  # the run repeated
        assert reminders.send_due(now=day_before + timedelta(minutes=5)) == 0
        hour_before = NOW + timedelta(hours=29, minutes=10)  # starts in 50 minutes
        assert reminders.send_due(now=hour_before) == 1
        assert reminders.send_due(now=hour_before) == 0

    assert [(kwargs["user"], kwargs["when"]) for kwargs in reminded] == [
        (going.user, "day"), (going.user, "hour")]
    assert reminded[0]["facts"]["title"] == event.title
    assert reminded[0]["dedupe_key"].startswith("event-reminder:")
    assert ReminderSent.objects.count() == 2


def test_team_events_are_reminded_and_the_waiting_list_is_not(team, reminded,
                                                               django_capture_on_commit_callbacks):
    sponsor, member, _outsider = team
    event = make_team_event(sponsor, starts=NOW + timedelta(minutes=40), capacity=1)
    seats.respond(sponsor, event, "going", now=NOW - timedelta(days=1))
    waiting = seats.respond(member, event, "going", now=NOW - timedelta(days=1))
    assert waiting.status == "waiting"
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(now=NOW) == 1
    assert [(kwargs["user"], kwargs["when"]) for kwargs in reminded] == [(sponsor.user, "hour")]
