"""The partner's money pages in the cabinet: the rank report card, bonus history with
charts of earnings by period and by bonus type, and the wallet with payout requests.

Views stay thin: figures come from `compensation.report_card`, `compensation.bonuses`,
`wallet.ledger` and `wallet.payouts`, the same services the money API reads; this module
only lays them out (the charts, the forms). Everything shown is the signed-in
partner's own.
"""

import uuid
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from compensation import bonuses, commission_runs, report_card
from compensation.bonuses import kind_label
from compensation.plan_versions import DEFAULT_CURRENCY
from wallet import ledger, ledger_descriptions, payouts

from . import numbers
from .charts import nice_ceiling
from .views import cabinet_context, partner_required

ZERO = Decimal("0.00")
PERIODS_IN_CHART = 12
LINES_SHOWN = 200
ENTRIES_SHOWN = 30
CHART_HEIGHT = 100
SLOT = 10
BAR = 6


def percent_done(have, need):
    """0–100 for a progress bar; 100 when nothing is needed."""
    if not need or need <= 0:
        return 100
    return int(min(max(Decimal(have) / Decimal(need), 0), 1) * 100)


# --- the rank report card ---------------------------------------------------------------


@require_safe
@partner_required
def rank(request, partner):
    try:
        card = report_card.report_card(partner)
    except commission_runs.RunError as error:
        card, problem = None, " ".join(getattr(error, "messages", [str(error)]))
    else:
        problem = None
    steps = []
    if card and card["next_rank"]:
        need = card["next_rank"]
        steps.append({
            "label": _("Personal volume (PV)"), "have": card["pv"], "need": need["min_pv"],
            "short": need["pv_short"], "percent": percent_done(card["pv"], need["min_pv"]),
        })
        steps.append({
            "label": _("Group volume (GV)"), "have": card["gv"], "need": need["min_gv"],
            "short": need["gv_short"], "percent": percent_done(card["gv"], need["min_gv"]),
        })
        legs = need["legs"]
        if legs["needed"]:
            steps.append({
                "label": _("Legs with rank %(rank)s or higher") % {"rank": legs["min_rank_name"]},
                "have": legs["have"], "need": legs["needed"], "short": legs["short"],
                "percent": percent_done(legs["have"], legs["needed"]), "count": True,
            })
    context = cabinet_context(request, partner, "rank", card=card, problem=problem,
                              steps=steps)
    return render(request, "cabinet/rank.html", context)


# --- earnings -----------------------------------------------------------------------------


def last_periods(by_period):
    """The 12 periods up to the newest posted one, oldest first, a period without bonuses
    showing 0: the chart's axis is continuous months."""
    if not by_period:
        return []
    totals = {row["period"]: row["total"] for row in by_period}
    year, month = (int(part) for part in by_period[0]["period"].split("-"))
    periods = []
    for _step in range(PERIODS_IN_CHART):
        periods.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return [{"period": period, "total": totals.get(period, ZERO)} for period in reversed(periods)]


def period_chart(rows):
    """Vertical bars of earnings per period (oldest first), scaled to a round top."""
    top = nice_ceiling(max([row["total"] for row in rows] + [Decimal(1)]))
    bars = []
    for index, row in enumerate(rows):
        height = round(float(row["total"] / top) * CHART_HEIGHT, 2)
        bars.append({"label": row["period"], "total": row["total"],
                     "x": index * SLOT + (SLOT - BAR) / 2, "y": CHART_HEIGHT - height,
                     "height": height})
    # Always room for the full 12 periods, so one period is one bar, not the whole chart.
    return {"width": max(len(rows), PERIODS_IN_CHART) * SLOT, "height": CHART_HEIGHT, "bar": BAR,
            "top": top, "bars": bars, "first": rows[0]["period"] if rows else "",
            "last": rows[-1]["period"] if rows else ""}


def kind_chart(rows):
    """Horizontal bars per bonus type, widths in percent of the largest."""
    top = max([row["total"] for row in rows] + [Decimal("0.01")])
    return [{**row, "label": kind_label(row["kind"]),
             "width": round(float(row["total"] / top) * 100, 2)} for row in rows]


class EarningsFilter(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Bonus type"), required=False)

    def __init__(self, data, periods, kinds):
        super().__init__(data)
        self.fields["period"].choices = [("", _("All periods"))] + [(p, p) for p in periods]
        self.fields["kind"].choices = [("", _("All bonus types"))] + [
            (k, kind_label(k)) for k in kinds
        ]


@require_safe
@partner_required
def earnings(request, partner):
    summed = bonuses.history(partner)
    by_period, by_kind = summed["by_period"], summed["by_kind"]
    form = EarningsFilter(request.GET or None, [row["period"] for row in by_period],
                          [row["kind"] for row in by_kind])
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    shown = bonuses.bonus_lines(partner, chosen.get("period"), chosen.get("kind")).order_by(
        "-run__period", "kind", "-amount", "pk"
    )
    currency = (bonuses.currency_of(shown) or bonuses.currency_of(bonuses.posted_lines(partner))
                or DEFAULT_CURRENCY)
    context = cabinet_context(
        request, partner, "earnings",
        form=form, lines=[
            {"line": line, "kind": kind_label(line.kind)} for line in shown[:LINES_SHOWN]
        ],
        count=shown.count(), limit=LINES_SHOWN, filtered_total=bonuses.total(shown),
        total=summed["total"], currency=currency,
        period_chart=period_chart(last_periods(by_period)), kind_chart=kind_chart(by_kind),
    )
    return render(request, "cabinet/earnings.html", context)


# --- wallet ---------------------------------------------------------------------------------


class PayoutForm(forms.Form):
    amount = forms.DecimalField(label=gettext_lazy("Amount"), max_digits=14, decimal_places=2,
                                min_value=Decimal("0.01"))
    currency = forms.ChoiceField(label=gettext_lazy("Currency"))
    # A new key each time the form is shown: the same form sent twice (a double click, a
    # reload) makes one request (wallet.payouts.request_payout).
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, currencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(c, c) for c in currencies]
        self.fields["request_key"].initial = uuid.uuid4().hex


@require_http_methods(["GET", "HEAD", "POST"])
@partner_required
def wallet(request, partner):
    rows = payouts.wallet_summary(partner)
    currencies = [row["currency"] for row in rows] or ["EUR"]
    form = PayoutForm(request.POST or None, currencies=currencies)
    if request.method == "POST" and form.is_valid():
        try:
            payout = payouts.request_payout(
                partner, form.cleaned_data["amount"], form.cleaned_data["currency"],
                request_key=form.cleaned_data["request_key"],
            )
        except payouts.PayoutError as error:
            form.add_error("amount", " ".join(error.messages))
        else:
            messages.success(request, _("Payout of %(amount)s requested.") % {
                "amount": numbers.money(payout.amount, payout.currency)})
            return redirect("cabinet:wallet")
    entries = [
        {"entry": entry, "amount": ledger.wallet_change(entry),
         "description": ledger_descriptions.describe(entry.transaction)}
        for entry in ledger.wallet_entries(partner).order_by("-transaction__created_at",
                                                              "-pk")[:ENTRIES_SHOWN]
    ]
    context = cabinet_context(
        request, partner, "wallet",
        rows=rows, form=form, entries=entries, minimum=payouts.minimum(),
        requests=payouts.requests_of(partner),
    )
    return render(request, "cabinet/wallet.html", context,
                  status=400 if form.is_bound and form.errors else 200)

