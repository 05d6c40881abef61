"""The reference plan's worked examples, and the command's refusals of bad input."""

import io
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from compensation.engine.engine import calculate
from compensation.engine.inputs import read_orders, read_partners
from compensation.engine.plan import load_plan
from tests.compensation.helpers import ORDERS, PARTNERS, REFERENCE, ROOT, run


def rows(path):
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    return {line.split(",")[0]: dict(zip(header, line.split(","), strict=True))
            for line in lines[1:]}


@pytest.mark.parametrize("example", ["example", "example-300"])
def test_the_worked_examples_come_out_identical(tmp_path, example):
    folder = REFERENCE / example
    args = [sys.executable, "-m", "compensation.engine", "calculate",
            "--plan", str(REFERENCE / "plan.json"),
            "--partners", str(folder / "partners.csv"),
            "--orders", str(folder / "orders.csv"), "--period", "2026-10",
            "--out", str(tmp_path / "results.csv")]
    if (folder / "carry.csv").exists():
        args += ["--carry-in", str(folder / "carry.csv")]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env={"PATH": ""})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "results.csv").read_text() == (folder / "results.csv").read_text()


def test_a_small_network_worked_out_by_hand(tmp_path):
    assert run(tmp_path) == 0
    result = rows(tmp_path / "results.csv")
    # PV counts only paid orders inside October; GV adds the sponsor subtree.
    assert (result["A"]["pv"], result["A"]["gv"]) == ("100.00", "1500.00")
    assert (result["B"]["pv"], result["B"]["gv"]) == ("100.00", "1100.00")
    # A: GV 1500, B: GV 1100, C: GV 1000 -> managers; D: GV 300 -> consultant.
    assert [result[p]["rank"] for p in "ABCD"] == ["manager", "manager", "manager",
                                                     "consultant"]
    # Unilevel: C's 1000 pays B 5% (level 1) and A 5% (level 2); B's 100 pays A 5%;
    # D's 300 pays A 5%.
    assert result["B"]["unilevel"] == "50.00"
    assert result["A"]["unilevel"] == "70.00"
    # Matching: A is B's first active upline and a manager: 10% of B's 50.00.
    assert result["A"]["matching"] == "5.00"
    # Fast start: C joined Oct 5 and bought Oct 6: B gets 20% of 1000, A 5%.
    assert result["B"]["fast_start"] == "200.00"
    assert result["A"]["fast_start"] == "50.00"
    # Binary: A has L = B + C = 1100, R = D = 300, one sponsored active each side:
    # paired 300 -> 30.00; carry 800 left, 0 right. B has no right leg: unqualified.
    assert (result["A"]["binary"], result["A"]["left_carry"], result["A"]["right_carry"]) == (
        "30.00", "800.00", "0.00")
    assert (result["B"]["binary"], result["B"]["left_carry"]) == ("0.00", "1000.00")
    assert result["A"]["total"] == "155.00"


def test_carry_in_adds_to_the_legs(tmp_path):
    assert run(tmp_path, carry="partner_id,left_carry,right_carry\nA,0.00,1000.00\n") == 0
    result = rows(tmp_path / "results.csv")
    # L 1100, R 300 + 1000: paired 1100 -> 110.00; carry 0 / 200.
    assert (result["A"]["binary"], result["A"]["left_carry"], result["A"]["right_carry"]) == (
        "110.00", "0.00", "200.00")


def test_a_terminated_partner_is_a_member_earning_nothing_but_their_volume_counts(tmp_path):
    partners = PARTNERS.replace("B,A,A,L,2026-01-02T00:00:00Z,active",
                                "B,A,A,L,2026-01-02T00:00:00Z,terminated")
    assert run(tmp_path, partners=partners) == 0
    result = rows(tmp_path / "results.csv")
    assert (result["B"]["rank"], result["B"]["active"], result["B"]["total"]) == (
        "member", "0", "0.00")
    assert result["A"]["gv"] == "1500.00"
    # Compression: with B skipped, C's order pays A at level 1.
    plan = load_plan(REFERENCE / "plan.json")
    calculation = calculate(
        plan, read_partners(io.StringIO(partners)),
        read_orders(io.StringIO(ORDERS), partner_ids=set("ABCD")),
        datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC),
    )
    from_c = [(line.partner, line.level, line.amount) for line in calculation.lines
              if line.kind == "unilevel" and line.source == "C"]
    assert from_c == [("A", 1, Decimal("50.00"))]


@pytest.mark.parametrize(
    ("partners", "orders", "carry", "message"),
    [
        (PARTNERS + "E,E,A,L,2026-01-01T00:00:00Z,active\n", ORDERS, None,
         "partners.csv, line 6: E cannot sponsor themselves"),
        (PARTNERS + "E,Z,D,L,2026-01-01T00:00:00Z,active\n", ORDERS, None,
         "partners.csv, line 6: unknown sponsor Z"),
        (PARTNERS + "B,A,D,L,2026-01-01T00:00:00Z,active\n", ORDERS, None,
         "partners.csv, line 6: duplicate id B (first on line 3)"),
        (PARTNERS + "E,A,A,L,2026-01-01T00:00:00Z,active\n", ORDERS, None,
         "partners.csv, line 6: placement slot A/L is already taken (line 3)"),
        (PARTNERS.replace("C,B,B,L", "C,E,B,L") + "E,C,D,L,2026-01-01T00:00:00Z,active\n",
         ORDERS, None, "the sponsor chain of"),
        (PARTNERS, ORDERS + "7,A,2026-10-09T00:00:00Z,12.3.4,paid\n", None,
         "orders.csv, line 8: volume is not a decimal number: '12.3.4'"),
        (PARTNERS, ORDERS + "7,A,10/09/2026,1.00,paid\n", None,
         "orders.csv, line 8: created_at is not an ISO 8601 UTC time: '10/09/2026'"),
        (PARTNERS, ORDERS + "7,Q,2026-10-09T00:00:00Z,1.00,paid\n", None,
         "orders.csv, line 8: unknown partner Q"),
        (PARTNERS, ORDERS, "partner_id,left_carry,right_carry\nA,-1,0\n",
         "carry.csv, line 2: left_carry cannot be negative: -1"),
    ],
)
def test_bad_input_stops_with_exit_code_2_one_line_and_no_output(
    tmp_path, capsys, partners, orders, carry, message
):
    assert run(tmp_path, partners=partners, orders=orders, carry=carry) == 2
    error = capsys.readouterr().err.strip()
    assert message in error and "\n" not in error
    assert not (tmp_path / "results.csv").exists()


def test_a_bad_plan_or_period_is_refused(tmp_path, capsys):
    (tmp_path / "plan.json").write_text('{"ranks": [{"code": "member", "min_pv": "x"}]}')
    assert run(tmp_path, plan=tmp_path / "plan.json") == 2
    assert "ranks[0].min_pv" in capsys.readouterr().err
    assert run(tmp_path, period="2026-13") == 2
    assert "--period must be YYYY-MM" in capsys.readouterr().err
