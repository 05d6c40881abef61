"""partners.csv and orders.csv read straight into the engine's arrays, for files of
millions of rows (the `calculate` command).

The row-by-row readers in inputs.py build an object per row and parse each value on its
own: about 40 s for a million partners and three million orders. Here a file is split
by the csv module, each column is checked as a whole (one regular expression over the
column, set operations, numpy parsing), and arrays come out directly.

Only values in their plain form are taken (ids without surrounding spaces, times like
`2026-10-03T14:05:00Z`, amounts with at most two decimals). Anything else, valid or
not, returns None, and the caller reads the file with the row-by-row reader, which
accepts every valid form and names the line of every problem. So both give the same
answer and the same errors; this one is only faster when the file is plain.
"""

import re

import numpy as np

from compensation.engine import kernels
from compensation.engine.columns import LEGS, Network, Orders
from compensation.engine.inputs import ORDER_COLUMNS, PARTNER_COLUMNS

TIMES = re.compile(r"(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n)*")
AMOUNTS = re.compile(r"(?:\d{1,12}(?:\.\d{1,2})?\n)*")
MICROSECONDS = np.timedelta64(1, "us")
EPOCH = np.datetime64("1970-01-01T00:00:00", "us")


def _columns(stream, header):
    """The file's columns (lists of strings), or None when it is not plain: quotes,
    carriage returns, surrounding spaces or a row of the wrong width all send the file
    to the row-by-row reader."""
    text = stream.read()
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # as the csv module writes rows
    if '"' in text or "\r" in text:
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].lstrip("\ufeff").split(",") != header:
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


def read_network(stream):
    """partners.csv as a Network, or None (read it with inputs.read_partners)."""
    columns = _columns(stream, PARTNER_COLUMNS)
    if columns is None:
        return None
    ids, sponsors, parents, legs, joined, statuses = columns
    count = len(ids)
    position = {pid: index for index, pid in enumerate(ids)}
    if len(position) != count or "" in position:
        return None
    if not set(statuses) <= {"active", "terminated"} or not set(legs) <= {"L", "R", ""}:
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


def read_orders(stream, network):
    """orders.csv as Orders of the network's partners, or None (read it with
    inputs.read_orders)."""
    columns = _columns(stream, ORDER_COLUMNS)
    if columns is None:
        return None
    ids, partners, created, volumes, statuses = columns
    count = len(ids)
    if len(set(ids)) != count or (count and "" in set(ids)):
        return None
    if not set(statuses) <= {"paid", "refunded"}:
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
