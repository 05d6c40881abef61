"""The calendar's facts reach the right people through the notification centre: a reminder
a day and an hour before (once, in the partner's language), an invitation to a team event,
the owner told of an answer, and the first on the waiting list told of a freed seat."""

from datetime import timedelta

import pytest

from events import reminders, seats, team_events
from notifications import rendering
from notifications.models import Notification
from tests.events.helpers import NOW, make_event, make_index, make_team_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events_index(home, locales):
    return make_index(home, locales)


def told(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind)


def shown_title(notification):
    return rendering.message(notification, "inapp").title


def test_reminders_reach_who_goes_once_in_their_language(
        events_index, make_partner, django_capture_on_commit_callbacks):
    event = make_event(events_index, title="Product webinar",
                       starts=NOW + timedelta(hours=30), zone="Europe/Kyiv")
    going, maybe = make_partner(), make_partner()
    going.user.language = "ru"
    going.user.save(update_fields=["language"])
    seats.respond(going, event, "going", now=NOW)
    seats.respond(maybe, event, "maybe", now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due(now=NOW + timedelta(hours=7))
        reminders.send_due(now=NOW + timedelta(hours=7, minutes=5))  # the run repeated
    day = told(going.user, "event_reminder_day")
    assert day.count() == 1
    assert not Notification.objects.filter(recipient=maybe.user).exists()
    reminder = day.get()
    assert shown_title(reminder) == "Завтра: Product webinar"  # in Russian (locale/pending)
    assert "(Europe/Kyiv)" in rendering.message(reminder, "inapp").body
    assert reminder.url == event.url or reminder.url.endswith(event.slug + "/")
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due(now=NOW + timedelta(hours=29, minutes=30))
    assert told(going.user, "event_reminder_hour").count() == 1


def test_a_team_event_invites_the_team_and_tells_the_owner_of_answers(
        make_partner, django_capture_on_commit_callbacks):
    owner = make_partner(first_name="Marta", last_name="Owner")
    member = make_partner(owner, first_name="Olena", last_name="Member")
    outsider = make_partner()
    meeting = make_team_event(owner, title="Home meeting")
    with django_capture_on_commit_callbacks(execute=True):
        team_events.invite(meeting, depth=3, now=NOW)
        team_events.invite(meeting, depth=3, now=NOW)  # invited once
    invitation = told(member.user, "team_event_invitation").get()
    assert shown_title(invitation) == "Marta Owner invites you: Home meeting"
    assert not told(outsider.user, "team_event_invitation").exists()
    with django_capture_on_commit_callbacks(execute=True):
        seats.respond(member, meeting, "going", now=NOW)
    answer = told(owner.user, "team_event_answer").get()
    assert shown_title(answer) == "Olena Member is going: Home meeting"
    assert not told(member.user, "team_event_answer").exists()


def test_the_first_waiting_is_told_when_a_seat_frees_up(
        events_index, make_partner, django_capture_on_commit_callbacks):
    event = make_event(events_index, title="Leadership day", capacity=1)
    first, second = make_partner(), make_partner()
    with django_capture_on_commit_callbacks(execute=True):
        seats.respond(first, event, "going", now=NOW)
        assert seats.respond(second, event, "going", now=NOW).status == "waiting"
        seats.respond(first, event, "not_going", now=NOW + timedelta(minutes=1))
    promoted = told(second.user, "waitlist_promoted").get()
    assert shown_title(promoted) == "You have a seat: Leadership day"
    assert not told(first.user, "waitlist_promoted").exists()
