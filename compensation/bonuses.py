"""Bonus lines as partners and operators read them: the names of the engine's bonus kinds,
the lines of posted commission runs (the ones that reached the ledger), and a partner's
bonus history summed by period and by bonus type, and by order.

The bonus lines API (`compensation.api.views.BonusesView`) and the cabinet's earnings and
order pages read bonuses through here; amounts are whole cents, in the currency of the plan
that paid them (`compensation.plan_versions.plan_currency`).
"""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy

from compensation.models import CommissionLine, CommissionRun
from compensation.plan_versions import DEFAULT_CURRENCY, plan_currency
from core.money import summed_cents

CENT = Decimal("0.01")

# An unknown kind shows its code.
BONUS_KINDS = {
    "unilevel": gettext_lazy("Unilevel"),
    "binary": gettext_lazy("Binary"),
    "matching": gettext_lazy("Matching"),
    "fast_start": gettext_lazy("Fast start"),
    "matrix": gettext_lazy("Matrix"),
    "stair_step": gettext_lazy("Stair-step"),
    "breakaway": gettext_lazy("Breakaway"),
    "rank_advancement": gettext_lazy("Rank advancement"),
}


def kind_label(kind):
    return BONUS_KINDS.get(kind, kind)


def cents(amount):
    """A database sum as whole cents."""
    return summed_cents(amount)


def posted_lines(partner):
    return CommissionLine.objects.filter(partner=partner, run__state=CommissionRun.State.POSTED)


def bonus_lines(partner, period=None, kind=None):
    """The partner's posted lines, only of `period` (YYYY-MM) and of bonus `kind` when
    given, with their run, plan, order and source partner joined."""
    lines = posted_lines(partner)
    if period:
        lines = lines.filter(run__period=period)
    if kind:
        lines = lines.filter(kind=kind)
    return lines.select_related("run__plan_version", "order", "source_partner__user")


def line_currency(line):
    """The currency a bonus line is paid in: its plan's."""
    return plan_currency(line.run.plan_version)


def currency_of(lines):
    """The currency of the first of `lines` (a queryset); None when there are none."""
    line = lines.select_related("run__plan_version").first()
    return line_currency(line) if line is not None else None


def total(lines):
    """The sum of `lines` (a queryset) in whole cents."""
    return cents(lines.aggregate(total=Sum("amount"))["total"])


def history(partner):
    """The partner's posted bonuses summed: {"by_period": [{"period", "total"}] newest
    first, "by_kind": [{"kind", "total"}] largest first, "total"}."""
    lines = posted_lines(partner)
    by_period = [
        {"period": row["run__period"], "total": cents(row["total"])}
        for row in lines.values("run__period").annotate(total=Sum("amount"))
        .order_by("-run__period")
    ]
    by_kind = [
        {"kind": row["kind"], "total": cents(row["total"])}
        for row in lines.values("kind").annotate(total=Sum("amount")).order_by("-total", "kind")
    ]
    return {"by_period": by_period, "by_kind": by_kind,
            "total": sum((row["total"] for row in by_period), Decimal("0.00"))}


def order_bonuses(partner, order):
    """What `order` earned `partner` in posted runs: {"lines": [{"line", "kind",
    "clawback"}], "earned", "clawed_back", "kept", "currency"} (clawed back: taken back
    after a refund)."""
    lines = list(
        posted_lines(partner).filter(order=order)
        .select_related("run__plan_version", "source_partner__user", "clawback")
        .order_by("run__period", "kind", "level", "pk")
    )
    rows = [{"line": line, "kind": kind_label(line.kind),
             "clawback": getattr(line, "clawback", None)} for line in lines]
    earned = sum((line.amount for line in lines), Decimal(0))
    clawed_back = sum((row["clawback"].amount for row in rows if row["clawback"]), Decimal(0))
    return {
        "lines": rows, "earned": cents(earned), "clawed_back": cents(clawed_back),
        "kept": cents(earned - clawed_back),
        "currency": line_currency(lines[0]) if lines else DEFAULT_CURRENCY,
    }
