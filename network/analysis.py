"""Plan analysis for operators: any plan version (a draft too) run over the real network
for the last N periods, nothing written.

Periods are the N calendar months ending with `until` (by default the last complete
month). The first period starts from the binary carry and highest ranks of the posted
runs before it; each later period carries on from the analysed one before it, as posted
runs would. Earnings are added up per partner over the periods for the distribution.
"""

import math
from collections import defaultdict
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from . import commission_runs
from .commission import calculate_period, period_bounds
from .ranks import rank_label

CENT = Decimal("0.01")
ZERO = Decimal(0)
MAX_PERIODS = 24


class AnalysisError(ValueError):
    """Parameters that cannot be analysed; the message is for the operator."""


def cents(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def previous_period(period):
    start = period_bounds(period)[0]
    if start.month == 1:
        return f"{start.year - 1}-12"
    return f"{start.year}-{start.month - 1:02d}"


def last_periods(count, until=None):
    """`count` periods, oldest first, ending with `until` (default: last complete month)."""
    if not 1 <= count <= MAX_PERIODS:
        raise AnalysisError(
            _("The number of periods must be between 1 and %(max)s.") % {"max": MAX_PERIODS}
        )
    if until is None:
        now = datetime.now(UTC)
        until = previous_period(f"{now.year}-{now.month:02d}")
    try:
        period_bounds(until)
    except ValueError:
        raise AnalysisError(_("The period must be YYYY-MM.")) from None
    periods = [until]
    while len(periods) < count:
        periods.append(previous_period(periods[-1]))
    return list(reversed(periods))


def deciles(values):
    """The 10th, 20th … 100th percentiles (nearest-rank) of `values`."""
    values = sorted(values)
    if not values:
        return [ZERO] * 10
    return [values[max(math.ceil(len(values) * tenth / 10), 1) - 1] for tenth in range(1, 11)]


def analyse(version, periods=3, until=None):
    """The plan version over the last `periods` periods, as a dict; writes nothing."""
    plan = commission_runs.plan_of(version)
    names = last_periods(periods, until)
    carry = commission_runs.carry_in(names[0])
    highest = commission_runs.highest_ranks(names[0])
    by_kind = defaultdict(lambda: ZERO)
    by_rank = defaultdict(lambda: [0, ZERO])
    earned = defaultdict(lambda: ZERO)
    volume = paid = ZERO
    rows = []
    for period in names:
        calculation = calculate_period(plan, period, carry, highest)
        period_volume = sum((result.pv for result in calculation.results), ZERO)
        period_paid = sum((line.amount for line in calculation.lines), ZERO)
        for line in calculation.lines:
            by_kind[line.kind] += line.amount
        for result in calculation.results:
            by_rank[result.rank][0] += 1
            by_rank[result.rank][1] += result.total
            earned[result.partner] += result.total
        carry = {r.partner: (r.left_carry, r.right_carry) for r in calculation.results
                 if r.left_carry or r.right_carry}
        highest = {r.partner: r.highest_rank for r in calculation.results}
        rows.append({"period": period, "volume": period_volume, "paid": period_paid,
                     "payout_percent": _percent(period_paid, period_volume)})
        volume += period_volume
        paid += period_paid
    ranks = [rank.code for rank in plan.ranks]
    totals = list(earned.values())
    return {
        "version": {"id": version.pk, "name": version.name, "version": version.version,
                    "state": version.state},
        "periods": rows,
        "volume": volume,
        "paid": paid,
        "payout_percent": _percent(paid, volume),
        "by_bonus": {kind: amount for kind, amount in sorted(by_kind.items())},
        "by_rank": [
            {"rank": code, "rank_name": rank_label(code, version.rules),
             "partner_periods": by_rank[code][0], "paid": by_rank[code][1]}
            for code in ranks + sorted(set(by_rank) - set(ranks)) if code in by_rank
        ],
        "partners": len(totals),
        "earning_partners": sum(1 for total in totals if total > 0),
        "deciles": deciles(totals),
    }


def compare(version_a, version_b, periods=3, until=None):
    """Two versions over the same periods, and what changes from a to b."""
    a = analyse(version_a, periods, until)
    b = analyse(version_b, periods, until)
    kinds = sorted(set(a["by_bonus"]) | set(b["by_bonus"]))
    return {
        "a": a,
        "b": b,
        "difference": {
            "paid": b["paid"] - a["paid"],
            "payout_percent": b["payout_percent"] - a["payout_percent"],
            "by_bonus": {
                kind: b["by_bonus"].get(kind, ZERO) - a["by_bonus"].get(kind, ZERO)
                for kind in kinds
            },
        },
    }


def _percent(part, whole):
    return cents(part * 100 / whole) if whole else ZERO
