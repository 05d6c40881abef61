"""Where a new partner goes in the binary placement tree, by the company's policy.

Every write goes through `occupy()`, which relies on the database's unique
(placement_parent, placement_leg) constraint: when two sign-ups race for one slot, the
loser's savepoint rolls back and it looks for the next free slot.
"""

import logging

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import genealogy
from .models import Leg, NetworkSettings, Partner, PlacementPolicy, TeamSnapshot
from .signals import partner_placed

MAX_ATTEMPTS = 20

logger = logging.getLogger(__name__)


class PlacementError(Exception):
    """A placement the rules do not allow; the message is for the person who asked."""


def placement_anchor(sponsor):
    """The sponsor, or their nearest placed upline when the sponsor is not placed yet."""
    node = sponsor
    while node is not None and node.placement_depth is None:
        node = node.sponsor
    if node is None:
        raise PlacementError(_("Nobody in this partner's upline is placed yet."))
    return node


def find_slot(anchor, policy):
    """The (parent id, leg) the policy chooses below `anchor`."""
    if policy == PlacementPolicy.EXTREME_LEFT:
        return genealogy.outer_edge(anchor.pk, "L"), "L"
    if policy == PlacementPolicy.EXTREME_RIGHT:
        return genealogy.outer_edge(anchor.pk, "R"), "R"
    if policy == PlacementPolicy.BREADTH_FIRST:
        return genealogy.first_open_slot_breadth_first(anchor.pk)
    if policy == PlacementPolicy.WEAKER_LEG:
        leg = weaker_leg(anchor)
        return genealogy.outer_edge(anchor.pk, leg), leg
    raise ValueError(f"not an automatic placement policy: {policy}")


def weaker_leg(anchor):
    """The leg with fewer partners: an empty leg first, then the last snapshot's counts plus
    the partners this policy has put into each leg since that snapshot; left on a tie."""
    legs = dict(
        Partner.objects.filter(placement_parent=anchor).values_list("placement_leg", "id")
    )
    for leg in ("L", "R"):
        if leg not in legs:
            return leg
    snapshot = TeamSnapshot.objects.filter(partner=anchor).first()
    left = snapshot.left_count if snapshot else 0
    right = snapshot.right_count if snapshot else 0
    added = cache.get_many([_added_key(anchor, snapshot, leg) for leg in ("L", "R")])
    left += added.get(_added_key(anchor, snapshot, "L"), 0)
    right += added.get(_added_key(anchor, snapshot, "R"), 0)
    return "R" if right < left else "L"


def _added_key(anchor, snapshot, leg):
    # Keyed by the snapshot's time, so a recompute starts the count afresh.
    stamp = f"{snapshot.computed_at.timestamp():.6f}" if snapshot else "none"
    return f"network:leg-added:{anchor.pk}:{stamp}:{leg}"


def _count_weaker_leg_placement(anchor, leg):
    snapshot = TeamSnapshot.objects.filter(partner=anchor).first()
    key = _added_key(anchor, snapshot, leg)

    def count():
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, 7 * 24 * 3600)

    transaction.on_commit(count)


def occupy(partner, parent_id, leg):
    """Put `partner` into the slot; False when somebody took it first."""
    with transaction.atomic():
        # Shared with other placements, exclusive of moves: the parent's depth read here
        # stays true until this placement commits.
        genealogy.lock_trees(shared=True)
        parent_depth = (
            Partner.objects.filter(pk=parent_id).values_list("placement_depth", flat=True).get()
        )
        try:
            with transaction.atomic():
                updated = Partner.objects.filter(
                    pk=partner.pk, placement_depth__isnull=True
                ).update(
                    placement_parent_id=parent_id, placement_leg=leg,
                    placement_depth=parent_depth + 1, placement_deadline=None,
                )
        except IntegrityError:
            return False
    if not updated:
        raise PlacementError(_("This partner has already been placed."))
    partner.placement_parent_id, partner.placement_leg = parent_id, leg
    partner.placement_depth, partner.placement_deadline = parent_depth + 1, None
    return True


def place_automatically(partner, policy):
    """Place `partner` under their sponsor by `policy`, retrying when a slot is taken."""
    anchor = placement_anchor(partner.sponsor)
    for _attempt in range(MAX_ATTEMPTS):
        parent_id, leg = find_slot(anchor, policy)
        if occupy(partner, parent_id, leg):
            if policy == PlacementPolicy.WEAKER_LEG:
                _count_weaker_leg_placement(anchor, leg)
            return parent_id, leg
    raise PlacementError(_("The placement tree is too busy; please try again."))


def place(partner, settings=None):
    """Place a newly enrolled partner by the company's policy (or into the holding tank)."""
    settings = settings or NetworkSettings.load()
    if settings.placement_policy == PlacementPolicy.HOLDING_TANK:
        partner.placement_deadline = timezone.now() + timezone.timedelta(
            days=settings.holding_tank_days
        )
        Partner.objects.filter(pk=partner.pk).update(
            placement_deadline=partner.placement_deadline
        )
        return None
    return place_automatically(partner, settings.placement_policy)


def place_from_holding_tank(sponsor, partner, parent, leg):
    """The sponsor puts a waiting partner into a free slot of their own placement team,
    and `partner_placed` is sent in the same transaction (as after a review)."""
    if partner.sponsor_id != sponsor.pk or not partner.in_holding_tank:
        raise PlacementError(_("This partner is not waiting in your holding tank."))
    if leg not in ("L", "R"):
        raise PlacementError(_("Choose the left or the right leg."))
    if parent.pk != sponsor.pk and not genealogy.is_below(sponsor, parent, genealogy.PLACEMENT):
        raise PlacementError(_("You can only place partners within your own team."))
    if parent.placement_depth is None:
        raise PlacementError(_("That partner is not placed yet."))
    with transaction.atomic():
        if not occupy(partner, parent.pk, leg):
            raise PlacementError(_("That position is already taken; choose another."))
        partner_placed.send(sender=Partner, partner=partner)


def free_positions(partner):
    """A few free slots worth suggesting to a sponsor placing from their holding tank:
    [{"parent", "leg", "directly"}], a free leg directly under `partner`, else the bottom
    of that leg (one query each, however deep the leg); none while `partner` is unplaced."""
    if not partner.is_placed:
        return []
    taken = set(
        Partner.objects.filter(placement_parent=partner).values_list("placement_leg", flat=True)
    )
    positions = []
    for leg in Leg.values:
        if leg not in taken:
            positions.append({"parent": partner, "leg": leg, "directly": True})
            continue
        bottom = Partner.objects.select_related("user").get(
            pk=genealogy.outer_edge(partner.pk, leg)
        )
        positions.append({"parent": bottom, "leg": leg, "directly": False})
    return positions


def place_expired_holding_tank(now=None):
    """Auto-place every partner whose holding-tank time ran out; returns how many."""
    settings = NetworkSettings.load()
    now = now or timezone.now()
    placed = 0
    waiting = Partner.objects.filter(
        placement_deadline__lte=now, placement_depth__isnull=True, held_for_review=False
    ).select_related("sponsor").order_by("placement_deadline", "pk")
    for partner in waiting.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                place_automatically(partner, settings.holding_tank_fallback)
                partner_placed.send(sender=Partner, partner=partner)
        except PlacementError as error:
            # Placed by the sponsor since the query ran, or no free slot right now: one
            # partner must not stop the sweep; the next run retries whoever is left.
            logger.info("holding tank: %s not auto-placed: %s", partner.pk, error)
            continue
        placed += 1
    return placed
