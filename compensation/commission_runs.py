"""Commission runs: a period calculated with the plan version in force for it, stored line
by line with each line's source, recalculated while a draft, approved, then posted to the
ledger exactly once.

A period has one run (held by the database: a second start is refused, a discarded run
aside), so a period can never be approved or posted twice. Posting writes one ledger
transaction per partner and bonus kind, keyed by the period's bonus
`bonus:<period>:<partner>:<kind>`: posting twice, resuming after a crash mid-way, or any
other run of the same period writes each exactly once (see ledger.post_many).

A period that has not ended yet is started and posted only when the operator says so
(`open_period=True`); with `COMMISSION_RUN_TWO_PEOPLE` on, the person who posts a run must
not be the one who approved it.
"""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from compensation import clawbacks, plan_versions, run_store, signals
from compensation.commission import period_bounds, period_result
from compensation.engine.plan import PlanError, parse_plan
from compensation.models import CommissionRun, PlanVersion
from core.money import summed_cents
from network.models import Partner
from wallet import ledger
from wallet.models import LedgerTransaction, LedgerTransactionKind


class RunError(ValidationError):
    """A step the run's state or data does not allow; the message is for the operator."""


# Background work queued or running on a run (see run_progress): nothing else may change it.
BUSY = (CommissionRun.TaskState.QUEUED, CommissionRun.TaskState.RUNNING)
NOT_APPROVED = (CommissionRun.State.DRAFT, CommissionRun.State.CALCULATED)


def busy_message():
    return _("This run is already being worked on in the background; wait until it has "
             "finished.")


def can(check, *args, **kwargs):
    """Whether `check` (one of the check_can_… rules here) lets the step through: for
    pages that offer only the steps the run allows."""
    try:
        check(*args, **kwargs)
    except RunError:
        return False
    return True


def check_idle(run):
    if run.task_state in BUSY:
        raise RunError(busy_message())


def check_can_recalculate(run):
    """A run is (re)calculated while it is not approved. Its background work is not
    checked here: the calculation itself runs as that work (run_progress.queue refuses a
    second one)."""
    if run.state not in NOT_APPROVED:
        raise RunError(_("Only a draft can be recalculated."))


def check_can_approve(run, user):
    check_idle(run)
    if run.state != CommissionRun.State.CALCULATED:
        raise RunError(_("Only a calculated run can be approved."))
    if user is None and two_people_required():
        raise RunError(_("Two different people must approve and post a run: say who "
                         "approves it."))


def check_can_discard(run):
    check_idle(run)
    if run.state not in NOT_APPROVED:
        raise RunError(_("Only a run that is not approved can be discarded."))


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


class OpenPeriod(RunError):
    """The period has not ended: asked to start or post it without the operator's word."""


def period_is_open(period, now=None):
    """True while the period's last day has not ended (UTC): orders may still come in."""
    return (now or timezone.now()) < period_bounds(period)[1]


def open_period_message(period):
    return _("%(period)s has not ended yet: orders placed before its end would be left out, "
             "and posted bonuses cannot be recalculated. Confirm that you want to run an "
             "open period.") % {"period": period}


def two_people_required():
    """Whether the company requires different people to approve and to post a run."""
    return bool(settings.COMMISSION_RUN_TWO_PEOPLE)


def the_run_of(period):
    """The period's run (a discarded one aside), or None."""
    return (CommissionRun.objects.filter(period=period)
            .exclude(state=CommissionRun.State.DISCARDED).first())


def _taken_message(run):
    if run.state == CommissionRun.State.POSTED:
        return _("%(period)s is already posted.") % {"period": run.period}
    return _("%(period)s already has a run (%(state)s, started %(started)s); continue with "
             "that one, or discard it before starting another.") % {
        "period": run.period, "state": run.get_state_display(),
        "started": timezone.localtime(run.created_at).strftime("%Y-%m-%d %H:%M"),
    }


def start_run(period, user=None, *, open_period=False):
    """A new draft run of `period`. Refused when the period already has a run (held by the
    database, so of two starts at the same moment one is refused), and for a period that
    has not ended unless `open_period`."""
    try:
        period_bounds(period)
    except ValueError:
        raise RunError(_("The period must be YYYY-MM.")) from None
    existing = the_run_of(period)
    if existing is not None:
        raise RunError(_taken_message(existing))
    if period_is_open(period) and not open_period:
        raise OpenPeriod(open_period_message(period))
    plan_version = plan_in_force(period)
    try:
        with transaction.atomic():
            return CommissionRun.objects.create(
                period=period, plan_version=plan_version, created_by=user
            )
    except IntegrityError:
        existing = the_run_of(period)
        if existing is None:
            raise
        raise RunError(_taken_message(existing)) from None


def discard_run(run, user=None):
    """Set a draft or calculated run aside, so the period can be started afresh (e.g. with
    a plan version published since); not while background work is on it."""
    with transaction.atomic():
        run = CommissionRun.objects.select_for_update().get(pk=run.pk)
        check_can_discard(run)
        run.state = CommissionRun.State.DISCARDED
        run.save(update_fields=["state"])
    return run


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
    check_can_recalculate(run)
    plan = plan_of(run.plan_version)
    result = period_result(plan, run.period, carry_in(run.period), highest_ranks(run.period),
                           progress)
    progress("storing")
    with transaction.atomic():
        run = CommissionRun.objects.select_for_update().get(pk=run.pk)
        check_can_recalculate(run)
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
        check_can_approve(run, user)
        run.state, run.approved_by, run.approved_at = (
            CommissionRun.State.APPROVED, user, timezone.now()
        )
        run.save(update_fields=["state", "approved_by", "approved_at"])
    return run


def check_can_post(run, user=None, *, open_period=False):
    """Refuses (RunError) what posting `run` by `user` must not do: a run not approved, an
    open period without the operator's word, the approver posting when two people are
    required. Checked again by post_run itself; views call it to answer at once."""
    if run.state != CommissionRun.State.APPROVED:
        raise RunError(_("Only an approved run can be posted."))
    if period_is_open(run.period) and not open_period:
        raise OpenPeriod(open_period_message(run.period))
    if two_people_required():
        if user is None:
            raise RunError(_("Two different people must approve and post a run: say who "
                             "posts it."))
        if user.pk == run.approved_by_id:
            raise RunError(_("You approved this run; another person must post it."))


def bonus_key_prefix(run):
    """The ledger keys of the run's bonuses start `bonus:<period>`: they name the period,
    not the run, so no other run of the period can pay a bonus again. A posting begun
    before the keys named the period (`run:<run>:…`) is resumed under its own keys."""
    legacy = f"run:{run.pk}"
    if LedgerTransaction.objects.filter(
        commission_run_id=run.pk, idempotency_key__startswith=f"{legacy}:"
    ).exists():
        return legacy
    return f"bonus:{run.period}"


def post_run(run, user=None, *, open_period=False):
    """Write the run to the ledger (each partner's bonus kind once), then mark it posted.
    Safe to call again after a crash: what was written is skipped."""
    run = CommissionRun.objects.select_related("plan_version").get(pk=run.pk)
    if run.state == CommissionRun.State.POSTED:
        return run
    check_can_post(run, user, open_period=open_period)
    prefix = bonus_key_prefix(run)
    currency = plan_versions.plan_currency(run.plan_version)
    amounts = {
        (row["partner_id"], row["kind"]): summed_cents(row["amount"])
        for row in run.lines.values("partner_id", "kind").annotate(amount=Sum("amount"))
        .order_by()
    }
    partners = {p.pk: p for p in _partners(pk for pk, _kind in amounts)}
    ledger.post_many(
        {
            "key": f"{prefix}:{partner}:{kind}",
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
            run.state, run.posted_at, run.posted_by = (
                CommissionRun.State.POSTED, timezone.now(), user
            )
            run.save(update_fields=["state", "posted_at", "posted_by"])
            _announce_posted(run, amounts, currency)
    return run


def _announce_posted(run, amounts, currency):
    """`run_posted` once this posting commits, with what each partner was paid."""
    bonuses = defaultdict(dict)
    for (partner, kind), amount in amounts.items():
        if amount > 0:
            bonuses[partner][kind] = amount
    transaction.on_commit(lambda: signals.run_posted.send(
        sender=CommissionRun, run=run, bonuses=dict(bonuses), currency=currency
    ))


def _partners(pks):
    return Partner.objects.filter(pk__in=set(pks))
