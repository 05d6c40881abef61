"""The array engine (columns.py, compiled loops) against the line-by-line Decimal engine:
on random networks, plans and periods both must give the same results and lines, to the
cent. The worked examples pin the Decimal engine to the reference plan; this pins the
array engine to it."""

import io
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compensation.engine import columns
from compensation.engine.engine import calculate, calculate_decimal, period_bounds
from compensation.engine.inputs import OrderRow, PartnerRow, read_orders, read_partners
from compensation.engine.plan import parse_plan
from tests.compensation.helpers import REFERENCE

PERIOD = period_bounds("2026-10")


def reference_data():
    return json.loads((REFERENCE / "plan.json").read_text())


@st.composite
def networks(draw):
    """A sponsor tree and a binary placement tree over the same partners, a deep chain
    now and then, orders in and around the period, refunds, terminations, carry-in."""
    count = draw(st.integers(1, 40))
    base = datetime(2026, 9, 1, tzinfo=UTC)
    rows = [PartnerRow(0, "P0", "", "", "", base, "active")]
    free = [("P0", "L"), ("P0", "R")]
    chain = draw(st.booleans())
    for index in range(1, count):
        sponsor = f"P{index - 1}" if chain else f"P{draw(st.integers(0, index - 1))}"
        slot = free.pop(draw(st.integers(0, len(free) - 1)))
        pid = f"P{index}"
        free += [(pid, "L"), (pid, "R")]
        joined = base + timedelta(days=draw(st.integers(0, 60)), hours=draw(st.integers(0, 23)))
        status = "terminated" if draw(st.integers(0, 9)) == 0 else "active"
        rows.append(PartnerRow(0, pid, sponsor, slot[0], slot[1], joined, status))
    orders = []
    for number in range(draw(st.integers(0, 80))):
        orders.append(OrderRow(
            0, f"O{number}", f"P{draw(st.integers(0, count - 1))}",
            base + timedelta(days=draw(st.integers(20, 70)), minutes=draw(st.integers(0, 999))),
            Decimal(draw(st.integers(0, 90000))) / 100,
            "refunded" if draw(st.integers(0, 9)) == 0 else "paid",
        ))
    carry = {
        f"P{index}": (Decimal(draw(st.integers(0, 500000))) / 100,
                      Decimal(draw(st.integers(0, 500000))) / 100)
        for index in draw(st.sets(st.integers(0, count - 1), max_size=5))
    }
    ranks = ["member", "consultant", "manager", "director", "executive"]
    highest = {f"P{index}": draw(st.sampled_from(ranks))
               for index in draw(st.sets(st.integers(0, count - 1), max_size=5))}
    return rows, orders, carry, highest


@st.composite
def plans(draw):
    data = reference_data()
    data["unilevel"]["compression"] = draw(st.sampled_from(["dynamic", "none"]))
    data["binary"]["flush_inactive"] = draw(st.booleans())
    data["binary"]["sponsored_active_each_leg"] = draw(st.integers(0, 2))
    data["binary"]["percent"] = draw(st.sampled_from(["10", "12.5", "0"]))
    data["unilevel"]["percent"] = draw(st.sampled_from(
        [data["unilevel"]["percent"], ["7.5", "3.25", "1"], ["5"] * 9]
    ))
    if draw(st.booleans()):
        data["binary"].pop("carry_cap")
    else:
        data["binary"]["carry_cap"] = draw(st.sampled_from(["100000", "250", "0"]))
    if draw(st.booleans()):
        data["payout_cap_percent"] = draw(st.sampled_from(["1", "15", "33.3", "60"]))
    if draw(st.booleans()):
        data["rank_advancement"] = {"bonuses": {"manager": "100", "director": "250.50",
                                                "consultant": "10"}}
    data["active_pv"] = draw(st.sampled_from(["100", "0", "50.25"]))
    return parse_plan(data)


def as_tuples(calculation):
    results = [
        (r.partner, r.pv, r.gv, r.rank, r.active, r.unilevel, r.binary, r.matching,
         r.fast_start, r.rank_advancement, r.total, r.left_carry, r.right_carry,
         r.highest_rank)
        for r in calculation.results
    ]
    lines = [(line.partner, line.kind, line.amount, line.order, line.source, line.level)
             for line in calculation.lines]
    return results, lines


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=networks(), plan=plans())
def test_the_array_engine_agrees_with_the_decimal_engine(network, plan):
    partners, orders, carry, highest = network
    arrays = columns.calculate_rows(plan, partners, orders, *PERIOD, carry, highest)
    exact = calculate_decimal(plan, partners, orders, *PERIOD, carry, highest)
    assert as_tuples(arrays.calculation()) == as_tuples(exact)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=networks(), plan=plans(), data=st.data())
def test_both_engines_pay_a_company_account_nothing_alike(network, plan, data):
    partners, orders, carry, highest = network
    company = set(data.draw(st.sets(st.sampled_from([row.id for row in partners]),
                                    max_size=3)))
    arrays = columns.Network.from_rows(partners)
    arrays.company = np.array([row.id in company for row in partners], np.bool_)
    period = columns.calculate(
        plan, arrays, columns.Orders.from_rows(orders, arrays.position), *PERIOD,
        *columns.carry_arrays(arrays, carry), columns.highest_array(plan, arrays, highest),
    )
    exact = calculate_decimal(plan, partners, orders, *PERIOD, carry, highest, company)
    assert as_tuples(period.calculation()) == as_tuples(exact)
    assert not any(line.partner in company for line in exact.lines)
    assert all(r.total == 0 for r in exact.results if r.partner in company)


def test_the_worked_example_goes_through_the_arrays(monkeypatch):
    """calculate() uses the array engine for the reference plan (not a silent fallback)."""
    folder = REFERENCE / "example"
    partners = read_partners(io.StringIO((folder / "partners.csv").read_text()))
    orders = read_orders(io.StringIO((folder / "orders.csv").read_text()),
                         partner_ids={row.id for row in partners})
    plan = parse_plan(reference_data())

    def refuse(*args, **kwargs):
        raise AssertionError("the Decimal engine was used")

    monkeypatch.setattr("compensation.engine.engine.calculate_decimal", refuse)
    result = calculate(plan, partners, orders, *PERIOD)
    assert sum(r.total for r in result.results) > 0


def test_figures_with_more_than_two_decimals_fall_back_to_the_decimal_engine():
    plan = parse_plan(reference_data())
    base = datetime(2026, 10, 1, tzinfo=UTC)
    partners = [PartnerRow(0, "A", "", "", "", base, "active"),
                PartnerRow(0, "B", "A", "A", "L", base, "active")]
    orders = [OrderRow(0, "O1", "B", base, Decimal("100.005"), "paid"),
              OrderRow(0, "O2", "A", base, Decimal("100"), "paid")]
    with pytest.raises(columns.Unsupported):
        columns.calculate_rows(plan, partners, orders, *PERIOD)
    result = {r.partner: r for r in calculate(plan, partners, orders, *PERIOD).results}
    assert result["B"].pv == Decimal("100.005")
    assert result["A"].unilevel == Decimal("5.00")  # 100.005 * 5% = 5.00025 → 5.00


def test_a_100000_level_leg_is_walked_without_recursion():
    """A single chain of 100,000 partners: GV at the top is everyone's volume, and the
    compressed unilevel walk of the bottom order pays seven levels."""
    count = 100_000
    sponsor = np.arange(-1, count - 1, dtype=np.int64)
    network = columns.Network(
        [f"P{i:06d}" for i in range(count)], sponsor, sponsor.copy(),
        np.where(sponsor >= 0, 0, -1).astype(np.int8), np.zeros(count, np.bool_),
        np.zeros(count, np.int64),
    )
    start = columns.micros(PERIOD[0])
    orders = columns.Orders([f"O{i}" for i in range(count)], np.arange(count, dtype=np.int64),
                            np.full(count, start, np.int64), np.full(count, 10_000, np.int64),
                            np.ones(count, np.bool_))
    period = columns.calculate(parse_plan(reference_data()), network, orders, *PERIOD)
    assert period.gv[0] == count * 10_000
    assert period.rank[0] == 2  # manager: 1,000,000 GV, but one leg cannot make director
    # The bottom order (P099999's) pays P099998 and P099997, consultants (2 levels deep).
    bottom = period.lines.order == count - 1
    assert sorted(period.lines.earner[bottom].tolist()) == [count - 3, count - 2]
    assert period.lines.amount[bottom].tolist() == [500, 500]
