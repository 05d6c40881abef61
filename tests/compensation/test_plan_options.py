"""Plan options beyond the reference plan, on a four-partner network worked out by hand.

    A (root) ── sponsors B (placed A/L) and D (placed A/R); B sponsors C (placed B/L).
    October: A 100, B 100, C 1000 (C joined Oct 5, bought Oct 6), D 300.
"""

import io
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from network.compensation.engine import calculate
from network.compensation.inputs import read_orders, read_partners
from network.compensation.plan import PlanError, parse_plan
from tests.compensation.test_reference_plan import ORDERS, PARTNERS, REFERENCE

OCTOBER = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
B_TERMINATED = PARTNERS.replace("B,A,A,L,2026-01-02T00:00:00Z,active",
                                "B,A,A,L,2026-01-02T00:00:00Z,terminated")


def reference(**changes):
    data = json.loads((REFERENCE / "plan.json").read_text())
    for key, value in changes.items():
        section, _, name = key.partition("__")
        if name:
            data[section][name] = value
        else:
            data[section] = value
    return parse_plan(data)


def run(plan, partners=PARTNERS):
    result = calculate(
        plan, read_partners(io.StringIO(partners)),
        read_orders(io.StringIO(ORDERS), partner_ids=set("ABCD")), *OCTOBER,
    )
    return {row.partner: row for row in result.results}, result.lines


def test_unilevel_without_compression_an_inactive_sponsor_uses_up_a_level():
    # 10% at level 1, 5% at level 2 tells the levels apart.
    percents = ["10", "5", "4", "3", "2", "1", "1"]
    dynamic, _ = run(reference(unilevel__percent=percents), B_TERMINATED)
    # B is skipped: C's 1000 pays A at level 1 (100) + B's 100 (10) + D's 300 (30).
    assert dynamic["A"].unilevel == Decimal("140.00")
    plain, lines = run(
        reference(unilevel__percent=percents, unilevel__compression="none"), B_TERMINATED
    )
    # B takes level 1 unpaid: C's 1000 reaches A at level 2 (50).
    assert plain["A"].unilevel == Decimal("90.00")
    assert ("A", 2, Decimal("50.00")) in [
        (line.partner, line.level, line.amount) for line in lines if line.source == "C"
    ]
    assert plain["B"].unilevel == Decimal("0.00")


def test_flush_of_inactive_partners_carry():
    kept, _ = run(reference(), B_TERMINATED)
    assert (kept["B"].left_carry, kept["B"].right_carry) == (Decimal("1000.00"), 0)
    flushed, _ = run(reference(binary__flush_inactive=True), B_TERMINATED)
    assert (flushed["B"].left_carry, flushed["B"].right_carry) == (0, 0)
    # A is active: A's carry is kept (A is unqualified: their left-leg recruit B is out).
    assert (flushed["A"].binary, flushed["A"].left_carry, flushed["A"].right_carry) == (
        0, Decimal("1100.00"), Decimal("300.00"))


def test_plan_wide_payout_cap_scales_every_line_down_proportionally():
    uncapped, _ = run(reference())
    paid = sum(row.total for row in uncapped.values())
    assert paid == Decimal("405.00")  # A 155, B 50 unilevel + 200 fast start
    capped, lines = run(reference(payout_cap_percent="20"))  # 20% of 1500 volume = 300
    assert capped["B"].fast_start == Decimal("148.14")  # 200 x 300/405, rounded down
    assert capped["A"].fast_start == Decimal("37.03")  # 50 x 300/405
    total = sum(row.total for row in capped.values())
    assert Decimal("299.95") <= total <= Decimal("300.00")
    assert sum(line.amount for line in lines) == total
    # A cap that is not reached changes nothing.
    roomy, _ = run(reference(payout_cap_percent="50"))
    assert {p: r.total for p, r in roomy.items()} == {p: r.total for p, r in uncapped.items()}


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"unilevel__compression": "static"}, "unilevel.compression"),
        ({"binary__flush_inactive": "yes"}, "binary.flush_inactive"),
        ({"payout_cap_percent": "-1"}, "payout_cap_percent"),
    ],
)
def test_bad_options_are_refused_naming_the_key(changes, where):
    with pytest.raises(PlanError) as refused:
        reference(**changes)
    assert refused.value.where == where
