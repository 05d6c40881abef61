"""Plan analysis for operators: any plan version (a draft too) run over the real network
for the last N periods, nothing written.

Periods are the N calendar months ending with `until` (by default the last complete
month). The first period starts from the binary carry and highest ranks of the posted
runs before it; each later period carries on from the analysed one before it, as posted
runs would. Earnings are added up per partner over the periods for the distribution.
"""

import math
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.utils.translation import gettext as _

from compensation import commission_runs
from compensation.commission import period_bounds, period_result
from compensation.engine import columns
from compensation.ranks import rank_label

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
    """The 10th, 20th … 100th percentiles (nearest-rank) of `values`, sorted."""
    if not len(values):
        return [0] * 10
    return [values[max(math.ceil(len(values) * tenth / 10), 1) - 1] for tenth in range(1, 11)]


def analyse(version, periods=3, until=None, progress=None):
    """The plan version over the last `periods` periods, as a dict; writes nothing.
    `progress(done, total)`, when given, is called after each period."""
    plan = commission_runs.plan_of(version)
    names = last_periods(periods, until)
    carry = commission_runs.carry_in(names[0])
    highest = commission_runs.highest_ranks(names[0])
    ranks = [rank.code for rank in plan.ranks]
    by_kind = np.zeros(len(columns.KINDS), np.int64)
    made = np.zeros(len(columns.KINDS), np.int64)
    rank_count = np.zeros(len(ranks), np.int64)
    rank_paid = np.zeros(len(ranks), np.int64)
    earned = None
    volume = paid = 0
    rows = []
    for period in names:
        result = period_result(plan, period, carry, highest)
        period_volume = int(result.pv.sum())
        period_paid = int(result.lines.amount.sum())
        by_kind += result.totals.sum(axis=1)
        made += np.bincount(result.lines.kind, minlength=len(columns.KINDS))
        total = result.total()
        rank_count += np.bincount(result.rank, minlength=len(ranks))
        for index in range(len(ranks)):
            rank_paid[index] += int(total[result.rank == index].sum())
        earned = total if earned is None else earned + total
        carry = (result.left_carry, result.right_carry)
        highest = result.highest
        rows.append({"period": period, "volume": money(period_volume),
                     "paid": money(period_paid),
                     "payout_percent": _percent(period_paid, period_volume)})
        volume += period_volume
        paid += period_paid
        if progress is not None:
            progress(len(rows), len(names))
    earned = np.sort(earned) if earned is not None else np.zeros(0, np.int64)
    return {
        "version": {"id": version.pk, "name": version.name, "version": version.version,
                    "state": version.state},
        "periods": rows,
        "volume": money(volume),
        "paid": money(paid),
        "payout_percent": _percent(paid, volume),
        "by_bonus": {kind: money(by_kind[index])
                     for index, kind in sorted(enumerate(columns.KINDS), key=lambda i: i[1])
                     if made[index]},
        "by_rank": [
            {"rank": code, "rank_name": rank_label(code, version.rules),
             "partner_periods": int(rank_count[index]), "paid": money(rank_paid[index])}
            for index, code in enumerate(ranks) if rank_count[index]
        ],
        "partners": len(earned),
        "earning_partners": int((earned > 0).sum()),
        "deciles": [money(value) for value in deciles(earned)],
    }


def money(amount):
    return columns.from_cents(int(amount))


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
    return cents(Decimal(part) * 100 / Decimal(whole)) if whole else ZERO
