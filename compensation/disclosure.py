"""Income disclosure: what partners earned, by rank, over POSTED commission runs.

For a month (`YYYY-MM`) each partner counts once with that period's paid rank and total.
For a year (`YYYY`) each partner's totals of the year's posted runs are added up and the
partner is listed under the highest paid rank they held in the year (ranks ordered as
in the plan version of the year's latest posted run).

Per rank: how many partners, the median, the mean, the average of the top 10 % of
earners (the highest-earning tenth, at least one partner) and the share earning nothing.

Counted: every partner who had joined by the end of a posted period, those who earned
nothing included; the company's own account (Partner.is_company) is left out, and the disclosure
says so.
"""

import csv
import io
import math
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.db.models import Q
from django.utils.translation import gettext as _

from compensation import commission_runs
from compensation.commission import company_account_ids, period_bounds
from compensation.models import CommissionRun, PeriodResult
from compensation.ranks import rank_label
from network.models import Partner

CENT = Decimal("0.01")
ZERO = Decimal(0)
ALL = "all"


class DisclosureError(ValueError):
    """A scope that cannot be disclosed; the message is for the user."""


def cents(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def runs_in(scope):
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", scope or ""):
        runs = CommissionRun.objects.filter(period=scope)
    elif re.fullmatch(r"\d{4}", scope or ""):
        runs = CommissionRun.objects.filter(period__startswith=f"{scope}-")
    else:
        raise DisclosureError(_("The period must be YYYY-MM or a year YYYY."))
    return runs.filter(state=CommissionRun.State.POSTED).select_related("plan_version")


def statistics_of(totals):
    """count, median, mean, top-10 % average and the share (percent) earning nothing."""
    totals = sorted(totals)
    count = len(totals)
    if not count:
        return {"count": 0, "median": ZERO, "mean": ZERO, "top_10_percent_average": ZERO,
                "earning_nothing_percent": ZERO}
    top = totals[-max(1, math.ceil(count / 10)):]
    nothing = sum(1 for total in totals if total <= 0)
    return {
        "count": count,
        "median": cents(median(totals)),
        "mean": cents(sum(totals, ZERO) / count),
        "top_10_percent_average": cents(sum(top, ZERO) / len(top)),
        "earning_nothing_percent": cents(Decimal(nothing) * 100 / count),
    }


def disclose(scope):
    """{"scope", "periods": [...], "rows": [{"rank", "rank_name", count, median, …}]} —
    ranks in plan order (lowest first), named as that plan names them, then the row
    "all"."""
    runs = list(runs_in(scope).order_by("period"))
    order = []
    if runs:
        order = [rank.code for rank in commission_runs.plan_of(runs[-1].plan_version).ranks]
    position = {code: index for index, code in enumerate(order)}
    totals, ranks = defaultdict(lambda: ZERO), {}
    company = company_account_ids()
    # A run has a result for everyone in the network when it was calculated; who joined
    # after the period's end was not a partner in it.
    members = Q(pk__in=[])
    for run in runs:
        members |= Q(run=run, partner__joined_at__lt=period_bounds(run.period)[1])
    for partner, rank, total in PeriodResult.objects.filter(members).exclude(
        partner_id__in=company
    ).values_list("partner_id", "rank", "total").iterator(chunk_size=20000):
        totals[partner] += total
        held = ranks.get(partner)
        if held is None or position.get(rank, -1) > position.get(held, -1):
            ranks[partner] = rank
    by_rank = defaultdict(list)
    for partner, total in totals.items():
        by_rank[ranks[partner]].append(total)
    codes = [code for code in order if code in by_rank]
    codes += sorted(code for code in by_rank if code not in position)
    rules = runs[-1].plan_version.rules if runs else None
    rows = [{"rank": code, "rank_name": rank_label(code, rules), **statistics_of(by_rank[code])}
            for code in codes]
    rows.append({"rank": ALL, "rank_name": _("All partners"),
                 **statistics_of(list(totals.values()))})
    return {"scope": scope, "periods": [run.period for run in runs], "rows": rows,
            "counted": whom_it_counts(company)}


def whom_it_counts(company):
    """The sentence saying whom the disclosure counts, naming the accounts it leaves out."""
    counted = _("Every partner who had joined by the end of a posted period is counted, "
                "those who earned nothing included.")
    names = sorted(partner.name for partner in Partner.objects.filter(pk__in=company)
                   .select_related("user"))
    if not names:
        return counted
    return " ".join([counted, _("The company's own account (%(names)s) is left out: it "
                                "earns no bonuses.") % {"names": ", ".join(names)}])


COLUMNS = ("rank", "rank_name", "count", "median", "mean", "top_10_percent_average",
           "earning_nothing_percent")


def as_csv(disclosure):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in disclosure["rows"]:
        writer.writerow([row[column] for column in COLUMNS])
    return out.getvalue()
