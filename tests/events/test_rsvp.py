"""Answers to an event: one per person and event, a full event's waiting list and its
promotion when a seat is given back (the same transaction), the signals the notification
centre listens to, and who may answer (rank, another branch's team event)."""

import pytest
from django.db import IntegrityError, transaction

from events import seats, signals
from events.models import Rsvp, RsvpStatus
from tests.events.helpers import make_event, make_team_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Every calendar signal sent during the test, as (name, kwargs)."""
    got = []

    def listener(name):
        def receive(sender, **kwargs):
            got.append((name, kwargs))
        return receive

    receivers = {name: listener(name) for name in
                 ("rsvp_changed", "waitlist_promoted", "team_event_invited",
                  "event_reminder_due")}
    for name, receiver in receivers.items():
        getattr(signals, name).connect(receiver)
    yield got
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


def test_an_answer_is_kept_once_and_can_change(events_index, make_partner,
                                               django_capture_on_commit_callbacks):
    event = make_event(events_index)
    partner = make_partner()
    with django_capture_on_commit_callbacks(execute=True):
        seats.respond(partner, event, "maybe")
        seats.respond(partner, event, "going")
    rsvp = Rsvp.objects.get()
    assert rsvp.status == RsvpStatus.GOING and rsvp.company_event_id == event.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Rsvp.objects.create(user=partner.user, company_event=event, status="maybe")


def test_a_full_event_puts_going_on_the_waiting_list_and_promotes_the_first(
        events_index, make_partner, heard, django_capture_on_commit_callbacks):
    event = make_event(events_index, capacity=2)
    first, second, third, fourth = (make_partner() for _ in range(4))
    with django_capture_on_commit_callbacks(execute=True):
        assert seats.respond(first, event, "going").status == "going"
        assert seats.respond(second, event, "going").status == "going"
        assert seats.respond(third, event, "going").status == "waiting"
        assert seats.respond(fourth, event, "going").status == "waiting"
        # Saying "going" again does not jump the queue.
        assert seats.respond(third, event, "going").status == "waiting"
        seats.respond(first, event, "not_going")
    statuses = dict(Rsvp.objects.values_list("user_id", "status"))
    assert statuses[third.user_id] == "going"
    assert statuses[fourth.user_id] == "waiting"
    assert statuses[first.user_id] == "not_going"
    promoted = [kwargs for name, kwargs in heard if name == "waitlist_promoted"]
    assert [kwargs["user"] for kwargs in promoted] == [third.user]
    assert promoted[0]["facts"]["key"] == f"company-{event.pk}"


def test_answers_in_another_language_share_the_seats(events_index, locales, make_partner):
    from tests.helpers import publish_translation

    event = make_event(events_index, capacity=1)
    russian = publish_translation(event, locales["ru"], title="Вебинар")
    seats.respond(make_partner(), russian, "going")
    assert seats.respond(make_partner(), event, "going").status == "waiting"
    assert Rsvp.objects.filter(company_event=event).count() == 2


def test_changed_answers_are_told_after_commit(events_index, make_partner, heard,
                                               django_capture_on_commit_callbacks):
    event = make_event(events_index)
    partner = make_partner()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        seats.respond(partner, event, "going")
    assert heard == []
    for callback in callbacks:
        callback()
    (name, kwargs), = heard
    assert name == "rsvp_changed"
    assert kwargs["previous"] is None and kwargs["status"] == "going"
    assert kwargs["user"] == partner.user and kwargs["event"].pk == event.pk


def test_rank_below_the_audience_may_not_answer(events_index, make_partner):
    event = make_event(events_index, min_rank="manager")
    member = make_partner()
    with pytest.raises(seats.NotInvited):
        seats.respond(member, event, "going")
    member.rank = "director"
    member.save(update_fields=["rank"])
    assert seats.respond(member, event, "going").status == "going"


def test_team_event_answers_only_from_the_owners_team(team):
    sponsor, member, outsider = team
    event = make_team_event(sponsor, capacity=1)
    assert seats.respond(member, event, "going").status == "going"
    with pytest.raises(seats.NotInvited):
        seats.respond(outsider, event, "going")


def test_an_event_that_is_over_takes_no_answers(events_index, make_partner):
    from datetime import timedelta

    from tests.events.helpers import NOW

    event = make_event(events_index, starts=NOW - timedelta(days=1))
    with pytest.raises(seats.EventOver):
        seats.respond(make_partner(), event, "going")


def test_a_raised_capacity_gives_seats_to_those_waiting(events_index, make_partner):
    event = make_event(events_index, capacity=1)
    seats.respond(make_partner(), event, "going")
    waiting = make_partner()
    seats.respond(waiting, event, "going")
    event.capacity = 2
    event.save_revision().publish()
    assert Rsvp.objects.get(user=waiting.user).status == "going"
