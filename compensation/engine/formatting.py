"""Rows of integer columns written as CSV text, compiled: the results file and the
database's COPY input carry millions of rows, and formatting them one Python call per
value takes longer than calculating them.

A column is written as one of: a whole number, cents as a decimal with two places, a
string from a table (by index), or a whole number that is empty when negative (NULL for
COPY). Ids that are arbitrary text stay in Python (see `rows_with_ids`).
"""

import numpy as np
from numba import njit

INTEGER, CENTS, TEXT, OPTIONAL = 0, 1, 2, 3


def text_table(strings):
    """Strings as (bytes, offsets) for the TEXT columns."""
    encoded = [value.encode() for value in strings]
    offsets = np.zeros(len(encoded) + 1, np.int64)
    offsets[1:] = np.cumsum([len(value) for value in encoded])
    return np.frombuffer(b"".join(encoded) or b"\0", np.uint8).copy(), offsets


@njit(cache=True, nogil=True)
def _digits(buffer, at, value):
    if value == 0:
        buffer[at] = 48
        return at + 1
    start = at
    while value > 0:
        buffer[at] = 48 + value % 10
        value //= 10
        at += 1
    end = at - 1
    while start < end:
        buffer[start], buffer[end] = buffer[end], buffer[start]
        start += 1
        end -= 1
    return at


@njit(cache=True, nogil=True)
def format_rows(values, kinds, table, table_offsets, after_id):
    """`values` is columns x rows (int64). Returns the text (uint8) and where each row
    ends in it. Rows end with a newline; with `after_id` they instead start with a comma
    and have no newline (they follow a text id joined in Python)."""
    columns, rows = values.shape
    longest = 0
    for t in range(table_offsets.shape[0] - 1):
        longest = max(longest, table_offsets[t + 1] - table_offsets[t])
    buffer = np.empty(rows * columns * max(24, longest + 2) + rows, np.uint8)
    ends = np.empty(rows, np.int64)
    at = 0
    for r in range(rows):
        for c in range(columns):
            if c > 0 or after_id:
                buffer[at] = 44  # ,
                at += 1
            value = values[c, r]
            kind = kinds[c]
            if kind == TEXT:
                for k in range(table_offsets[value], table_offsets[value + 1]):
                    buffer[at] = table[k]
                    at += 1
            elif kind == OPTIONAL and value < 0:
                pass
            elif kind == CENTS:
                if value < 0:
                    buffer[at] = 45  # -
                    at += 1
                    value = -value
                at = _digits(buffer, at, value // 100)
                buffer[at] = 46  # .
                buffer[at + 1] = 48 + (value % 100) // 10
                buffer[at + 2] = 48 + value % 10
                at += 3
            else:
                if value < 0:
                    buffer[at] = 45
                    at += 1
                    value = -value
                at = _digits(buffer, at, value)
        if not after_id:
            buffer[at] = 10  # newline
            at += 1
        ends[r] = at
    return buffer[:at], ends


def csv_bytes(columns, kinds, strings=()):
    """Rows (one per index of the equally long int arrays in `columns`) as CSV bytes."""
    values = np.vstack([np.asarray(column, np.int64) for column in columns]) if columns \
        else np.zeros((0, 0), np.int64)
    table, offsets = text_table(strings)
    text, _ends = format_rows(values, np.array(kinds, np.int8), table, offsets, False)
    return text.tobytes()


def rows_with_ids(ids, columns, kinds, strings=()):
    """CSV bytes whose first column is an arbitrary text id (quoted as the csv module
    would) and the rest integer columns; `ids` and the columns in the rows' order."""
    values = np.vstack([np.asarray(column, np.int64) for column in columns])
    table, offsets = text_table(strings)
    text, ends = format_rows(values, np.array(kinds, np.int8), table, offsets, True)
    data = text.tobytes()
    starts = [0, *ends[:-1].tolist()]
    return b"".join(
        _quote(pid).encode() + data[start:end] + b"\n"
        for pid, start, end in zip(ids, starts, ends.tolist(), strict=True)
    )


def _quote(text):
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
