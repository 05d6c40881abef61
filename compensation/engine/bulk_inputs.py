"""partners.csv and orders.csv as the engine's arrays, for files of millions of rows (the
`calculate` command): `read_network` and `read_order_arrays`.

The row-by-row readers in inputs.py build an object per row and parse each value on its
own: about 40 s for a million partners and three million orders. A plain file is
instead split as text, each column is checked as a whole (one regular expression over
the column, set operations, numpy parsing), and arrays come out directly.

Only values in their plain form are taken that way (ids without surrounding spaces,
times like `2026-10-03T14:05:00Z`, amounts with at most two decimals); the format itself
(columns, statuses, legs) is inputs.py's. Anything else, valid or not, is read by the
row-by-row reader, which accepts every valid form and names the line of every problem.
So the answer and the errors are the readers' own; plain files are only read faster.
"""

import io
import re

import numpy as np

from compensation.engine import kernels
from compensation.engine.columns import LEGS, Network, Orders
from compensation.engine.inputs import (
    ORDER_COLUMNS,
    ORDER_STATUSES,
    PARTNER_COLUMNS,
    PARTNER_STATUSES,
    header_matches,
    read_orders,
    read_partners,
)

TIMES = re.compile(r"(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n)*")
AMOUNTS = re.compile(r"(?:\d{1,12}(?:\.\d{1,2})?\n)*")
MICROSECONDS = np.timedelta64(1, "us")
EPOCH = np.datetime64("1970-01-01T00:00:00", "us")


def read_network(stream, filename="partners.csv"):
    """partners.csv as a Network; InputError as inputs.read_partners raises it."""
    text = stream.read()
    network = plain_network(text)
    if network is None:
        network = Network.from_rows(read_partners(io.StringIO(text), filename))
    return network


def read_order_arrays(stream, network, filename="orders.csv"):
    """orders.csv as Orders of the network's partners; InputError as inputs.read_orders
    raises it."""
    text = stream.read()
    orders = plain_orders(text, network)
    if orders is None:
        rows = read_orders(io.StringIO(text), filename, partner_ids=network.position)
        orders = Orders.from_rows(rows, network.position)
    return orders


def _columns(text, header):
    """The file's columns (lists of strings), or None when it is not plain: quotes,
    carriage returns, surrounding spaces or a row of the wrong width all send the file
    to the row-by-row reader."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # as the csv module writes rows
    if '"' in text or "\r" in text:
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or not header_matches(lines[0].split(","), header):
        return None
    rows = [line for line in lines[1:] if line]
    width = len(header)
    commas = width - 1
    if any(line.count(",") != commas for line in rows):
        return None
    fields = ",".join(rows).split(",") if rows else []
    columns = [fields[i::width] for i in range(width)]
    if (" " in text or "\t" in text) and not all(_plain(column) for column in columns):
        return None
    return columns


def _plain(values):
    """No value has surrounding whitespace (the row reader would strip it)."""
    return all(value == value.strip() for value in values)


def _times(values):
    """Microseconds since 1970 of `2026-10-03T14:05:00Z` strings, or None."""
    if not TIMES.fullmatch("\n".join(values) + "\n" if values else ""):
        return None
    try:
        moments = np.array([value[:-1] for value in values], dtype="datetime64[us]")
    except ValueError:  # a day or hour that does not exist
        return None
    return ((moments - EPOCH) // MICROSECONDS).astype(np.int64)


def _cents(values):
    """Whole cents of amounts with at most two decimals (exact: below 2**53), or None."""
    if not AMOUNTS.fullmatch("\n".join(values) + "\n" if values else ""):
        return None
    return np.rint(np.array(values, dtype=np.float64) * 100).astype(np.int64)


def plain_network(text):
    """The text of a plain partners.csv as a Network, or None (not plain, or not valid)."""
    columns = _columns(text, PARTNER_COLUMNS)
    if columns is None:
        return None
    ids, sponsors, parents, legs, joined, statuses = columns
    count = len(ids)
    position = {pid: index for index, pid in enumerate(ids)}
    if len(position) != count or "" in position:
        return None
    if not set(statuses) <= set(PARTNER_STATUSES) or not set(legs) <= {*LEGS, ""}:
        return None
    position[""] = -1  # no sponsor, no placement parent
    try:
        sponsor = np.array(list(map(position.__getitem__, sponsors)), np.int64)
        parent = np.array(list(map(position.__getitem__, parents)), np.int64)
    except KeyError:
        return None
    finally:
        del position[""]
    leg = np.fromiter((LEGS.get(value, -1) for value in legs), np.int8, count)
    roots = sponsor < 0
    # One root, unplaced; everyone else placed in a leg, nobody under themselves.
    if int(roots.sum()) != 1 or (parent[roots] >= 0).any() or (leg[roots] >= 0).any():
        return None
    placed = ~roots
    if (parent[placed] < 0).any() or (leg[placed] < 0).any():
        return None
    own = np.arange(count)
    if (sponsor == own).any() or (parent == own).any():
        return None
    slots = parent[placed] * 2 + leg[placed]
    if len(np.unique(slots)) != len(slots):
        return None
    times = _times(joined)
    if times is None:
        return None
    for tree in (sponsor, parent):  # a cycle leaves nodes out of the breadth-first walk
        if len(kernels.breadth_first(tree, *kernels.children(tree))) != count:
            return None
    terminated = np.array(statuses) == "terminated" if count else np.zeros(0, np.bool_)
    return Network(list(ids), sponsor, parent, leg, terminated, times, position)


def plain_orders(text, network):
    """The text of a plain orders.csv as Orders of the network's partners, or None (not
    plain, or not valid)."""
    columns = _columns(text, ORDER_COLUMNS)
    if columns is None:
        return None
    ids, partners, created, volumes, statuses = columns
    count = len(ids)
    if len(set(ids)) != count or (count and "" in set(ids)):
        return None
    if not set(statuses) <= set(ORDER_STATUSES):
        return None
    try:
        buyer = np.array(list(map(network.position.__getitem__, partners)), np.int64)
    except KeyError:
        return None
    times, cents = _times(created), _cents(volumes)
    if times is None or cents is None:
        return None
    paid = np.array(statuses) == "paid" if count else np.zeros(0, np.bool_)
    return Orders(list(ids), buyer, times, cents, paid)
