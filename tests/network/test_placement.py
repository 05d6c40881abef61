"""Where a new partner lands in the binary tree under each placement policy, the
database's one-partner-per-slot rule, and the holding tank."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from network import placement, services, snapshots, tasks
from network.models import Partner, PlacementPolicy, TeamSnapshot
from network.placement import PlacementError
from tests.factories import UserFactory
from tests.network.helpers import assert_trees_valid


def slot(partner):
    """(parent id, leg, depth) as stored now."""
    partner.refresh_from_db()
    return partner.placement_parent_id, partner.placement_leg, partner.placement_depth


# --- automatic policies ------------------------------------------------------------------


def test_extreme_left_goes_down_the_sponsors_left_edge(network_root, make_partner, set_policy):
    set_policy(PlacementPolicy.EXTREME_LEFT)
    first = make_partner()
    second = make_partner()
    third = make_partner(first)  # sponsored lower down: still the end of *first's* left edge

    assert slot(first) == (network_root.pk, "L", 1)
    assert slot(second) == (first.pk, "L", 2)
    assert slot(third) == (second.pk, "L", 3)
    assert not Partner.objects.filter(placement_leg="R").exists()
    assert_trees_valid()


def test_extreme_right_goes_down_the_sponsors_right_edge(network_root, make_partner, set_policy):
    set_policy(PlacementPolicy.EXTREME_RIGHT)
    first = make_partner()
    second = make_partner()
    third = make_partner(first)

    assert slot(first) == (network_root.pk, "R", 1)
    assert slot(second) == (first.pk, "R", 2)
    assert slot(third) == (second.pk, "R", 3)
    assert not Partner.objects.filter(placement_leg="L").exists()
    assert_trees_valid()


def test_extreme_left_starts_from_the_sponsor_not_the_root(network_root, make_partner,
                                                         set_policy):
    set_policy(PlacementPolicy.EXTREME_RIGHT)
    right = make_partner()
    set_policy(PlacementPolicy.EXTREME_LEFT)
    under_right = make_partner(right)
    assert slot(under_right) == (right.pk, "L", 2)


def test_the_remembered_leg_bottom_is_used_and_forgotten_after_a_move(
    network_root, make_partner, set_policy, django_capture_on_commit_callbacks,
):
    staff = UserFactory(is_staff=True)
    set_policy(PlacementPolicy.EXTREME_LEFT)
    with django_capture_on_commit_callbacks(execute=True):
        first = make_partner()
        second = make_partner()
        third = make_partner()
    assert slot(third) == (second.pk, "L", 3)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_placement(second, network_root, "R", staff_user=staff, reason="ask")
    # *second* (the remembered parent) left the left edge with *third* below it; a stale
    # hint would put the next partner under *third* in the right leg.
    with django_capture_on_commit_callbacks(execute=True):
        fourth = make_partner()
    assert slot(fourth) == (first.pk, "L", 2)
    with django_capture_on_commit_callbacks(execute=True):
        fifth = make_partner()
    assert slot(fifth) == (fourth.pk, "L", 3)
    assert_trees_valid()


def test_weaker_leg_fills_an_empty_leg_first_then_follows_the_snapshot(
    network_root, make_partner, set_policy
):
    set_policy(PlacementPolicy.WEAKER_LEG)
    left = make_partner()
    right = make_partner()
    assert slot(left) == (network_root.pk, "L", 1)
    assert slot(right) == (network_root.pk, "R", 1)

    # Both legs hold one partner and no snapshot exists yet: a tie goes left.
    third = make_partner()
    assert slot(third) == (left.pk, "L", 2)

    snapshots.recompute()  # left 2, right 1: the right leg is weaker
    fourth = make_partner()
    assert slot(fourth) == (right.pk, "R", 2)

    snapshots.recompute()  # 2 and 2: a tie goes left, to the end of the left edge
    fifth = make_partner()
    assert slot(fifth) == (third.pk, "L", 3)
    assert_trees_valid()


def test_weaker_leg_balances_between_snapshots(
    network_root, make_partner, set_policy, django_capture_on_commit_callbacks
):
    set_policy(PlacementPolicy.WEAKER_LEG)
    def sign_up():  # each in its own transaction, as in real life
        with django_capture_on_commit_callbacks(execute=True):
            return make_partner()

    partners = [sign_up() for _ in range(8)]
    snapshots.recompute()
    snapshot = TeamSnapshot.objects.get(partner=network_root)
    # Without counting placements since the snapshot, all but the first two go left.
    assert (snapshot.left_count, snapshot.right_count) == (4, 4)
    later = [sign_up() for _ in range(4)]
    legs = [Partner.objects.get(pk=p.pk) for p in later]
    snapshots.recompute()
    snapshot = TeamSnapshot.objects.get(partner=network_root)
    assert (snapshot.left_count, snapshot.right_count) == (6, 6)
    assert len(partners) + len(legs) == 12
    assert_trees_valid()


def test_weaker_leg_prefers_an_empty_leg_over_a_stale_snapshot(network_root, make_partner,
                                                              set_policy):
    set_policy(PlacementPolicy.EXTREME_LEFT)
    left = make_partner()
    set_policy(PlacementPolicy.WEAKER_LEG)
    # A stale snapshot claiming the (still empty) right leg is the bigger one.
    TeamSnapshot.objects.create(
        partner=network_root, left_count=1, right_count=9, computed_at=timezone.now()
    )
    newcomer = make_partner()
    assert slot(newcomer) == (network_root.pk, "R", 1)
    assert slot(left) == (network_root.pk, "L", 1)


def test_weaker_leg_uses_the_right_leg_when_the_snapshot_says_it_is_smaller(
    network_root, make_partner, set_policy
):
    set_policy(PlacementPolicy.EXTREME_LEFT)
    a, b, c = make_partner(), make_partner(), make_partner()  # a left chain of three
    set_policy(PlacementPolicy.EXTREME_RIGHT)
    d = make_partner()  # alone on the right
    set_policy(PlacementPolicy.WEAKER_LEG)
    snapshots.recompute()
    assert TeamSnapshot.objects.get(partner=network_root).left_count == 3
    newcomer = make_partner()
    assert slot(newcomer) == (d.pk, "R", 2)
    assert [slot(p)[0] for p in (a, b, c)] == [network_root.pk, a.pk, b.pk]


def test_breadth_first_fills_level_by_level_left_to_right(network_root, make_partner,
                                                         set_policy):
    set_policy(PlacementPolicy.BREADTH_FIRST)
    partners = [make_partner() for _ in range(9)]
    a, b, c, d, e, f, g, h, i = partners
    assert [slot(p) for p in partners] == [
        (network_root.pk, "L", 1), (network_root.pk, "R", 1),
        (a.pk, "L", 2), (a.pk, "R", 2), (b.pk, "L", 2), (b.pk, "R", 2),
        (c.pk, "L", 3), (c.pk, "R", 3), (d.pk, "L", 3),
    ]
    assert_trees_valid()


def test_breadth_first_fills_below_the_sponsor_only(network_root, make_partner, set_policy):
    set_policy(PlacementPolicy.BREADTH_FIRST)
    a, b = make_partner(), make_partner()  # root's two slots
    first = make_partner(b)
    second = make_partner(b)
    third = make_partner(b)
    assert slot(first) == (b.pk, "L", 2)
    assert slot(second) == (b.pk, "R", 2)
    assert slot(third) == (first.pk, "L", 3)
    assert not Partner.objects.filter(placement_parent=a).exists()


@pytest.mark.parametrize("policy", [
    PlacementPolicy.EXTREME_LEFT, PlacementPolicy.EXTREME_RIGHT,
    PlacementPolicy.WEAKER_LEG, PlacementPolicy.BREADTH_FIRST,
])
def test_under_an_unplaced_sponsor_goes_to_their_nearest_placed_upline(
    network_root, make_partner, set_policy, policy
):
    set_policy(PlacementPolicy.EXTREME_LEFT)
    placed_upline = make_partner()
    other = make_partner(network_root)  # takes placed_upline's left slot
    assert slot(other) == (placed_upline.pk, "L", 2)
    set_policy(PlacementPolicy.HOLDING_TANK)
    waiting = make_partner(placed_upline)
    waiting_too = make_partner(waiting)  # two unplaced sponsors up the chain
    assert waiting.placement_depth is None and waiting_too.placement_depth is None

    set_policy(policy)
    newcomer = make_partner(waiting_too)
    parent_id, _leg, depth = slot(newcomer)
    parent = Partner.objects.get(pk=parent_id)
    # Placed inside placed_upline's team, never under the unplaced sponsors.
    assert parent_id in (placed_upline.pk, other.pk)
    assert parent.pk == placed_upline.pk or parent.placement_parent_id == placed_upline.pk
    assert depth == parent.placement_depth + 1
    assert newcomer.sponsor_id == waiting_too.pk and newcomer.sponsor_depth == 4
    assert_trees_valid()


def test_each_slot_holds_one_partner_at_the_database(network_root, make_partner, set_policy):
    set_policy(PlacementPolicy.EXTREME_LEFT)
    first = make_partner()
    second = make_partner()
    # A raw write that bypasses the services is still refused by the unique constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.filter(pk=second.pk).update(
            placement_parent=network_root, placement_leg="L", placement_depth=1
        )
    assert slot(first) == (network_root.pk, "L", 1)
    assert slot(second) == (first.pk, "L", 2)


def test_a_leg_is_needed_with_a_parent_at_the_database(network_root, make_partner, set_policy):
    set_policy(PlacementPolicy.EXTREME_LEFT)
    first = make_partner()
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.filter(pk=first.pk).update(placement_leg=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.filter(pk=first.pk).update(placement_leg="X")


def test_a_partner_already_placed_is_not_placed_twice(network_root, make_partner, set_policy):
    set_policy(PlacementPolicy.EXTREME_LEFT)
    first = make_partner()
    with pytest.raises(PlacementError):
        placement.place_automatically(first, PlacementPolicy.EXTREME_RIGHT)
    assert slot(first) == (network_root.pk, "L", 1)


# --- holding tank ------------------------------------------------------------------------


@pytest.fixture
def tank(network_root, make_partner, set_policy):
    """A sponsor placed at the root's left with one partner below, then a holding tank."""
    set_policy(PlacementPolicy.EXTREME_LEFT)
    sponsor = make_partner()
    below = make_partner(sponsor)  # sponsor's left
    outsider = make_partner(network_root)  # extreme left again: below's left
    set_policy(PlacementPolicy.EXTREME_RIGHT)
    stranger = make_partner(network_root)  # root's right: outside sponsor's team
    set_policy(PlacementPolicy.HOLDING_TANK, holding_tank_days=3,
               holding_tank_fallback=PlacementPolicy.EXTREME_RIGHT)
    return {"sponsor": sponsor, "below": below, "outsider": outsider, "stranger": stranger}


def test_a_new_partner_waits_unplaced_with_a_deadline(tank, make_partner):
    before = timezone.now()
    waiting = make_partner(tank["sponsor"])
    waiting.refresh_from_db()
    assert waiting.placement_depth is None and waiting.placement_parent_id is None
    assert waiting.in_holding_tank
    deadline = waiting.placement_deadline
    assert before + timezone.timedelta(days=3) <= deadline
    assert deadline <= timezone.now() + timezone.timedelta(days=3)
    assert waiting.sponsor_id == tank["sponsor"].pk and waiting.sponsor_depth == 2
    assert_trees_valid()


def test_the_sponsor_places_into_a_free_slot_of_their_own_team(tank, make_partner):
    waiting = make_partner(tank["sponsor"])
    placement.place_from_holding_tank(tank["sponsor"], waiting, tank["below"], "R")
    assert slot(waiting) == (tank["below"].pk, "R", 3)
    assert waiting.placement_deadline is None and not waiting.in_holding_tank

    second = make_partner(tank["sponsor"])
    placement.place_from_holding_tank(tank["sponsor"], second, tank["sponsor"], "R")
    assert slot(second) == (tank["sponsor"].pk, "R", 2)
    assert_trees_valid()


def refused(sponsor, partner, parent, leg, message):
    with pytest.raises(PlacementError, match=message):
        placement.place_from_holding_tank(sponsor, partner, parent, leg)
    partner.refresh_from_db()
    assert partner.placement_depth is None and partner.in_holding_tank


def test_holding_tank_refusals_change_nothing(tank, make_partner):
    sponsor = tank["sponsor"]
    waiting = make_partner(sponsor)
    other_sponsors_recruit = make_partner(tank["below"])

    refused(sponsor, waiting, sponsor, "L", "already taken")  # below sits there
    refused(sponsor, waiting, tank["stranger"], "L", "own team")
    refused(sponsor, waiting, sponsor.placement_parent, "R", "own team")  # the root, above
    refused(sponsor, waiting, tank["below"], "X", "left or the right")
    refused(sponsor, other_sponsors_recruit, tank["below"], "R", "not waiting")
    # A partner of the team who is not placed cannot take anybody below them.
    refused(sponsor, waiting, other_sponsors_recruit, "L", "own team|not placed")

    placement.place_from_holding_tank(sponsor, waiting, tank["below"], "R")
    refused_again = Partner.objects.get(pk=waiting.pk)
    with pytest.raises(PlacementError, match="not waiting"):
        placement.place_from_holding_tank(sponsor, refused_again, tank["below"], "L")
    assert_trees_valid()


def test_expired_partners_are_placed_by_the_fallback_policy(tank, make_partner):
    expired = make_partner(tank["sponsor"])
    fresh = make_partner(tank["sponsor"])
    Partner.objects.filter(pk=expired.pk).update(
        placement_deadline=timezone.now() - timezone.timedelta(minutes=1)
    )

    assert placement.place_expired_holding_tank() == 1
    # Fallback extreme right under the sponsor: the sponsor's right slot is free.
    assert slot(expired) == (tank["sponsor"].pk, "R", 2)
    fresh.refresh_from_db()
    assert fresh.in_holding_tank
    assert placement.place_expired_holding_tank() == 0  # idempotent

    later = timezone.now() + timezone.timedelta(days=4)
    assert placement.place_expired_holding_tank(now=later) == 1
    assert slot(fresh) == (expired.pk, "R", 3)
    assert_trees_valid()


def test_held_sign_ups_are_not_auto_placed(tank):
    held = services.enrol(UserFactory(), tank["sponsor"], hold_reason="burst")
    Partner.objects.filter(pk=held.pk).update(
        placement_deadline=timezone.now() - timezone.timedelta(days=1)
    )
    assert placement.place_expired_holding_tank() == 0
    held.refresh_from_db()
    assert held.placement_depth is None


def test_expired_partner_under_an_unplaced_sponsor_goes_to_the_nearest_placed_upline(
    tank, make_partner
):
    waiting_sponsor = make_partner(tank["sponsor"])
    waiting = make_partner(waiting_sponsor)
    Partner.objects.filter(pk=waiting.pk).update(
        placement_deadline=timezone.now() - timezone.timedelta(minutes=1)
    )
    assert placement.place_expired_holding_tank() == 1
    assert slot(waiting) == (tank["sponsor"].pk, "R", 2)
    waiting_sponsor.refresh_from_db()
    assert waiting_sponsor.in_holding_tank
    assert_trees_valid()


def test_the_celery_task_places_expired_partners(tank, make_partner):
    expired = [make_partner(tank["sponsor"]) for _ in range(2)]
    Partner.objects.filter(pk__in=[p.pk for p in expired]).update(
        placement_deadline=timezone.now() - timezone.timedelta(hours=1)
    )
    result = tasks.place_expired_holding_tank.delay()
    assert result.get() == 2
    assert slot(expired[0]) == (tank["sponsor"].pk, "R", 2)
    assert slot(expired[1]) == (expired[0].pk, "R", 3)
    assert_trees_valid()


def test_one_partner_refused_does_not_stop_the_sweep(tank, make_partner, monkeypatch):
    first, second = make_partner(tank["sponsor"]), make_partner(tank["sponsor"])
    Partner.objects.filter(pk__in=[first.pk, second.pk]).update(
        placement_deadline=timezone.now() - timezone.timedelta(hours=1)
    )
    real = placement.place_automatically

    def sponsor_was_quicker(partner, policy):
        # What occupy() says when the sponsor placed the partner after the sweep's query.
        if partner.pk == first.pk:
            raise PlacementError("This partner has already been placed.")
        return real(partner, policy)

    monkeypatch.setattr(placement, "place_automatically", sponsor_was_quicker)
    assert placement.place_expired_holding_tank() == 1
    assert slot(second) == (tank["sponsor"].pk, "R", 2)
    assert_trees_valid()


def test_the_sweep_announces_each_placement(tank, make_partner):
    expired = make_partner(tank["sponsor"])
    Partner.objects.filter(pk=expired.pk).update(
        placement_deadline=timezone.now() - timezone.timedelta(hours=1)
    )
    announced = []

    def listener(sender, partner, **kwargs):
        announced.append(partner.pk)

    services.partner_placed.connect(listener)
    try:
        placement.place_expired_holding_tank()
    finally:
        services.partner_placed.disconnect(listener)
    assert announced == [expired.pk]
