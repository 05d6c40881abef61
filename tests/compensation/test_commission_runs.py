"""Commission runs over the database: the plan in force, recalculation with a diff,
approval, posting to the ledger exactly once (also after a crash), and carry-in."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from compensation import commission_runs
from compensation.commission_runs import RunError
from compensation.models import CommissionRun, PlanVersion
from network.models import Partner
from orders.models import Order
from tests.compensation.helpers import EXAMPLE, wallet_totals
from wallet import ledger
from wallet.models import LedgerTransaction

pytestmark = pytest.mark.django_db


def expected_totals():
    rows = [line.split(",") for line in (EXAMPLE / "results.csv").read_text().splitlines()[1:]]
    return {row[0]: Decimal(row[9]) for row in rows}


def test_a_run_calculates_approves_and_posts_each_bonus_once(network, plan):
    run = commission_runs.start_run("2026-10")
    assert run.plan_version == plan
    run = commission_runs.calculate_run(run)
    assert run.state == CommissionRun.State.CALCULATED
    assert Decimal(run.totals["unilevel"]) == Decimal("109.79")  # 99.74 + 10.05
    with pytest.raises(RunError):
        commission_runs.post_run(run)  # not approved yet
    commission_runs.approve_run(run, None)
    commission_runs.post_run(run)
    assert wallet_totals(network) == expected_totals()
    count = LedgerTransaction.objects.count()
    commission_runs.post_run(run)  # posting twice writes nothing more
    assert LedgerTransaction.objects.count() == count
    # Each line keeps its source: the order and the buying partner.
    line = run.lines.filter(kind="fast_start").order_by("amount").first()
    assert line.order is not None and line.source_partner is not None


def test_posting_resumes_after_a_crash_and_writes_each_entry_once(network, plan, monkeypatch):
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.approve_run(run, None)
    real_post, calls = ledger.post, []

    def crash_on_third(**item):
        calls.append(item["key"])
        if len(calls) == 3:
            raise RuntimeError("worker lost")
        return real_post(**item)

    monkeypatch.setattr(ledger, "post", crash_on_third)
    with pytest.raises(RuntimeError):
        commission_runs.post_run(run)
    assert CommissionRun.objects.get(pk=run.pk).state == CommissionRun.State.APPROVED
    monkeypatch.setattr(ledger, "post", real_post)
    commission_runs.post_run(run)
    assert CommissionRun.objects.get(pk=run.pk).state == CommissionRun.State.POSTED
    assert wallet_totals(network) == expected_totals()


def test_recalculating_a_draft_shows_the_difference(network, plan):
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    # A 400 PV order is cancelled after the first calculation.
    Order.objects.filter(external_id="O006000009").update(status="cancelled")
    run = commission_runs.calculate_run(run)
    changes = {kind: change for kind, _before, _now, change in commission_runs.difference(run)}
    assert changes["unilevel"] < 0 and run.calculations == 2
    commission_runs.approve_run(run, None)
    with pytest.raises(RunError):
        commission_runs.calculate_run(run)  # approved: no more recalculation


def test_a_recalculation_replaces_the_lines_and_a_failed_one_keeps_them(
    network, plan, monkeypatch
):
    from django.db import connection

    from compensation import run_store

    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    first = sorted(run.lines.values_list("partner_id", "kind", "amount", "order_id", "level"))
    ids = set(run.lines.values_list("pk", flat=True))
    assert len(first) == len(ids) > 0
    run = commission_runs.calculate_run(run)
    again = sorted(run.lines.values_list("partner_id", "kind", "amount", "order_id", "level"))
    assert again == first  # replaced, not added to
    assert not ids & set(run.lines.values_list("pk", flat=True))  # fresh ids, unique
    assert run.results.count() == Partner.objects.count()
    if connection.vendor == "postgresql":  # one partition per run, the latest
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_inherits JOIN pg_class c ON"
                           " c.oid = inhrelid WHERE c.relkind = 'r' AND c.relname LIKE %s",
                           [f"network\\_commissionline\\_run{run.pk}\\_%"])
            assert cursor.fetchone()[0] == 1

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(run_store, "_copy", fail)
    monkeypatch.setattr(run_store, "_insert", fail)
    with pytest.raises(RuntimeError):
        commission_runs.calculate_run(run)
    run.refresh_from_db()
    assert run.calculations == 2
    kept = sorted(run.lines.values_list("partner_id", "kind", "amount", "order_id", "level"))
    assert kept == first and run.results.count() == Partner.objects.count()


def test_no_plan_in_force_is_a_clear_refusal(network, plan):
    with pytest.raises(RunError) as refused:
        commission_runs.start_run("2025-12")
    assert "No published plan" in refused.value.messages[0]
    PlanVersion.objects.create(name="Reference", version=2, rules=plan.rules,
                               effective_from="2026-10-01")  # a draft is never in force
    assert commission_runs.start_run("2026-10").plan_version == plan


def test_the_next_period_starts_from_the_posted_carry(network, plan):
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.approve_run(run, None)
    commission_runs.post_run(run)
    november = commission_runs.calculate_run(commission_runs.start_run("2026-11"))
    root = network["P00600000"]
    result = november.results.get(partner=root)
    # October's carry-out 0 / 951.74 comes in, plus P00600013's 50.00 of November 2 in
    # the right leg; the root buys nothing in November, so nothing is paired.
    assert (result.left_carry, result.right_carry) == (Decimal("0.00"), Decimal("1001.74"))


def test_the_command_runs_a_period_end_to_end(network, plan, capsys):
    call_command("commission_run", "2026-10", "--post")
    out = capsys.readouterr().out
    assert "unilevel" in out and "Posted" in out
    assert wallet_totals(network) == expected_totals()


def test_a_refund_after_posting_claws_back_in_the_next_open_period(network, plan):
    from compensation.models import Clawback
    from orders import services as order_services
    from orders.models import OrderStatus

    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.approve_run(run, None)
    commission_runs.post_run(run)
    before = wallet_totals(network)
    order = Order.objects.get(external_id="O006000009")  # P00600012's 400.00
    produced = {line.pk: line.amount for line in run.lines.filter(order=order)}
    assert produced  # unilevel and fast start lines came from it

    order_services.set_status(order, OrderStatus.REFUNDED)
    clawbacks = Clawback.objects.filter(line__order=order)
    assert {c.line_id: c.amount for c in clawbacks} == produced
    assert {c.period for c in clawbacks} == {"2026-11"}
    assert wallet_totals(network) == before  # nothing edited in place, nothing yet posted

    november = commission_runs.calculate_run(commission_runs.start_run("2026-11"))
    commission_runs.approve_run(november, None)
    commission_runs.post_run(november)
    commission_runs.post_run(november)  # twice: still once
    after = wallet_totals(network)
    clawed = sum(produced.values())
    earned = sum(line.amount for line in november.lines.all())
    assert sum(after.values()) == sum(before.values()) - clawed + earned
    # The October lines themselves are unchanged.
    assert {line.pk: line.amount for line in run.lines.filter(order=order)} == produced
