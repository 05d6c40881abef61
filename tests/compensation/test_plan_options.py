"""Plan options beyond the reference plan, on a four-partner network worked out by hand.

    A (root) ── sponsors B (placed A/L) and D (placed A/R); B sponsors C (placed B/L).
    October: A 100, B 100, C 1000 (C joined Oct 5, bought Oct 6), D 300.
"""

import io
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from compensation.engine.engine import calculate
from compensation.engine.inputs import read_orders, read_partners
from compensation.engine.plan import PlanError, parse_plan
from tests.compensation.helpers import ORDERS, PARTNERS, REFERENCE

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


def test_rank_advancement_pays_once_per_new_rank_and_keeps_the_highest_ever(tmp_path):
    plan = reference(rank_advancement={"bonuses": {"consultant": "10", "manager": "100"}})
    partners = read_partners(io.StringIO(PARTNERS))
    orders = read_orders(io.StringIO(ORDERS), partner_ids=set("ABCD"))
    first = {
        row.partner: row for row in calculate(
            plan, partners, orders, *OCTOBER, highest_ranks={"A": "consultant"}
        ).results
    }
    # A was a consultant before: reaching manager pays 100 only. B reaches consultant and
    # manager at once: 10 + 100. D (consultant) gets 10.
    assert (first["A"].rank_advancement, first["B"].rank_advancement,
            first["D"].rank_advancement) == (Decimal("100"), Decimal("110"), Decimal("10"))
    assert first["A"].total == Decimal("255.00")
    # Next period nobody orders: paid ranks fall to member, the highest ever stays.
    again = {
        row.partner: row for row in calculate(
            plan, partners, [], *OCTOBER,
            highest_ranks={p: r.highest_rank for p, r in first.items()},
        ).results
    }
    assert again["A"].rank == "member" and again["A"].highest_rank == "manager"
    assert all(row.rank_advancement == 0 for row in again.values())


def test_the_command_reads_and_writes_highest_ranks(tmp_path, capsys):
    from compensation.engine import __main__ as command
    from tests.compensation.helpers import run as run_command

    plan_file = tmp_path / "plan.json"
    data = json.loads((REFERENCE / "plan.json").read_text())
    data["rank_advancement"] = {"bonuses": {"manager": "100"}}
    plan_file.write_text(json.dumps(data))
    (tmp_path / "ranks_in.csv").write_text("partner_id,highest_rank\nA,manager\n")
    args_out = tmp_path / "ranks_out.csv"
    ranks_args = ["--ranks-in", str(tmp_path / "ranks_in.csv"), "--ranks-out", str(args_out)]
    assert run_command(tmp_path, plan=plan_file) == 0  # writes partners.csv and orders.csv
    assert command.main([
        "calculate", "--plan", str(plan_file), "--partners", str(tmp_path / "partners.csv"),
        "--orders", str(tmp_path / "orders.csv"), "--period", "2026-10",
        "--out", str(tmp_path / "results.csv"), *ranks_args,
    ]) == 0
    header, *rows = (tmp_path / "results.csv").read_text().splitlines()
    assert header.split(",")[9] == "rank_advancement"
    by_id = {row.split(",")[0]: row.split(",") for row in rows}
    assert by_id["A"][9] == "0.00" and by_id["B"][9] == "100.00"  # A was a manager before
    assert "B,manager" in args_out.read_text()
    (tmp_path / "ranks_in.csv").write_text("partner_id,highest_rank\nA,emperor\n")
    assert command.main([
        "calculate", "--plan", str(plan_file), "--partners", str(tmp_path / "partners.csv"),
        "--orders", str(tmp_path / "orders.csv"), "--period", "2026-10",
        "--out", str(tmp_path / "results2.csv"), *ranks_args,
    ]) == 2
    assert "ranks_in.csv, line 2: unknown rank 'emperor'" in capsys.readouterr().err
    assert not (tmp_path / "results2.csv").exists()


STAIR_PARTNERS = """id,sponsor_id,placement_parent_id,placement_leg,joined_at,status
R,,,,2025-01-01T00:00:00Z,active
X,R,R,L,2025-01-01T00:00:00Z,active
Y,X,X,L,2025-01-01T00:00:00Z,active
Z,Y,Y,L,2025-01-01T00:00:00Z,active
"""


def stair_plan(r_volume, breakaway=None):
    plan = {
        "active_pv": "10",
        "ranks": [{"code": "member"}, {"code": "bronze", "min_pv": "10"},
                  {"code": "silver", "min_pv": "20"}, {"code": "gold", "min_pv": "30"}],
        "stair_step": {"percent": {"bronze": "4", "silver": "8", "gold": "12"}},
    }
    if breakaway:
        plan["stair_step"]["breakaway"] = breakaway
    orders = (
        "id,partner_id,created_at,volume,status\n"
        "1,Z,2026-10-02T00:00:00Z,1000.00,paid\n"
        "2,Y,2026-10-02T00:00:00Z,10.00,paid\n"
        "3,X,2026-10-02T00:00:00Z,30.00,paid\n"
        f"4,R,2026-10-02T00:00:00Z,{r_volume},paid\n"
    )
    result = calculate(
        parse_plan(plan), read_partners(io.StringIO(STAIR_PARTNERS)),
        read_orders(io.StringIO(orders), partner_ids=set("RXYZ")), *OCTOBER,
    )
    return {row.partner: row for row in result.results}


def test_stair_step_pays_each_upline_the_difference_to_what_was_paid_below():
    # Y bronze 4%, X gold 12%, R silver 8%.
    result = stair_plan("20.00")
    # Z's 1000: Y 4% = 40, X 12 - 4 = 8% = 80, R (8% < 12%) nothing.
    # Y's 10: X 12% = 1.20.  X's 30: R 8% = 2.40.
    assert [result[p].stair_step for p in "YXR"] == [
        Decimal("40.00"), Decimal("81.20"), Decimal("2.40")]
    assert result["Z"].stair_step == 0  # the buyer earns nothing on their own orders


def test_breakaway_stops_the_volume_at_the_first_breakaway_rank_and_pays_generations():
    # Y bronze, X gold, R gold; gold breaks away; generations 3% and 1%.
    result = stair_plan("30.00", {"rank": "gold", "generations": ["3", "1"]})
    # Z's 1000 stops at X: Y 40, X 80; R is X's first gold upline: 3% = 30.
    # Y's 10: X 1.20, R 0.30.  X's 30 stops at R: R 12% = 3.60.
    assert [result[p].stair_step for p in "YXR"] == [
        Decimal("40.00"), Decimal("81.20"), Decimal("3.60")]
    assert result["R"].breakaway == Decimal("30.30")
    assert result["R"].total == Decimal("33.90")


MATRIX_PARTNERS = """id,sponsor_id,placement_parent_id,placement_leg,joined_at,status
R,,,,2025-01-01T00:00:00Z,active
A,R,R,L,2025-01-02T00:00:00Z,active
B,R,R,R,2025-01-03T00:00:00Z,active
C,R,A,L,2025-01-04T00:00:00Z,active
D,A,A,R,2025-01-05T00:00:00Z,active
E,R,B,L,2025-01-06T00:00:00Z,terminated
"""


def test_forced_matrix_spills_over_breadth_first_and_pays_by_level():
    from compensation.engine.engine import matrix_parents

    partners = read_partners(io.StringIO(MATRIX_PARTNERS))
    ids = [row.id for row in partners]
    index = {pid: i for i, pid in enumerate(ids)}
    parents = matrix_parents(
        2, ids, [row.joined_at for row in partners],
        [index[row.sponsor_id] if row.sponsor_id else None for row in partners],
    )
    # R's two positions take A and B; C spills under A (first open, breadth-first);
    # A's recruit D fills A's second position; E spills under B.
    assert {ids[i]: ids[p] if p is not None else None for i, p in enumerate(parents)} == {
        "R": None, "A": "R", "B": "R", "C": "A", "D": "A", "E": "B"}

    plan = parse_plan({"active_pv": "0", "ranks": [{"code": "member"}],
                       "matrix": {"width": 2, "percent": ["10", "5"]}})
    orders = ("id,partner_id,created_at,volume,status\n"
              "1,C,2026-10-02T00:00:00Z,100.00,paid\n"
              "2,D,2026-10-02T00:00:00Z,200.00,paid\n"
              "3,B,2026-10-02T00:00:00Z,50.00,paid\n"
              "4,E,2026-10-02T00:00:00Z,80.00,paid\n")
    result = {
        row.partner: row for row in calculate(
            plan, partners, read_orders(io.StringIO(orders), partner_ids=set(ids)), *OCTOBER
        ).results
    }
    # C's 100: A 10, R 5.  D's 200: A 20, R 10.  B's 50: R 5.  E's 80: B 8, R 4.
    assert (result["A"].matrix, result["R"].matrix, result["B"].matrix) == (
        Decimal("30.00"), Decimal("24.00"), Decimal("8.00"))
    assert result["E"].matrix == 0 and result["R"].total == Decimal("24.00")
