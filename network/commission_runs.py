"""Commission runs: a period calculated with the plan version in force for it, stored line
by line with each line's source, recalculated while a draft, approved, then posted to the
ledger exactly once.

Posting writes one ledger transaction per partner and bonus kind, keyed
`run:<run>:<partner>:<kind>`: posting twice, or resuming after a crash mid-way, writes
each exactly once (see ledger.post_many).
"""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from . import clawbacks, ledger, run_store
from .commission import period_bounds, period_result
from .compensation.plan import PlanError, parse_plan
from .models import (
    CommissionRun,
    LedgerTransactionKind,
    Partner,
    PlanVersion,
)


class RunError(ValidationError):
    """A step the run's state or data does not allow; the message is for the operator."""


def plan_in_force(period):
    """The newest published plan version in force on the period's first day."""
    start = period_bounds(period)[0].date()
    version = (
        PlanVersion.objects.filter(state=PlanVersion.State.PUBLISHED, effective_from__lte=start)
        .order_by("-effective_from", "-version").first()
    )
    if version is None:
        raise RunError(_("No published plan is in force for %(period)s.") % {"period": period})
    return version


def plan_of(version):
    try:
        return parse_plan(version.rules, str(version))
    except PlanError as error:
        raise RunError(str(error)) from None


def start_run(period, user=None):
    try:
        period_bounds(period)
    except ValueError:
        raise RunError(_("The period must be YYYY-MM.")) from None
    if CommissionRun.objects.filter(period=period, state=CommissionRun.State.POSTED).exists():
        raise RunError(_("%(period)s is already posted.") % {"period": period})
    return CommissionRun.objects.create(
        period=period, plan_version=plan_in_force(period), created_by=user
    )


def carry_in(period):
    """The binary carry-out of the previous period's posted run."""
    start = period_bounds(period)[0]
    previous = f"{start.year - 1}-12" if start.month == 1 else f"{start.year}-{start.month - 1:02d}"
    run = CommissionRun.objects.filter(period=previous, state=CommissionRun.State.POSTED).first()
    if run is None:
        return {}
    return {
        str(partner): (left, right)
        for partner, left, right in run.results.filter(
            Q(left_carry__gt=0) | Q(right_carry__gt=0)
        ).values_list("partner_id", "left_carry", "right_carry")
    }


def highest_ranks(period):
    posted = CommissionRun.objects.filter(
        state=CommissionRun.State.POSTED, period__lt=period
    ).order_by("-period").first()
    if posted is None:
        return {}
    return {str(p): r for p, r in posted.results.values_list("partner_id", "highest_rank")}


def totals_of(lines):
    totals = defaultdict(Decimal)
    for line in lines:
        totals[line.kind] += line.amount
    return {kind: str(amount) for kind, amount in sorted(totals.items())}


def calculate_run(run, progress=None):
    """(Re)calculate a draft or calculated run; keeps the previous totals for the diff.
    `progress(stage)` is told "reading", "calculating" and "storing" as the run goes."""
    progress = progress or (lambda stage: None)
    run = CommissionRun.objects.get(pk=run.pk)
    if run.state not in (CommissionRun.State.DRAFT, CommissionRun.State.CALCULATED):
        raise RunError(_("Only a draft can be recalculated."))
    plan = plan_of(run.plan_version)
    result = period_result(plan, run.period, carry_in(run.period), highest_ranks(run.period),
                           progress)
    progress("storing")
    with transaction.atomic():
        run = CommissionRun.objects.select_for_update().get(pk=run.pk)
        if run.state not in (CommissionRun.State.DRAFT, CommissionRun.State.CALCULATED):
            raise RunError(_("Only a draft can be recalculated."))
        totals = run_store.store_period(run, result)
        run.previous_totals = run.totals if run.calculations else {}
        run.totals = totals
        run.calculations += 1
        run.state = CommissionRun.State.CALCULATED
        run.calculated_at = timezone.now()
        run.save()
    return run


def difference(run):
    """Per bonus kind: (previous total, this total, change) of the last recalculation."""
    kinds = sorted(set(run.totals) | set(run.previous_totals))
    rows = []
    for kind in kinds:
        before = Decimal(run.previous_totals.get(kind, "0"))
        now = Decimal(run.totals.get(kind, "0"))
        rows.append((kind, before, now, now - before))
    return rows


def approve_run(run, user):
    with transaction.atomic():
        run = CommissionRun.objects.select_for_update().get(pk=run.pk)
        if run.state != CommissionRun.State.CALCULATED:
            raise RunError(_("Only a calculated run can be approved."))
        run.state, run.approved_by, run.approved_at = (
            CommissionRun.State.APPROVED, user, timezone.now()
        )
        run.save(update_fields=["state", "approved_by", "approved_at"])
    return run


def post_run(run, user=None):
    """Write the run to the ledger (each partner's bonus kind once), then mark it posted.
    Safe to call again after a crash: what was written is skipped."""
    run = CommissionRun.objects.select_related("plan_version").get(pk=run.pk)
    if run.state == CommissionRun.State.POSTED:
        return run
    if run.state != CommissionRun.State.APPROVED:
        raise RunError(_("Only an approved run can be posted."))
    currency = plan_of(run.plan_version).currency or "EUR"
    amounts = {
        (row["partner_id"], row["kind"]): row["amount"]
        for row in run.lines.values("partner_id", "kind").annotate(amount=Sum("amount"))
        .order_by()
    }
    partners = {p.pk: p for p in _partners(pk for pk, _kind in amounts)}
    ledger.post_many(
        {
            "key": f"run:{run.pk}:{partner}:{kind}",
            "kind": LedgerTransactionKind.BONUS,
            "entries": ledger.bonus_entries(partners[partner], amount, currency),
            "description": f"{kind} {run.period}",
            "posted_by": user,
            "commission_run_id": run.pk,
        }
        for (partner, kind), amount in sorted(amounts.items()) if amount > 0
    )
    clawbacks.post_clawbacks(run, currency, user)
    with transaction.atomic():
        run = CommissionRun.objects.select_for_update().get(pk=run.pk)
        if run.state != CommissionRun.State.POSTED:
            run.state, run.posted_at = CommissionRun.State.POSTED, timezone.now()
            run.save(update_fields=["state", "posted_at"])
    return run


def _partners(pks):
    return Partner.objects.filter(pk__in=set(pks))
