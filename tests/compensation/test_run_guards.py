"""A period is paid once: one run per period held by the database (also when two starts
race), ledger keys that name the period's bonus, a period that has not ended run only when
the operator says so, and (when the company asks for it) two different people to approve
and to post."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.db.models import Sum

from compensation import commission_runs
from compensation.commission_runs import OpenPeriod, RunError
from compensation.models import CommissionRun, PlanVersion
from network.models import Partner
from tests.compensation.helpers import wallet_totals
from tests.factories import UserFactory
from tests.helpers import require_postgresql, run_at_once
from wallet import ledger
from wallet.models import LedgerTransaction, LedgerTransactionKind

OPEN = "2099-01"  # a month that has not ended, whatever the clock says
# The reference example's partners and orders, and its plan published.
pytestmark = pytest.mark.usefixtures("network", "plan")


def partners():
    return {partner.external_id: partner for partner in Partner.objects.all()}


def paid_once(period):
    """Each partner's wallet as the period's run pays it, once."""
    run = CommissionRun.objects.get(period=period, state=CommissionRun.State.POSTED)
    earned = dict(run.lines.values_list("partner_id").annotate(total=Sum("amount")).order_by())
    return {external: earned.get(partner.pk, Decimal(0))
            for external, partner in partners().items()}


def posted(period, user=None):
    run = commission_runs.calculate_run(commission_runs.start_run(period))
    commission_runs.approve_run(run, user)
    return commission_runs.post_run(run, user)


@pytest.mark.django_db
def test_a_second_start_of_a_period_is_refused_with_a_clear_message():
    first = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.approve_run(first, None)
    with pytest.raises(RunError) as refused:
        commission_runs.start_run("2026-10")
    assert "2026-10 already has a run (Approved" in refused.value.messages[0]
    # The database holds it, whatever code writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        CommissionRun.objects.create(period="2026-10", plan_version=PlanVersion.objects.get())
    commission_runs.post_run(first)
    with pytest.raises(RunError) as refused:
        commission_runs.start_run("2026-10")
    assert refused.value.messages == ["2026-10 is already posted."]
    assert CommissionRun.objects.filter(period="2026-10").count() == 1
    assert wallet_totals(partners()) == paid_once("2026-10")


@pytest.mark.django_db
def test_a_discarded_draft_makes_room_for_a_new_start_and_is_never_posted():
    draft = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.discard_run(draft)
    with pytest.raises(RunError):
        commission_runs.approve_run(draft, None)
    fresh = commission_runs.start_run("2026-10")
    assert fresh.pk != draft.pk
    approved = commission_runs.approve_run(commission_runs.calculate_run(fresh), None)
    with pytest.raises(RunError):
        commission_runs.discard_run(approved)  # approved runs are not set aside


@pytest.mark.django_db
def test_ledger_keys_name_the_period_s_bonus():
    run = posted("2026-10")
    keys = set(LedgerTransaction.objects.filter(
        commission_run_id=run.pk, kind=LedgerTransactionKind.BONUS,
    ).values_list("idempotency_key", flat=True))
    assert keys and all(key.startswith("bonus:2026-10:") for key in keys)
    partner, kind = run.lines.values_list("partner_id", "kind").order_by("partner_id").first()
    assert f"bonus:2026-10:{partner}:{kind}" in keys


@pytest.mark.django_db
def test_a_posting_begun_under_the_run_s_old_keys_resumes_under_them():
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.approve_run(run, None)
    # A crash mid-posting before the keys named the period: one bonus already written.
    line = run.lines.order_by("partner_id", "kind").first()
    amount = sum(
        run.lines.filter(partner_id=line.partner_id, kind=line.kind).values_list(
            "amount", flat=True)
    )
    ledger.post_bonus(line.partner, amount, "EUR", f"run:{run.pk}:{line.partner_id}:{line.kind}",
                      commission_run_id=run.pk)
    commission_runs.post_run(run)
    assert wallet_totals(partners()) == paid_once("2026-10")  # that bonus is not paid twice


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_starts_at_the_same_moment_make_one_run():
    require_postgresql("concurrent writers need PostgreSQL; SQLite serializes them")
    for _round in range(5):
        results, errors = run_at_once([
            lambda: commission_runs.start_run("2026-10").pk,
            lambda: commission_runs.start_run("2026-10").pk,
        ])
        started = [pk for pk in results if pk is not None]
        assert len(started) == 1, (results, errors)
        refusal = next(error for error in errors if error is not None)
        assert isinstance(refusal, RunError)
        assert "2026-10 already has a run" in refusal.messages[0]
        commission_runs.discard_run(CommissionRun.objects.get(pk=started[0]))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_commands_approving_and_posting_at_once_pay_the_period_once():
    require_postgresql("concurrent writers need PostgreSQL; SQLite serializes them")

    def command():
        call_command("commission_run", "2026-10", "--approve", "--post")
        return True

    results, errors = run_at_once([command, command])
    assert any(results), errors
    refusals = ("2026-10 already has a run", "already posted",
                "already being worked on in the background")
    for error in errors:  # a refused second command says why, whichever step it reached
        assert error is None or any(refusal in str(error) for refusal in refusals), error
    assert CommissionRun.objects.filter(period="2026-10").count() == 1
    assert CommissionRun.objects.get(period="2026-10").state == CommissionRun.State.POSTED
    assert wallet_totals(partners()) == paid_once("2026-10")


# --- a period that has not ended ---------------------------------------------------------


@pytest.mark.django_db
def test_an_open_period_is_started_and_posted_only_when_confirmed():
    assert commission_runs.period_is_open(OPEN)
    assert not commission_runs.period_is_open("2026-10")
    with pytest.raises(OpenPeriod) as refused:
        commission_runs.start_run(OPEN)
    assert "2099-01 has not ended yet" in refused.value.messages[0]
    assert not CommissionRun.objects.exists()
    run = commission_runs.start_run(OPEN, open_period=True)
    run = commission_runs.approve_run(commission_runs.calculate_run(run), None)
    with pytest.raises(OpenPeriod):
        commission_runs.post_run(run)
    assert commission_runs.post_run(run, open_period=True).state == CommissionRun.State.POSTED


@pytest.mark.django_db
def test_the_command_needs_open_period_for_a_month_that_has_not_ended(capsys):
    with pytest.raises(CommandError) as refused:
        call_command("commission_run", OPEN, "--post")
    assert "has not ended yet" in str(refused.value) and "--open-period" in str(refused.value)
    assert not CommissionRun.objects.exists()
    call_command("commission_run", OPEN, "--post", "--open-period")
    assert CommissionRun.objects.get(period=OPEN).state == CommissionRun.State.POSTED


# --- two people ------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_people_must_approve_and_post_when_the_company_asks(settings):
    settings.COMMISSION_RUN_TWO_PEOPLE = True
    approver, poster = UserFactory(is_staff=True), UserFactory(is_staff=True)
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    with pytest.raises(RunError):
        commission_runs.approve_run(run, None)  # nobody named
    run = commission_runs.approve_run(run, approver)
    with pytest.raises(RunError) as refused:
        commission_runs.post_run(run, approver)
    assert refused.value.messages == ["You approved this run; another person must post it."]
    with pytest.raises(RunError):
        commission_runs.post_run(run, None)
    assert not LedgerTransaction.objects.exists()
    run = commission_runs.post_run(run, poster)
    assert (run.state, run.posted_by, run.approved_by) == (
        CommissionRun.State.POSTED, poster, approver)


@pytest.mark.django_db
def test_the_command_posts_as_a_second_person(settings):
    from django.contrib.auth.models import Permission

    settings.COMMISSION_RUN_TWO_PEOPLE = True
    approver, poster = UserFactory(is_superuser=True), UserFactory(is_staff=True)
    poster.user_permissions.add(Permission.objects.get(codename="change_commissionrun"))
    with pytest.raises(CommandError) as refused:
        call_command("commission_run", "2026-10", "--approve", "--post",
                     "--user", approver.email)
    assert "another person must post it" in str(refused.value)
    assert not LedgerTransaction.objects.exists()
    call_command("commission_run", "2026-10", "--post", "--user", poster.email)
    run = CommissionRun.objects.get(period="2026-10")
    assert (run.state, run.approved_by, run.posted_by) == (
        CommissionRun.State.POSTED, approver, poster)
