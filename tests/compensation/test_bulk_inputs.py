"""Plain input files are read straight into arrays (bulk_inputs); anything else, valid or
not, is left to the row-by-row readers, so answers and errors stay the same."""

import io

import numpy as np
import pytest

from compensation.engine import bulk_inputs, columns
from compensation.engine.__main__ import main
from compensation.engine.inputs import read_orders, read_partners
from tests.compensation.helpers import REFERENCE

PARTNERS = """id,sponsor_id,placement_parent_id,placement_leg,joined_at,status
A,,,,2026-01-01T00:00:00Z,active
B,A,A,L,2026-01-02T00:00:00Z,active
C,B,B,L,2026-10-05T00:00:00Z,terminated
D,A,A,R,2026-02-01T12:30:00Z,active
"""
ORDERS = """id,partner_id,created_at,volume,status
O1,A,2026-10-01T00:00:00Z,100,paid
O2,C,2026-10-06T10:00:00Z,1000.5,paid
O3,D,2026-10-31T23:59:59Z,300.25,refunded
"""


def network_of(text):
    return bulk_inputs.plain_network(text)


@pytest.mark.parametrize("example", ["example", "example-300"])
def test_plain_files_give_the_same_arrays_as_the_row_readers(example):
    folder = REFERENCE / example
    network = network_of((folder / "partners.csv").read_text())
    orders = bulk_inputs.plain_orders((folder / "orders.csv").read_text(), network)
    rows = read_partners(io.StringIO((folder / "partners.csv").read_text()))
    expected = columns.Network.from_rows(rows)
    for name in ("sponsor", "parent", "leg", "terminated", "joined"):
        assert np.array_equal(getattr(network, name), getattr(expected, name)), name
    assert network.ids == expected.ids
    order_rows = read_orders(io.StringIO((folder / "orders.csv").read_text()),
                             partner_ids=set(expected.ids))
    expected_orders = columns.Orders.from_rows(order_rows, expected.position)
    for name in ("buyer", "created", "volume", "paid"):
        assert np.array_equal(getattr(orders, name), getattr(expected_orders, name)), name


def test_a_small_plain_network():
    network = network_of(PARTNERS)
    assert network.ids == ["A", "B", "C", "D"]
    assert network.sponsor.tolist() == [-1, 0, 1, 0]
    assert network.leg.tolist() == [-1, 0, 0, 1]
    assert network.terminated.tolist() == [False, False, True, False]
    orders = bulk_inputs.plain_orders(ORDERS, network)
    assert orders.volume.tolist() == [10000, 100050, 30025]
    assert orders.paid.tolist() == [True, True, False]
    assert orders.created[2] - orders.created[0] == (31 * 86400 - 1) * 1_000_000


@pytest.mark.parametrize("change", [
    ("B,A,A,L,", 'B,"A",A,L,'),  # quoted (valid)
    ("B,A,A,L,", "B, A,A,L,"),  # spaces the row reader strips (valid)
    ("2026-01-02T00:00:00Z", "2026-01-02T00:00:00+00:00"),  # another valid UTC form
    ("2026-01-02T00:00:00Z", "2026-02-30T00:00:00Z"),  # no such day
    ("B,A,A,L,", "B,X,A,L,"),  # unknown sponsor
    ("D,A,A,R,", "D,A,A,L,"),  # slot taken twice
    ("C,B,B,L,", "C,B,B,X,"),  # bad leg
    ("A,,,,", "A,D,D,L,"),  # no root, and a loop
    (",active\nB", ",retired\nB"),  # bad status
])
def test_anything_not_plain_is_left_to_the_row_reader(change):
    old, new = change
    assert old in PARTNERS
    assert network_of(PARTNERS.replace(old, new, 1)) is None


@pytest.mark.parametrize("change", [
    ("1000.5,", "1000.505,"),  # three decimals (valid: the Decimal engine takes it)
    ("1000.5,", "1e3,"),
    ("O2,C,", "O1,C,"),  # duplicate id
    ("O2,C,", "O2,Z,"),  # unknown partner
    (",paid\nO2", ",pending\nO2"),
    ("2026-10-06T10:00:00Z", "2026-10-06 10:00:00Z"),
])
def test_orders_not_plain_are_left_to_the_row_reader(change):
    old, new = change
    assert old in ORDERS
    network = network_of(PARTNERS)
    assert bulk_inputs.plain_orders(ORDERS.replace(old, new, 1), network) is None


def test_the_command_still_names_the_line_of_a_problem(tmp_path, capsys):
    (tmp_path / "partners.csv").write_text(PARTNERS)
    (tmp_path / "orders.csv").write_text(ORDERS.replace("O2,C,", "O2,Z,"))
    code = main(["calculate", "--plan", str(REFERENCE / "plan.json"),
                 "--partners", str(tmp_path / "partners.csv"),
                 "--orders", str(tmp_path / "orders.csv"), "--period", "2026-10",
                 "--out", str(tmp_path / "results.csv")])
    assert code == 2
    assert "orders.csv, line 3: unknown partner Z" in capsys.readouterr().err
    assert not (tmp_path / "results.csv").exists()


def test_rows_ending_in_crlf_as_the_csv_module_writes_them_are_plain():
    network = network_of(PARTNERS.replace("\n", "\r\n"))
    assert network is not None and network.sponsor.tolist() == [-1, 0, 1, 0]
    assert network_of(PARTNERS.replace("B,A,A,L", "B,A\r,A,L")) is None  # a lone CR
