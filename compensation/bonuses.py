"""Bonus lines as partners and operators read them: the names of the engine's bonus kinds,
and the lines of posted commission runs (the ones that reached the ledger)."""

from django.utils.translation import gettext_lazy

from compensation.models import CommissionLine, CommissionRun

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


def posted_lines(partner):
    return CommissionLine.objects.filter(partner=partner, run__state=CommissionRun.State.POSTED)
