"""One reader per input format: the arrays the command calculates on come from the same
readers as the rows, whether the file is plain (read column-wise) or not (read row by
row), and a problem is reported by the row reader in its words."""

import io
from pathlib import Path

import numpy as np
import pytest

from compensation.engine import bulk_inputs, columns
from compensation.engine.inputs import InputError, InputErrors, read_orders, read_partners

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "reference-plan" / "example"
PARTNERS = (EXAMPLE / "partners.csv").read_text()
ORDERS = (EXAMPLE / "orders.csv").read_text()
SECOND = "P00600001,P00600000,"


@pytest.mark.parametrize("text", [PARTNERS, PARTNERS.replace(SECOND, '"P00600001",P00600000,')])
def test_the_network_is_the_same_plain_or_not(text):  # the second is quoted: not plain
    network = bulk_inputs.read_network(io.StringIO(text))
    expected = columns.Network.from_rows(read_partners(io.StringIO(PARTNERS)))
    assert network.ids == expected.ids
    for name in ("sponsor", "parent", "leg", "terminated", "joined"):
        assert np.array_equal(getattr(network, name), getattr(expected, name)), name
    quoted = ORDERS.replace("O006000005,", '"O006000005",')
    orders = bulk_inputs.read_order_arrays(io.StringIO(quoted), network)
    rows = read_orders(io.StringIO(ORDERS), partner_ids=network.position)
    assert orders.ids == [row.id for row in rows]
    assert orders.volume.tolist() == [int(row.volume * 100) for row in rows]


def test_a_problem_is_named_by_the_row_reader():
    with pytest.raises(InputError) as failure:
        bulk_inputs.read_network(io.StringIO(PARTNERS.replace(SECOND, "P00600001,X,")),
                                 "team.csv")
    assert str(failure.value) == "team.csv, line 3: unknown sponsor X"
    network = bulk_inputs.read_network(io.StringIO(PARTNERS))
    with pytest.raises(InputError) as failure:
        bulk_inputs.read_order_arrays(io.StringIO(ORDERS.replace("250.25,paid", "250.25,lost")),
                                      network)
    assert str(failure.value) == "orders.csv, line 2: status must be paid or refunded, not 'lost'"


def test_orders_already_recorded_are_problems_on_their_first_line():
    asked = []

    def existing(ids):
        asked.append(ids)
        return {"O006000002"}

    text = ORDERS + "O006000002,P00600000,2026-10-02T00:00:00Z,5,paid\n"
    partner_ids = {row.id for row in read_partners(io.StringIO(PARTNERS))}
    with pytest.raises(InputErrors) as failure:
        read_orders(io.StringIO(text), partner_ids=partner_ids, existing_ids=existing,
                    collect=True)
    assert len(asked) == 1 and len(asked[0]) == ORDERS.count("\n") - 1
    assert [str(error) for error in failure.value.errors] == [
        "orders.csv, line 3: id O006000002 already exists in the network",
        "orders.csv, line 15: duplicate id O006000002 (first on line 3)",
    ]
