"""The rank report card: this period's PV, GV and binary leg volumes of a partner (with
the carry-in from the posted previous period), their paid rank so far and exactly what is
missing for the next rank.

The whole period is calculated with the engine over the database (as a commission run
would, under the plan in force) and cached: the cache key holds a version number that the
`order_paid` and `order_refunded` signals bump, so a new or refunded order shows on the
next request; a short TTL covers tree changes and everything else.
"""

from datetime import UTC, datetime
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver

from . import commission_runs
from .commission import calculate_period
from .compensation.requirements import next_rank, subtree_best, subtree_sum
from .models import Partner
from .order_services import order_paid, order_refunded
from .ranks import rank_label

VERSION_KEY = "reports:orders-version"
CACHE_TTL = 60  # seconds
ZERO = Decimal(0)


def current_period(now=None):
    now = now or datetime.now(UTC)
    return f"{now.year}-{now.month:02d}"


def orders_version():
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


@receiver(order_paid, dispatch_uid="report_card_order_paid")
@receiver(order_refunded, dispatch_uid="report_card_order_refunded")
def bump_version(sender, **kwargs):
    """A counted order changed: every cached period calculation is stale. Bumped now and
    again once the order's transaction commits, so a card computed in between (without
    the order) is not served afterwards."""
    _bump()
    transaction.on_commit(_bump)


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(VERSION_KEY, 2, timeout=None)


def period_figures(period, version):
    """{partner pk: (pv, gv, rank, best rank in sponsor subtree, left volume, right
    volume, left carry-in, right carry-in)} for `period` under the plan version
    `version`, cached."""
    key = f"reports:period:{period}:{version.pk}:{orders_version()}"
    figures = cache.get(key)
    if figures is None:
        figures = _compute(period, version)
        cache.set(key, figures, timeout=CACHE_TTL)
    return figures


def _compute(period, version):
    plan = commission_runs.plan_of(version)
    carry = commission_runs.carry_in(period)
    calculation = calculate_period(plan, period, carry, commission_runs.highest_ranks(period))
    tree = {
        pk: (sponsor, parent, leg)
        for pk, sponsor, parent, leg in Partner.objects.values_list(
            "pk", "sponsor_id", "placement_parent_id", "placement_leg"
        ).iterator(chunk_size=20000)
    }
    results = {int(result.partner): result for result in calculation.results}
    pv = {pk: results[pk].pv if pk in results else ZERO for pk in tree}
    rank_position = {
        pk: plan.rank_index.get(results[pk].rank, 0) if pk in results else 0 for pk in tree
    }
    best = subtree_best({pk: row[0] for pk, row in tree.items()}, rank_position)
    volume = subtree_sum({pk: row[1] for pk, row in tree.items()}, pv)
    legs = {}
    for pk, (_sponsor, parent, leg) in tree.items():
        if parent is not None and leg in ("L", "R"):
            legs[parent, leg] = pk
    figures = {}
    for pk in tree:
        result = results.get(pk)
        left, right = legs.get((pk, "L")), legs.get((pk, "R"))
        carry_left, carry_right = carry.get(str(pk), (ZERO, ZERO))
        figures[pk] = (
            pv[pk], result.gv if result else ZERO, plan.ranks[rank_position[pk]].code,
            plan.ranks[best[pk]].code,
            volume[left] if left is not None else ZERO,
            volume[right] if right is not None else ZERO,
            carry_left, carry_right,
        )
    return figures


def report_card(partner, period=None):
    """The card as a dict, ready for the API: each rank as its code and its name in the
    active language (`rank_name`, …)."""
    period = period or current_period()
    version = commission_runs.plan_in_force(period)
    plan = commission_runs.plan_of(version)
    figures = period_figures(period, version)
    empty = (ZERO, ZERO, plan.ranks[0].code, plan.ranks[0].code, ZERO, ZERO, ZERO, ZERO)
    pv, gv, rank, _best, left, right, carry_left, carry_right = figures.get(
        partner.pk, empty
    )
    legs = list(Partner.objects.filter(sponsor=partner).order_by("pk"))
    leg_best = {leg.pk: figures.get(leg.pk, empty)[3] for leg in legs}
    requirement = next_rank(plan, rank, pv, gv, leg_best)

    def name(code):
        return rank_label(code, version.rules)

    card = {
        "period": period,
        "plan": {"id": version.pk, "name": version.name, "version": version.version},
        "pv": pv, "gv": gv, "left_volume": left, "right_volume": right,
        "left_carry_in": carry_left, "right_carry_in": carry_right,
        "rank": rank, "rank_name": name(rank), "next_rank": None,
    }
    if requirement is not None:
        names = {leg.pk: leg.name for leg in legs}
        card["next_rank"] = {
            "rank": requirement.rank, "rank_name": name(requirement.rank),
            "qualified": requirement.met,
            "min_pv": requirement.min_pv, "pv_short": requirement.pv_short,
            "min_gv": requirement.min_gv, "gv_short": requirement.gv_short,
            "legs": {
                "needed": requirement.legs_needed,
                "min_rank": requirement.legs_min_rank or None,
                "min_rank_name": name(requirement.legs_min_rank) or None,
                "have": requirement.legs_have,
                "short": requirement.legs_short,
                "qualifying": [
                    {"id": pk, "name": names[pk], "best_rank": leg_best[pk],
                     "best_rank_name": name(leg_best[pk])}
                    for pk in requirement.qualifying_legs
                ],
            },
        }
    return card
