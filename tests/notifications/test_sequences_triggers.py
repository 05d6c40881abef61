"""The money and rank triggers, both ways in: the periodic pass finds partners a recently
posted run paid a bonus or first gave a rank (not those of older runs, nor a rank held
before), and the events (a first paid order, a run posted, a rank reached) enter partners
at once. Every trigger's query runs on the database."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from compensation import signals as compensation_signals
from compensation.models import CommissionRun, PeriodResult, PlanVersion
from network.models import Partner
from notifications.sequences import engine, triggers
from notifications.sequences.models import Enrollment, Trigger
from orders import signals as order_signals
from orders.models import Order, OrderStatus
from tests.notifications import sequence_helpers
from tests.notifications.sequence_helpers import make_sequence

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail")]
mail = sequence_helpers.mail


def entered(sequence):
    return sorted(Enrollment.objects.filter(sequence=sequence).values_list("partner_id",
                                                                           flat=True))


@pytest.fixture
def runs(db):
    now = timezone.now()
    plan = PlanVersion.objects.create(name="Plan", version=1, state="draft", rules={},
                                      effective_from="2026-01-01")
    old = CommissionRun.objects.create(period="2026-09", plan_version=plan, state="posted",
                                       posted_at=now - timedelta(days=40))
    new = CommissionRun.objects.create(period="2026-10", plan_version=plan, state="posted",
                                       posted_at=now - timedelta(days=1))
    return SimpleNamespace(now=now, old=old, new=new)


def result(run, partner, total="0", highest="member"):
    zero = Decimal("0")
    return PeriodResult.objects.create(
        run=run, partner=partner, pv=zero, gv=zero, rank=highest, highest_rank=highest,
        active=True, total=Decimal(total), left_carry=zero, right_carry=zero)


def test_a_recent_bonus_enters_the_partner(runs, make_partner):
    sequence = make_sequence(Trigger.BONUS_EARNED)
    paid, unpaid, long_ago = make_partner(), make_partner(), make_partner()
    result(runs.new, paid, total="12.50")
    result(runs.new, unpaid)
    result(runs.old, long_ago, total="30")
    engine.run(now=runs.now)
    assert entered(sequence) == [paid.pk]
    assert Enrollment.objects.get().triggered_at == runs.new.posted_at


def test_a_rank_first_reached_in_a_recent_run_enters_the_partner(runs, make_partner):
    gold = make_sequence(Trigger.RANK_REACHED, trigger_rank="gold", name="Gold")
    silver = make_sequence(Trigger.RANK_REACHED, trigger_rank="silver", name="Silver")
    any_rank = make_sequence(Trigger.RANK_REACHED, name="Any")
    risen, held_before = make_partner(), make_partner()
    Partner.objects.filter(pk__in=[risen.pk, held_before.pk]).update(rank="gold")
    result(runs.new, risen, highest="gold")
    result(runs.old, held_before, highest="gold")
    result(runs.new, held_before, highest="gold")
    engine.run(now=runs.now)
    assert entered(gold) == [risen.pk]
    assert entered(silver) == []
    assert entered(any_rank) == [risen.pk]


def test_events_enter_partners_at_once(runs, make_partner,
                                       django_capture_on_commit_callbacks):
    now = runs.now
    first_order = make_sequence(Trigger.FIRST_ORDER, name="First order")
    bonus = make_sequence(Trigger.BONUS_EARNED, name="Bonus")
    gold = make_sequence(Trigger.RANK_REACHED, trigger_rank="gold", name="Gold")
    buyer, earner = make_partner(), make_partner()
    run = runs.new
    with django_capture_on_commit_callbacks(execute=True):
        order = Order.objects.create(partner=buyer, status=OrderStatus.PAID, created_at=now)
        order_signals.order_paid.send(sender=Order, order=order)
        compensation_signals.run_posted.send(sender=CommissionRun, run=run,
                                             bonuses={earner.pk: {"retail": Decimal("5")}},
                                             currency="EUR")
        compensation_signals.rank_reached.send(sender=Partner, partner=earner, rank="silver",
                                               run=run)
    assert entered(first_order) == [buyer.pk]
    assert entered(bonus) == [earner.pk]
    assert entered(gold) == []
    with django_capture_on_commit_callbacks(execute=True):
        compensation_signals.rank_reached.send(sender=Partner, partner=earner, rank="gold",
                                               run=run)
        second = Order.objects.create(partner=buyer, status=OrderStatus.PAID, created_at=now)
        order_signals.order_paid.send(sender=Order, order=second)
    assert entered(gold) == [earner.pk]
    assert Enrollment.objects.filter(sequence=first_order).count() == 1  # not a first order


@pytest.mark.parametrize("trigger", list(Trigger))
def test_every_trigger_query_runs(trigger, make_partner):
    sequence = make_sequence(trigger, trigger_days=1)
    make_partner()
    found = triggers.fired(sequence, timezone.now() + timedelta(days=40))
    if found is not None:
        list(triggers.eligible(sequence, found).values_list("pk", "triggered_at", "entries"))
