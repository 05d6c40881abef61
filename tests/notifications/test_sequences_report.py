"""The sequence report's figures on a hand-built example: the funnel (entered, sent,
opened, clicked, exited by goal) and the experiment (goal and 30/60/90-day activity, sent
group against holdout) with the 95% interval of the difference, checked against the
values Newcombe (1998) published; and the interval arithmetic on its own."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Delivery, Notification
from notifications.sequences import proportions, reports
from notifications.sequences.models import (
    Condition,
    Enrollment,
    ExitReason,
    Group,
    StepSend,
)
from orders.models import Order, OrderStatus
from tests.notifications.sequence_helpers import make_sequence


def close(pair, expected, places=4):
    return all(round(value, places) == round(target, places)
               for value, target in zip(pair, expected, strict=True))


def test_newcombe_intervals_match_the_published_examples():
    # Newcombe, Statistics in Medicine 17 (1998) 873-890, table II, method 10.
    assert close(proportions.newcombe(56, 70, 48, 80), (0.0524, 0.3339))
    assert close(proportions.newcombe(9, 10, 3, 10), (0.1705, 0.8090))
    assert close(proportions.newcombe(5, 56, 0, 29), (-0.0381, 0.1926))
    # The same difference by the normal approximation: 0.2 ± 1.96 × 0.0727.
    assert close(proportions.wald(56, 70, 48, 80), (0.0575, 0.3425))
    # Wilson's interval for one proportion (Newcombe 1998, companion paper): 81/263.
    assert close(proportions.wilson(81, 263), (0.2553, 0.3662))


def test_an_empty_group_has_no_interval():
    assert proportions.newcombe(3, 10, 0, 0) is None
    assert proportions.wilson(0, 0) is None
    comparison = proportions.Comparison(sent=3, sent_total=10, held=0, held_total=0)
    assert comparison.difference is None and not comparison.significant


@pytest.mark.django_db
def test_the_report_counts_the_funnel_and_the_experiment(make_partner):
    now = timezone.now()
    entered = now - timedelta(days=65)
    sequence = make_sequence(steps=((0, 0), (1, 0)), exit_condition=Condition.ORDERED,
                             holdout_percent=50)
    partners = [make_partner() for _ in range(8)]
    sent_group, holdout = partners[:5], partners[5:]
    rows = []
    for index, partner in enumerate(partners):
        group = Group.SENT if partner in sent_group else Group.HOLDOUT
        goal = index in (0, 1, 2, 5)  # 3 of 5 sent, 1 of 3 held out
        rows.append(Enrollment.objects.create(
            sequence=sequence, partner=partner, user=partner.user, group=group,
            triggered_at=entered, entered_at=entered,
            goal_at=entered + timedelta(days=3) if goal else None,
            exited_at=entered + timedelta(days=3) if index in (0, 1) else None,
            exit_reason=ExitReason.GOAL if index in (0, 1) else ""))
    steps = list(sequence.steps.all())
    for enrollment in rows:
        for position, step in enumerate(steps, start=1):
            notification = None
            if enrollment.group == Group.SENT:
                notification = Notification.objects.create(
                    recipient=enrollment.user, kind="sequence_message",
                    source=f"sequence:{sequence.pk}:step:{position}")
            StepSend.objects.create(enrollment=enrollment, step=step, position=position,
                                    notification=notification, sent_at=entered)
    first_step = StepSend.objects.filter(position=1, notification__isnull=False).order_by("pk")
    opened = first_step[0].notification
    Delivery.objects.create(notification=opened, channel="email", status="sent",
                            opened_at=now)
    clicked = first_step[1].notification
    Notification.objects.filter(pk=clicked.pk).update(read_at=now, clicked_at=now)
    # Activity: signed in on day 40 (active at 30, not 60), ordered on day 61 (30 and 60).
    sent_group[0].user.last_login = entered + timedelta(days=40)
    sent_group[0].user.save(update_fields=["last_login"])
    Order.objects.create(partner=sent_group[1], status=OrderStatus.PAID,
                         created_at=entered + timedelta(days=61))
    Order.objects.create(partner=holdout[0], status=OrderStatus.REFUNDED,
                         created_at=entered + timedelta(days=61))  # not paid: not active

    result = reports.report(sequence, now=now)
    assert result.entered == {Group.SENT: 5, Group.HOLDOUT: 3}
    assert result.exited_by_goal_total == 2
    first, second = result.steps
    assert (first.sent_group, first.holdout, first.sent, first.opened, first.clicked) == (
        5, 3, 5, 2, 1)
    assert (second.sent, second.opened, second.clicked) == (5, 0, 0)
    figures = {figure.key: figure for figure in result.figures}
    goal = figures["goal"].comparison
    assert (goal.sent, goal.sent_total, goal.held, goal.held_total) == (3, 5, 1, 3)
    assert figures["goal"].sent_percent == 60.0 and figures["goal"].held_percent == 33.3
    assert figures["goal"].difference_points == 26.7
    low, high = proportions.newcombe(3, 5, 1, 3)
    assert figures["goal"].interval_points == (round(100 * low, 1), round(100 * high, 1))
    assert (figures["active_30"].comparison.sent, figures["active_30"].comparison.held) == (2, 0)
    assert figures["active_60"].comparison.sent == 1
    # Nobody entered 90 days ago: no entry counts yet.
    assert figures["active_90"].comparison.sent_total == 0
    assert figures["active_90"].interval_points is None

    lines = reports.as_csv(result).splitlines()
    assert lines[0] == "Step,Title,\"Done, sent group\",\"Done, holdout\",Sent,Opened,Clicked"
    assert lines[1] == "1,Step 1 for {name},5,3,5,2,1"
    goal_line = next(line for line in lines if line.startswith("Goal"))
    assert goal_line.startswith("Goal: Made an order,3,5,60.0,1,3,33.3,26.7,")


@pytest.mark.django_db
def test_the_interval_in_the_report_is_newcombes_on_the_published_example(make_partner):
    """56 of 70 in the sent group reached the goal against 48 of 80 held out: a
    difference of 20 points, 95% interval 5.2 to 33.4 (Newcombe 1998)."""
    now = timezone.now()
    sequence = make_sequence(exit_condition=Condition.ORDERED, holdout_percent=50)
    partner = make_partner()
    Enrollment.objects.bulk_create([
        Enrollment(sequence=sequence, partner=partner, user=partner.user, entry=entry,
                   group=Group.SENT if entry <= 70 else Group.HOLDOUT,
                   triggered_at=now, entered_at=now - timedelta(days=10),
                   exited_at=now,
                   goal_at=now if entry <= 56 or 70 < entry <= 118 else None)
        for entry in range(1, 151)
    ])
    figure = next(f for f in reports.report(sequence, now=now).figures if f.key == "goal")
    assert (figure.sent_percent, figure.held_percent, figure.difference_points) == (
        80.0, 60.0, 20.0)
    assert figure.interval_points == (5.2, 33.4)
    assert figure.comparison.significant
