"""The engine over the database agrees with the CSV command on the same data."""

import io
from decimal import Decimal

import pytest

from compensation.commission import calculate_period
from compensation.engine.__main__ import main
from compensation.engine.plan import load_plan
from network.models import Partner
from network.partners_import import import_partners
from orders.imports import import_orders
from orders.models import Order, OrderStatus
from tests.compensation.helpers import REFERENCE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("example", ["example", "example-300"])
def test_database_run_and_csv_command_agree(tmp_path, example):
    folder = REFERENCE / example
    import_partners(io.StringIO((folder / "partners.csv").read_text()),
                    recompute_snapshots=False)
    import_orders(io.StringIO((folder / "orders.csv").read_text()))
    carry = {}
    if (folder / "carry.csv").exists():
        external = dict(Partner.objects.values_list("external_id", "pk"))
        for line in (folder / "carry.csv").read_text().splitlines()[1:]:
            partner, left, right = line.split(",")
            carry[str(external[partner])] = (Decimal(left), Decimal(right))
    calculation = calculate_period(load_plan(REFERENCE / "plan.json"), "2026-10", carry)

    args = ["calculate", "--plan", str(REFERENCE / "plan.json"),
            "--partners", str(folder / "partners.csv"), "--orders", str(folder / "orders.csv"),
            "--period", "2026-10", "--out", str(tmp_path / "results.csv")]
    if carry:
        args += ["--carry-in", str(folder / "carry.csv")]
    assert main(args) == 0
    expected = {
        line.split(",")[0]: line.split(",")[1:]
        for line in (tmp_path / "results.csv").read_text().splitlines()[1:]
    }
    external_of = {str(pk): ext for pk, ext in Partner.objects.values_list("pk", "external_id")}
    got = {
        external_of[r.partner]: [
            f"{r.pv:.2f}", f"{r.gv:.2f}", r.rank, "1" if r.active else "0",
            f"{r.unilevel:.2f}", f"{r.binary:.2f}", f"{r.matching:.2f}",
            f"{r.fast_start:.2f}", f"{r.total:.2f}", f"{r.left_carry:.2f}",
            f"{r.right_carry:.2f}",
        ]
        for r in calculation.results
    }
    assert got == expected


def test_the_company_root_earns_nothing_and_changes_nobody_elses_bonus():
    folder = REFERENCE / "example"
    import_partners(io.StringIO((folder / "partners.csv").read_text()),
                    recompute_snapshots=False)
    import_orders(io.StringIO((folder / "orders.csv").read_text()))
    plan = load_plan(REFERENCE / "plan.json")
    # An imported root is a partner, paid like anyone (as in the CSV command), until it is
    # flagged as the company's own account.
    paid = calculate_period(plan, "2026-10")
    Partner.objects.filter(sponsor__isnull=True).update(is_company=True)
    root = str(Partner.objects.get(is_company=True).pk)
    company = calculate_period(plan, "2026-10")

    def lines(calculation, partner):
        return sorted((line.kind, line.amount, line.order, line.source, line.level)
                      for line in calculation.lines if line.partner == partner)

    as_paid = {r.partner: r for r in paid.results}
    assert as_paid[root].total > 0  # the root would earn, were it a partner
    for result in company.results:
        before = as_paid[result.partner]
        assert (result.pv, result.gv, result.rank, result.active) == (
            before.pv, before.gv, before.rank, before.active)
        if result.partner == root:
            assert result.total == 0 and not lines(company, root)
        else:
            assert result.total == before.total
            assert lines(company, result.partner) == lines(paid, result.partner)


def test_shipped_orders_count_and_refunded_or_pending_do_not(tmp_path):
    folder = REFERENCE / "example"
    import_partners(io.StringIO((folder / "partners.csv").read_text()),
                    recompute_snapshots=False)
    import_orders(io.StringIO((folder / "orders.csv").read_text()))
    plan = load_plan(REFERENCE / "plan.json")
    before = {r.partner: r for r in calculate_period(plan, "2026-10").results}
    buyer = Partner.objects.get(external_id="P00600012")
    orders = Order.objects.filter(partner=buyer, created_at__month=10).order_by("pk")
    first, second = orders[0], orders[1]
    Order.objects.filter(pk=first.pk).update(status=OrderStatus.SHIPPED)
    Order.objects.filter(pk=second.pk).update(status=OrderStatus.PENDING)
    after = {r.partner: r for r in calculate_period(plan, "2026-10").results}
    assert after[str(buyer.pk)].pv == before[str(buyer.pk)].pv - second.volume


def test_a_period_is_calculated_with_the_trees_as_they_stood_at_its_close(tmp_path):
    from compensation.commission import network_arrays, partner_rows
    from network import services
    from network.models import NetworkSettings
    from tests.factories import UserFactory

    folder = REFERENCE / "example"
    import_partners(io.StringIO((folder / "partners.csv").read_text()),
                    recompute_snapshots=False)
    import_orders(io.StringIO((folder / "orders.csv").read_text()))
    settings = NetworkSettings.load()
    settings.change_window_days = 0
    settings.save()
    plan = load_plan(REFERENCE / "plan.json")
    october = {r.partner: r.total for r in calculate_period(plan, "2026-10").results}
    # In November staff move P00600012 (650.50 PV) under P00600002, and re-place them.
    moved = Partner.objects.get(external_id="P00600012")
    staff = UserFactory(is_staff=True)
    services.change_sponsor(moved, Partner.objects.get(external_id="P00600002"),
                            staff_user=staff, reason="wrong link")
    free_parent = Partner.objects.get(external_id="P00600013")
    services.change_placement(moved, free_parent, "L", staff_user=staff, reason="wrong leg")
    assert {r.partner: r.total for r in calculate_period(plan, "2026-10").results} == october
    # Read as they stand now, the trees would pay October differently.
    now = {row.id: row for row in partner_rows(network_arrays())}
    assert now[str(moved.pk)].sponsor_id == str(
        Partner.objects.get(external_id="P00600002").pk
    )


def test_a_run_under_a_plan_only_the_decimal_engine_computes_stores_its_lines(tmp_path):
    """A stair-step plan with a matrix (not on the array path) runs from the database and
    stores the same lines as the CSV command's engine computes."""
    import json

    from compensation import commission_runs
    from compensation.engine.engine import calculate_decimal, period_bounds
    from compensation.engine.inputs import read_orders, read_partners
    from compensation.engine.plan import parse_plan
    from compensation.models import PlanVersion

    folder = REFERENCE / "example-300"
    rules = json.loads((REFERENCE / "plan.json").read_text())
    rules["stair_step"] = {"percent": {"consultant": "3", "manager": "6", "director": "9"}}
    rules["matrix"] = {"width": 3, "percent": ["2", "1"]}
    import_partners(io.StringIO((folder / "partners.csv").read_text()),
                    recompute_snapshots=False)
    import_orders(io.StringIO((folder / "orders.csv").read_text()))
    PlanVersion.objects.create(name="Stairs", version=1, state=PlanVersion.State.PUBLISHED,
                               rules=rules, effective_from="2026-01-01")
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))

    partners = read_partners(io.StringIO((folder / "partners.csv").read_text()))
    expected = calculate_decimal(
        parse_plan(rules), partners,
        read_orders(io.StringIO((folder / "orders.csv").read_text()),
                    partner_ids={row.id for row in partners}),
        *period_bounds("2026-10"),
    )
    external_of = dict(Partner.objects.values_list("pk", "external_id"))
    stored = sorted(
        (external_of[partner], kind, amount, level)
        for partner, kind, amount, level in run.lines.values_list(
            "partner_id", "kind", "amount", "level")
    )
    assert stored == sorted((line.partner, line.kind, line.amount, line.level)
                            for line in expected.lines)
    assert {"stair_step", "matrix"} <= set(run.totals)
