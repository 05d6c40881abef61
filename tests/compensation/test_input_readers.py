"""One reader per input format: the arrays the command calculates on come from the same
readers as the rows, whether the file is plain (read column-wise) or not (read row by
row), and a problem is reported by the row reader in its words."""

import io

import numpy as np
import pytest

from compensation.engine import bulk_inputs, columns
from compensation.engine.inputs import InputError, InputErrors, read_orders, read_partners
from tests.compensation.test_bulk_inputs import ORDERS, PARTNERS

QUOTED = PARTNERS.replace("B,A,A,L,", 'B,"A",A,L,')  # valid, but not plain


@pytest.mark.parametrize("text", [PARTNERS, QUOTED])
def test_the_network_is_the_same_plain_or_not(text):
    network = bulk_inputs.read_network(io.StringIO(text))
    expected = columns.Network.from_rows(read_partners(io.StringIO(PARTNERS)))
    assert network.ids == expected.ids
    for name in ("sponsor", "parent", "leg", "terminated", "joined"):
        assert np.array_equal(getattr(network, name), getattr(expected, name)), name
    orders = bulk_inputs.read_order_arrays(io.StringIO(ORDERS.replace("O1,", '"O1",')),
                                           network)
    assert orders.ids == ["O1", "O2", "O3"]
    assert orders.volume.tolist() == [10000, 100050, 30025]


def test_a_problem_is_named_by_the_row_reader():
    with pytest.raises(InputError) as failure:
        bulk_inputs.read_network(io.StringIO(PARTNERS.replace("B,A,A,L,", "B,X,A,L,")),
                                 "team.csv")
    assert str(failure.value) == "team.csv, line 3: unknown sponsor X"
    network = bulk_inputs.read_network(io.StringIO(PARTNERS))
    with pytest.raises(InputError) as failure:
        bulk_inputs.read_order_arrays(io.StringIO(ORDERS.replace(",paid\nO2", ",lost\nO2")),
                                      network)
    assert str(failure.value) == "orders.csv, line 2: status must be paid or refunded, not 'lost'"


def test_orders_already_recorded_are_problems_on_their_first_line():
    asked = []

    def existing(ids):
        asked.append(ids)
        return {"O3"}

    text = ORDERS + "O3,A,2026-10-02T00:00:00Z,5,paid\n"
    with pytest.raises(InputErrors) as failure:
        read_orders(io.StringIO(text), partner_ids=set("ABCD"), existing_ids=existing,
                    collect=True)
    assert asked == [["O1", "O2", "O3"]]
    assert [str(error) for error in failure.value.errors] == [
        "orders.csv, line 4: id O3 already exists in the network",
        "orders.csv, line 5: duplicate id O3 (first on line 4)",
    ]
