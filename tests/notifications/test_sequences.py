"""The sequence engine with time passed in: steps go out when their delay is due and once
only, an entry closes when its exit condition is met, the cap holds (in the database too),
the holdout is stable and gets no messages (but its steps are recorded), the sponsor is
told, and each trigger finds the partners it should."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone, translation

from landing.models import Landing, Lead
from learning.models import StageProgress
from notifications import rendering
from notifications.models import Notification
from notifications.sequences import engine, holdout, kinds
from notifications.sequences.models import (
    Condition,
    Enrollment,
    ExitReason,
    Group,
    StepSend,
    Trigger,
)
from orders.models import Order, OrderStatus
from tests.notifications import sequence_helpers
from tests.notifications.sequence_helpers import in_both_groups, make_sequence

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail")]
mail = sequence_helpers.mail


def messages(user):
    return list(Notification.objects.filter(recipient=user, kind=kinds.MESSAGE)
                .order_by("created_at", "pk"))


def test_each_step_goes_out_when_its_delay_is_due_and_once(make_partner):
    sequence = make_sequence(steps=((0, 0), (1, 0), (3, 12)))
    partner = make_partner(first_name="Olena")
    joined = partner.joined_at

    engine.run(now=joined + timedelta(minutes=5))
    first = messages(partner.user)
    assert [message.source for message in first] == [f"sequence:{sequence.pk}:step:1"]
    assert rendering.texts(first[0])[0] == "Step 1 for Olena"

    engine.run(now=joined + timedelta(hours=23))
    engine.run(now=joined + timedelta(hours=23, minutes=5))  # a pass run twice
    assert len(messages(partner.user)) == 1

    engine.run(now=joined + timedelta(days=1, minutes=5))
    engine.run(now=joined + timedelta(days=3, hours=11))
    assert len(messages(partner.user)) == 2
    engine.run(now=joined + timedelta(days=3, hours=12, minutes=5))
    engine.run(now=joined + timedelta(days=3, hours=12, minutes=10))
    sent = messages(partner.user)
    assert [message.source for message in sent] == [
        f"sequence:{sequence.pk}:step:{number}" for number in (1, 2, 3)]
    assert Enrollment.objects.get().entry == 1
    assert StepSend.objects.filter(notification__isnull=False).count() == 3


def test_the_message_reads_in_the_partners_language(make_partner):
    make_sequence()
    partner = make_partner(language="uk")
    engine.run(now=partner.joined_at + timedelta(minutes=1))
    (message,) = messages(partner.user)
    with translation.override("uk"):
        assert rendering.texts(message) == ("Крок 1", "День 0 українською")
    with translation.override("ru"):
        assert rendering.texts(message) == ("Шаг 1", "День 0 по-русски")


def test_an_order_after_entering_ends_the_sequence(make_partner):
    make_sequence(steps=((0, 0), (2, 0)), exit_condition=Condition.ORDERED, goal_days=30)
    partner = make_partner()
    joined = partner.joined_at
    engine.run(now=joined + timedelta(minutes=1))
    Order.objects.create(partner=partner, status=OrderStatus.PAID,
                         created_at=joined + timedelta(days=1))
    engine.run(now=joined + timedelta(days=2, minutes=1))

    enrollment = Enrollment.objects.get()
    assert enrollment.exit_reason == ExitReason.GOAL
    assert enrollment.exited_at == joined + timedelta(days=2, minutes=1)
    assert enrollment.goal_at is not None
    assert len(messages(partner.user)) == 1  # day 2 never went out


def test_an_order_before_entering_does_not_count(make_partner):
    make_sequence(steps=((0, 0), (2, 0)), exit_condition=Condition.ORDERED)
    partner = make_partner()
    Order.objects.create(partner=partner, status=OrderStatus.PAID,
                         created_at=partner.joined_at)
    engine.run(now=partner.joined_at + timedelta(minutes=1))
    engine.run(now=partner.joined_at + timedelta(days=2, minutes=1))
    assert Enrollment.objects.get().exited_at is None
    assert len(messages(partner.user)) == 2


def test_the_entry_closes_when_the_goal_window_is_over(make_partner):
    make_sequence(steps=((0, 0),), exit_condition=Condition.ORDERED, goal_days=5)
    partner = make_partner()
    engine.run(now=partner.joined_at + timedelta(minutes=1))
    engine.run(now=partner.joined_at + timedelta(days=5, minutes=2))
    enrollment = Enrollment.objects.get()
    assert enrollment.exit_reason == ExitReason.FINISHED and enrollment.goal_at is None


def _absent(user, now, days):
    user.last_login = now - timedelta(days=days)
    user.save(update_fields=["last_login"])


def test_the_cap_limits_how_often_a_partner_enters(make_partner):
    now = timezone.now()
    once = make_sequence(Trigger.NO_SIGN_IN, trigger_days=14, name="Once",
                         exit_condition=Condition.SIGNED_IN, max_entries=1)
    twice = make_sequence(Trigger.NO_SIGN_IN, trigger_days=14, name="Twice",
                          exit_condition=Condition.SIGNED_IN, max_entries=2)
    partner = make_partner()
    user = partner.user
    for _entry in range(3):
        _absent(user, now, 15)
        engine.run(now=now)
        user.last_login = now + timedelta(minutes=1)  # signs in: the entry closes
        user.save(update_fields=["last_login"])
        engine.run(now=now + timedelta(minutes=2))
        now += timedelta(days=20)
    assert Enrollment.objects.filter(sequence=once).count() == 1
    assert sorted(Enrollment.objects.filter(sequence=twice).values_list("entry", flat=True)) \
        == [1, 2]
    assert all(e.exit_reason == ExitReason.GOAL for e in Enrollment.objects.all())
    with pytest.raises(IntegrityError):
        Enrollment.objects.create(sequence=once, partner=partner, user=user, entry=1,
                                  group=Group.SENT, triggered_at=now, entered_at=now)


def test_the_same_absence_does_not_enter_twice(make_partner):
    now = timezone.now()
    make_sequence(Trigger.NO_SIGN_IN, trigger_days=14, max_entries=5, goal_days=1)
    partner = make_partner()
    _absent(partner.user, now, 15)
    engine.run(now=now)
    engine.run(now=now + timedelta(days=2))  # finished, still absent
    engine.run(now=now + timedelta(days=3))
    assert Enrollment.objects.count() == 1


def test_the_holdout_is_stable_and_gets_no_messages(make_partner):
    sequence = make_sequence(steps=((0, 0), (1, 0)), holdout_percent=50)
    partners = in_both_groups(sequence, make_partner)
    latest = max(partner.joined_at for partner in partners)
    engine.run(now=latest + timedelta(minutes=1))
    engine.run(now=latest + timedelta(days=1, minutes=1))

    groups = dict(Enrollment.objects.values_list("partner_id", "group"))
    assert groups == {partner.pk: holdout.group_of(sequence.pk, partner.pk, 50)
                      for partner in partners}
    assert set(groups.values()) == {Group.SENT, Group.HOLDOUT}
    for partner in partners:
        got = len(messages(partner.user))
        assert got == (0 if groups[partner.pk] == Group.HOLDOUT else 2)
    held = StepSend.objects.filter(enrollment__group=Group.HOLDOUT)
    assert held.count() == 2 * list(groups.values()).count(Group.HOLDOUT)
    assert not held.filter(notification__isnull=False).exists()
    assert not StepSend.objects.filter(enrollment__group=Group.SENT,
                                       notification__isnull=True).exists()


def test_the_hash_keeps_a_partner_in_one_group_and_splits_evenly():
    assert {holdout.group_of(7, 1234, 10) for _ in range(5)} == {holdout.group_of(7, 1234, 10)}
    held = sum(holdout.group_of(3, pk, 10) == Group.HOLDOUT for pk in range(1, 20001))
    assert 1800 < held < 2200
    assert not any(holdout.group_of(3, pk, 0) == Group.HOLDOUT for pk in range(1, 2001))
    # Raising the share only moves partners into the holdout.
    for pk in range(1, 2001):
        if holdout.group_of(3, pk, 10) == Group.HOLDOUT:
            assert holdout.group_of(3, pk, 30) == Group.HOLDOUT


def test_a_step_can_tell_the_sponsor_in_their_language(make_partner):
    sponsor = make_partner(first_name="Taras", language="ru")
    newcomer = make_partner(sponsor=sponsor, first_name="Iryna", last_name="Koval")
    make_sequence(steps=((0, 0, {
        "tell_sponsor": True, "sponsor_title_en": "{newcomer} is stuck",
        "sponsor_body_en": "Call them, {name}.", "sponsor_title_ru": "{newcomer} застрял(а)",
        "sponsor_body_ru": "Позвоните, {name}.",
    }),))
    engine.run(now=newcomer.joined_at + timedelta(minutes=1))
    told = Notification.objects.get(recipient=sponsor.user, kind=kinds.SPONSOR)
    with translation.override("ru"):
        title, body = rendering.texts(told)
    assert title == f"{newcomer.name} застрял(а)" and body == "Позвоните, Taras."
    assert StepSend.objects.get(enrollment__partner=newcomer).sponsor_notification == told
    assert "/cabinet/team/newcomers/" in told.url


def test_the_holdouts_sponsor_is_not_told(make_partner):
    sponsor = make_partner()
    sequence = make_sequence(holdout_percent=50, steps=((0, 0, {
        "tell_sponsor": True, "sponsor_title_en": "{newcomer}", "sponsor_body_en": "Call"}),))
    newcomers = in_both_groups(sequence, lambda: make_partner(sponsor=sponsor))
    engine.run(now=max(p.joined_at for p in newcomers) + timedelta(minutes=1))
    sent = Enrollment.objects.filter(partner__in=newcomers, group=Group.SENT).count()
    assert 0 < sent < len(newcomers)
    assert Notification.objects.filter(recipient=sponsor.user, kind=kinds.SPONSOR).count() \
        == sent


def test_a_new_partner_gets_the_first_step_at_once(make_partner,
                                                   django_capture_on_commit_callbacks):
    make_sequence()
    with django_capture_on_commit_callbacks(execute=True):
        partner = make_partner()
    assert len(messages(partner.user)) == 1
    assert Enrollment.objects.get().triggered_at == partner.joined_at


def test_old_partners_do_not_enter_a_welcome_switched_on_later(make_partner):
    partner = make_partner()
    make_sequence()
    engine.run(now=partner.joined_at + timedelta(days=30))
    assert not Enrollment.objects.exists()


def test_a_stalled_course_and_a_waiting_lead_are_found(make_partner):
    now = timezone.now()
    stalled = make_sequence(Trigger.COURSE_STALLED, trigger_days=3, name="Stalled")
    leads = make_sequence(Trigger.LEAD_NOT_CONTACTED, trigger_days=48, name="Leads")
    learner, moving, seller = make_partner(), make_partner(), make_partner()
    course, stage = "6f1c3a52-0000-4000-8000-000000000001", "6f1c3a52-0000-4000-8000-0000000000a1"
    StageProgress.objects.create(partner=learner, course_key=course, stage_key=stage,
                                 last_moved_at=now - timedelta(days=4))
    StageProgress.objects.create(partner=moving, course_key=course, stage_key=stage,
                                 last_moved_at=now - timedelta(days=1))
    landing = Landing.objects.create(partner=seller, language="en", title="Shop")
    Lead.objects.create(landing=landing, partner=seller, name="A visitor", consent_text="ok",
                        created_at=now - timedelta(hours=50))
    engine.run(now=now)
    assert list(Enrollment.objects.filter(sequence=stalled).values_list(
        "partner_id", flat=True)) == [learner.pk]
    assert list(Enrollment.objects.filter(sequence=leads).values_list(
        "partner_id", flat=True)) == [seller.pk]


def test_no_order_this_period_by_day_n(make_partner):
    from notifications.sequences.triggers import period_start

    make_sequence(Trigger.NO_ORDER_THIS_PERIOD, trigger_days=10)
    buyer, idle = make_partner(), make_partner()
    start = period_start(timezone.now())
    for partner in (buyer, idle):
        partner.joined_at = start - timedelta(days=40)
        partner.save(update_fields=["joined_at"])
    Order.objects.create(partner=buyer, status=OrderStatus.PAID,
                         created_at=start + timedelta(days=2))
    engine.run(now=start + timedelta(days=8))  # day 9: too early
    assert not Enrollment.objects.exists()
    engine.run(now=start + timedelta(days=9, hours=1))  # day 10
    assert list(Enrollment.objects.values_list("partner_id", flat=True)) == [idle.pk]
    assert Enrollment.objects.get().triggered_at == start


def test_a_failing_sequence_does_not_stop_the_others(make_partner, monkeypatch):
    from notifications.sequences import triggers

    make_sequence(Trigger.NO_SIGN_IN, trigger_days=3, name="Broken")
    make_sequence(name="Welcome")

    def broken(sequence, now):
        raise RuntimeError("a query the data trips")

    monkeypatch.setitem(triggers.FIRED, Trigger.NO_SIGN_IN, broken)
    partner = make_partner()
    done = engine.run(now=partner.joined_at + timedelta(minutes=1))
    assert done["failed"] == 1 and len(messages(partner.user)) == 1
