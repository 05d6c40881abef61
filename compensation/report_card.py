"""The rank report card: this period's PV, GV and binary leg volumes of a partner (with
the carry-in from the posted previous period), their paid rank so far (beside the highest
rank they have reached) and exactly what is missing for the next rank.

The whole period is calculated with the engine over the database (as a commission run
would, under the plan in force) and kept in the cache with the orders' version number it
saw. The `order_paid` and `order_refunded` signals bump that number and, once the order
commits, ask for a recalculation in the background (one at a time per period and plan);
older than a minute, figures are recalculated too (tree changes and everything else).
Until the new figures are ready, cards show the previous ones with their time: at a
million partners a recalculation takes seconds, and no request waits for it unless
there are no figures at all yet. Without a broker (the demo, tests) the recalculation
runs at once, so the next card already has the order.
"""

from datetime import UTC, datetime
from decimal import Decimal

import numpy as np
from celery import shared_task
from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver

from compensation import commission_runs
from compensation.commission import period_result
from compensation.engine import columns
from compensation.engine.requirements import next_rank
from compensation.models import PlanVersion
from compensation.ranks import rank_label
from core import cache_versions
from network.models import Partner
from orders.signals import order_paid, order_refunded

VERSION_KEY = "reports:orders-version"
CACHE_TTL = 60  # seconds: older figures are recalculated (tree changes, new partners)
KEEP = 6 * 3600  # seconds the latest figures are kept to show while recalculating
LOCK_TTL = 300  # seconds: one recalculation at a time per period and plan
ZERO = Decimal(0)


def current_period(now=None):
    now = now or datetime.now(UTC)
    return f"{now.year}-{now.month:02d}"


def orders_version():
    return cache_versions.current(VERSION_KEY)


@receiver(order_paid, dispatch_uid="report_card_order_paid")
@receiver(order_refunded, dispatch_uid="report_card_order_refunded")
def bump_version(sender, **kwargs):
    """A counted order changed: every period's figures are stale. Bumped now and again
    once the order's transaction commits (figures computed in between, without the
    order, are not taken as current), then the current period is recalculated."""
    _bump()
    transaction.on_commit(_bump)
    transaction.on_commit(_refresh_current_period)


def _bump():
    cache_versions.bump(VERSION_KEY)


class Figures:
    """Every partner's figures for a period as compact arrays (cents, rank indexes),
    looked up by primary key: a million partners pickle to some 60 MB for the cache."""

    def __init__(self, plan, period):
        self.codes = [rank.code for rank in plan.ranks]
        self.pks = period.network.pks
        self.pv, self.gv = period.pv, period.gv
        self.rank = period.rank.astype(np.int16)
        self.best = period.best_rank.astype(np.int16)
        self.left, self.right = period.left_volume, period.right_volume
        self.carry_left, self.carry_right = period.left_carry_in, period.right_carry_in

    def get(self, pk, default):
        """(pv, gv, rank, best rank in the sponsor subtree, left volume, right volume,
        left carry-in, right carry-in) of partner `pk`, or `default`."""
        index = int(np.searchsorted(self.pks, pk))
        if index >= len(self.pks) or self.pks[index] != pk:
            return default
        money = columns.from_cents
        return (money(self.pv[index]), money(self.gv[index]), self.codes[self.rank[index]],
                self.codes[self.best[index]], money(self.left[index]),
                money(self.right[index]), money(self.carry_left[index]),
                money(self.carry_right[index]))


def _latest_key(period, version_pk):
    return f"reports:figures:{period}:{version_pk}"


def period_figures(period, version):
    """The latest Figures of `period` under `version`: recalculated in the background
    when orders changed since or they are older than CACHE_TTL; computed here only when
    there are none yet."""
    key = _latest_key(period, version.pk)
    latest = cache.get(key)
    if latest is not None and _current(latest):
        return latest[2]
    refresh_figures.delay(period, version.pk)
    latest = cache.get(key) or latest  # eager (no broker): already recalculated
    if latest is None:
        latest = _recalculate(period, version)
    return latest[2]


def _current(latest):
    seen, computed_at, _figures = latest
    age = (datetime.now(UTC) - computed_at).total_seconds()
    return seen == orders_version() and age < CACHE_TTL


def _recalculate(period, version):
    seen = orders_version()
    plan = commission_runs.plan_of(version)
    result = period_result(plan, period, commission_runs.carry_in(period),
                           commission_runs.highest_ranks(period))
    figures = Figures(plan, result)
    figures.computed_at = datetime.now(UTC)
    latest = (seen, figures.computed_at, figures)
    cache.set(_latest_key(period, version.pk), latest, timeout=KEEP)
    return latest


@shared_task(acks_late=True, ignore_result=True)
def refresh_figures(period, version_pk):
    """Recalculate a period's figures unless they are current or another worker is at it
    (a lock that expires, so a lost worker does not block the next one)."""
    lock = f"{_latest_key(period, version_pk)}:refreshing"
    if not cache.add(lock, 1, timeout=LOCK_TTL):
        return
    try:
        latest = cache.get(_latest_key(period, version_pk))
        if latest is None or not _current(latest):
            _recalculate(period, PlanVersion.objects.get(pk=version_pk))
    finally:
        cache.delete(lock)


def _refresh_current_period():
    period = current_period()
    try:
        version = commission_runs.plan_in_force(period)
    except commission_runs.RunError:
        return
    refresh_figures.delay(period, version.pk)


def paid_rank(partner, period=None):
    """The rank the period so far pays `partner` as {"rank", "rank_name"} (the card's
    figures, without the rest of the card), or None when no plan is in force."""
    period = period or current_period()
    try:
        version = commission_runs.plan_in_force(period)
        lowest = commission_runs.plan_of(version).ranks[0].code
    except commission_runs.RunError:
        return None
    found = period_figures(period, version).get(partner.pk, None)
    code = found[2] if found else lowest
    return {"rank": code, "rank_name": rank_label(code, version.rules)}


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
        "as_of": figures.computed_at,
        "pv": pv, "gv": gv, "left_volume": left, "right_volume": right,
        "left_carry_in": carry_left, "right_carry_in": carry_right,
        "rank": rank, "rank_name": name(rank), "next_rank": None,
        # The title the partner holds (the highest rank reached), beside this period's.
        "highest_rank": partner.rank, "highest_rank_name": name(partner.rank),
    }
    if requirement is not None:
        names = {leg.pk: leg.name for leg in legs}
        codes = [each.code for each in plan.ranks]
        card["next_rank"] = {
            "rank": requirement.rank, "rank_name": name(requirement.rank),
            # Already reached once (the partner's title): this period only decides whether
            # it is paid, so the card must not speak of reaching it.
            "held": partner.rank in codes
            and codes.index(requirement.rank) <= codes.index(partner.rank),
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
