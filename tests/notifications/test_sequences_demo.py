"""The demo's ready-made sequences: four, switched on with a 10% holdout, their steps in
three languages, a month of sends recorded the way the engine records them (the holdout
without messages) so the report shows a funnel and an experiment; seeding again changes
nothing, and the same network gives the same month."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from demo import sequences as demo
from notifications import rendering
from notifications.models import Notification
from notifications.sequences import holdout, reports
from notifications.sequences.models import Enrollment, Group, Sequence, StepSend

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(make_partner):
    now = timezone.now()
    partners = [make_partner(first_name=f"P{index}") for index in range(80)]
    for index, partner in enumerate(partners):
        days = index if index < 30 else 70 + index * 3
        partner.joined_at = now - timedelta(days=days, hours=2)
        partner.save(update_fields=["joined_at"])
    return now


def month():
    return sorted(Enrollment.objects.values_list("sequence__name", "partner_id", "group",
                                                 "entered_at", "goal_at", "exit_reason"))


def test_the_demo_seeds_four_sequences_with_a_month_of_sends(network):
    created = demo.seed_sequences(now=network)
    assert set(created) == {spec["name"] for spec in demo.SEQUENCES}
    sequences = list(Sequence.objects.all())
    assert all(s.active and s.holdout_percent == 10 for s in sequences)
    welcome = Sequence.objects.get(name="Welcome and first week")
    assert [step.delay_days for step in welcome.steps.order_by("sort_order")] == [0, 1, 3, 5]
    stalled = Sequence.objects.get(name="Stalled newcomer")
    assert stalled.steps.filter(tell_sponsor=True).exists()
    for step in welcome.steps.all():
        assert step.title_en and step.title_ru and step.title_uk and step.body_uk

    for enrollment in Enrollment.objects.all():
        assert enrollment.group == holdout.group_of(enrollment.sequence_id,
                                                    enrollment.partner_id, 10)
    assert not StepSend.objects.filter(enrollment__group=Group.HOLDOUT,
                                       notification__isnull=False).exists()
    assert not StepSend.objects.filter(enrollment__group=Group.SENT,
                                       notification__isnull=True).exists()

    result = reports.report(welcome, now=network)
    assert result.entered[Group.SENT] > 0 and result.sent_total > 0
    assert result.opened_total > 0 and result.clicked_total > 0
    message = Notification.objects.filter(source=f"sequence:{welcome.pk}:step:1").first()
    with translation.override("uk"):
        assert rendering.texts(message)[0] == f"Ласкаво просимо, {message.recipient.first_name}!"


def test_seeding_again_changes_nothing_and_the_month_is_deterministic(network):
    demo.seed_sequences(now=network)
    first = month()
    assert demo.seed_sequences(now=network) == {}
    assert month() == first
    # Afresh (new sequence ids, so new groups): the same partners enter on the same days.
    Sequence.objects.all().delete()
    demo.seed_sequences(now=network)
    assert [row[:2] + row[3:4] for row in month()] == [row[:2] + row[3:4] for row in first]
