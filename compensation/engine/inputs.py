"""The plan's CSV input formats and their readers, validating every row before anything
is used: partners.csv, orders.csv, carry.csv and ranks.csv.

A problem is an `InputError` naming the file, the line (the header is line 1) and what
is wrong, with a `code` and `params` so a caller can translate it. Readers either stop at
the first problem or, with `collect=True`, gather every problem in the file.

These are the only readers of the formats: the command, the partner import and the order
import use them, and bulk_inputs.py reads plain files faster into the engine's arrays with
the same format definitions, handing anything else back to these.
"""

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

PARTNER_COLUMNS = ["id", "sponsor_id", "placement_parent_id", "placement_leg", "joined_at",
                   "status"]
PARTNER_STATUSES = ("active", "terminated")
LEGS = ("L", "R")
ORDER_COLUMNS = ["id", "partner_id", "created_at", "volume", "status"]
ORDER_STATUSES = ("paid", "refunded")
CARRY_COLUMNS = ["partner_id", "left_carry", "right_carry"]
RANK_COLUMNS = ["partner_id", "highest_rank"]

MESSAGES = {
    "header": "the header must be {expected}",
    "columns": "expected {expected} columns, found {found}",
    "empty_id": "the id is empty",
    "duplicate_id": "duplicate id {id} (first on line {first})",
    "existing_id": "id {id} already exists in the network",
    "second_root": "a second root ({id}): only one partner may have no sponsor",
    "root_exists": "{id} has no sponsor, but the network already has a root",
    "root_placed": "the root {id} cannot have a placement",
    "self_sponsor": "{id} cannot sponsor themselves",
    "unknown_sponsor": "unknown sponsor {ref}",
    "unknown_parent": "unknown placement parent {ref}",
    "unplaced_parent": "placement parent {ref} is not placed yet",
    "no_placement": "{id} needs a placement parent and leg",
    "bad_leg": "placement leg must be L or R, not {value!r}",
    "duplicate_slot": "placement slot {parent}/{leg} is already taken (line {first})",
    "taken_slot": "placement slot {parent}/{leg} is already taken in the network",
    "self_parent": "{id} cannot be placed under themselves",
    "bad_date": "{column} is not an ISO 8601 UTC time: {value!r}",
    "bad_status": "status must be one of {allowed}, not {value!r}",
    "sponsor_cycle": "the sponsor chain of {id} loops back on itself",
    "placement_cycle": "the placement chain of {id} loops back on itself",
    "bad_number": "{column} is not a decimal number: {value!r}",
    "negative": "{column} cannot be negative: {value}",
    "unknown_partner": "unknown partner {ref}",
    "duplicate_partner": "partner {ref} appears twice (first on line {first})",
    "bad_order_status": "status must be paid or refunded, not {value!r}",
    "unknown_rank": "unknown rank {value!r}",
}


class InputError(Exception):
    def __init__(self, filename, line, code, **params):
        self.filename, self.line, self.code, self.params = filename, line, code, params
        super().__init__(f"{filename}, line {line}: {MESSAGES[code].format(**params)}")

    @property
    def problem(self):
        return MESSAGES[self.code].format(**self.params)


class InputErrors(Exception):
    """Every problem found in one file."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass(slots=True)
class PartnerRow:
    line: int
    id: str
    sponsor_id: str
    placement_parent_id: str
    placement_leg: str
    joined_at: datetime
    status: str


def parse_time(value):
    """ISO 8601 in UTC (`2026-10-03T14:05:00Z`); None when it is not one."""
    text = value.strip()
    if not text or not (text.endswith("Z") or text.endswith("+00:00")):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC)


def parse_decimal(value):
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        return None
    return number if number.is_finite() else None


def header_matches(header, columns):
    """Whether a header row (a list of names, or None for an empty file) is `columns`."""
    return header is not None and [name.strip().lstrip("\ufeff") for name in header] == columns


def _rows(stream, filename, columns):
    """(line, values) per record; the line is where the record starts in the file, which
    differs from its record number once a quoted value spans lines."""
    reader = csv.reader(stream)
    if not header_matches(next(reader, None), columns):
        raise InputError(filename, 1, "header", expected=",".join(columns))
    while True:
        line = reader.line_num + 1
        row = next(reader, None)
        if row is None:
            return
        if row:
            yield line, row


class _Collector:
    def __init__(self, filename, collect):
        self.filename, self.collect, self.errors = filename, collect, []

    def __call__(self, line, code, **params):
        error = InputError(self.filename, line, code, **params)
        if not self.collect:
            raise error
        self.errors.append(error)

    def finish(self):
        if self.errors:
            self.errors.sort(key=lambda error: error.line)
            raise InputErrors(self.errors)


def read_partners(stream, filename="partners.csv", *, statuses=PARTNER_STATUSES,
                  known_ids=frozenset(), taken_slots=frozenset(), root_exists=False,
                  unplaced_ids=frozenset(), same_partner=None, collect=False):
    """Read and validate partners.csv; returns the rows in file order.

    `known_ids` are partners already in the network that rows may refer to, and
    `taken_slots` the (parent id, leg) pairs they occupy; `unplaced_ids` those of them who
    cannot take anybody below them yet. When one known partner goes by several ids (say
    an external id and a referral code), `same_partner` maps each id to one key, which
    `taken_slots` then uses. Raises InputError (the first problem) or, with
    `collect=True`, InputErrors (every problem, by line).
    """
    if isinstance(stream, str | bytes):
        raise TypeError("pass an open text stream")
    same_partner = same_partner or {}
    fail = _Collector(filename, collect)
    rows, first_line, slot_line = [], {}, {}
    root = None
    for line, values in _rows(stream, filename, PARTNER_COLUMNS):
        if len(values) != len(PARTNER_COLUMNS):
            fail(line, "columns", expected=len(PARTNER_COLUMNS), found=len(values))
            continue
        pid, sponsor, parent, leg, joined, status = (value.strip() for value in values)
        if not pid:
            fail(line, "empty_id")
            continue
        if pid in first_line:
            fail(line, "duplicate_id", id=pid, first=first_line[pid])
            continue
        if pid in known_ids:
            fail(line, "existing_id", id=pid)
            continue
        first_line[pid] = line
        joined_at = parse_time(joined)
        if joined_at is None:
            fail(line, "bad_date", column="joined_at", value=joined)
        if status not in statuses:
            fail(line, "bad_status", allowed="/".join(statuses), value=status)
        if not sponsor:
            if root is not None:
                fail(line, "second_root", id=pid)
            elif root_exists:
                fail(line, "root_exists", id=pid)
            root = pid
            if parent or leg:
                fail(line, "root_placed", id=pid)
        else:
            if sponsor == pid:
                fail(line, "self_sponsor", id=pid)
            if not parent or not leg:
                fail(line, "no_placement", id=pid)
            elif leg not in LEGS:
                fail(line, "bad_leg", value=leg)
            elif parent == pid:
                fail(line, "self_parent", id=pid)
            elif (same_partner.get(parent, parent), leg) in taken_slots:
                fail(line, "taken_slot", parent=parent, leg=leg)
            elif (same_partner.get(parent, parent), leg) in slot_line:
                fail(line, "duplicate_slot", parent=parent, leg=leg,
                     first=slot_line[same_partner.get(parent, parent), leg])
            else:
                slot_line[same_partner.get(parent, parent), leg] = line
        rows.append(PartnerRow(line, pid, sponsor, parent, leg, joined_at, status))

    for row in rows:
        if row.sponsor_id and row.sponsor_id not in first_line and row.sponsor_id not in known_ids:
            fail(row.line, "unknown_sponsor", ref=row.sponsor_id)
        if row.placement_parent_id and row.placement_parent_id not in first_line:
            if row.placement_parent_id not in known_ids:
                fail(row.line, "unknown_parent", ref=row.placement_parent_id)
            elif row.placement_parent_id in unplaced_ids:
                fail(row.line, "unplaced_parent", ref=row.placement_parent_id)
    for attribute, code in (("sponsor_id", "sponsor_cycle"),
                            ("placement_parent_id", "placement_cycle")):
        for row in find_cycles(rows, attribute):
            fail(row.line, code, id=row.id)
    fail.finish()
    return rows


def find_cycles(rows, attribute):
    """Rows whose chain of `attribute` parents (within `rows`) loops; one row per loop."""
    parent_of = {row.id: getattr(row, attribute) for row in rows}
    by_id = {row.id: row for row in rows}
    state = {}  # 1 = on the current walk, 2 = known to reach a root
    looping = []
    for start in parent_of:
        if start in state:
            continue
        walk, node = [], start
        while node in parent_of and node not in state:
            state[node] = 1
            walk.append(node)
            node = parent_of[node]
        if state.get(node) == 1:  # came back to this walk: a loop
            loop_start = walk.index(node)
            looping.append(by_id[min(walk[loop_start:], key=lambda n: by_id[n].line)])
        for visited in walk:
            state[visited] = 2
    return looping


@dataclass(slots=True)
class OrderRow:
    line: int
    id: str
    partner_id: str
    created_at: datetime
    volume: Decimal
    status: str


def _amount(fail, line, column, text):
    number = parse_decimal(text)
    if number is None:
        fail(line, "bad_number", column=column, value=text)
    elif number < 0:
        fail(line, "negative", column=column, value=text.strip())
        number = None
    return number


def read_orders(stream, filename="orders.csv", *, partner_ids, existing_ids=None,
                collect=False):
    """Read and validate orders.csv against the known partner ids.

    `existing_ids`, when given, is called once with the file's order ids and returns those
    already recorded elsewhere (an import into a database): each is a problem on the line
    where it first appears."""
    fail = _Collector(filename, collect)
    rows, first_line = [], {}
    for line, values in _rows(stream, filename, ORDER_COLUMNS):
        if len(values) != len(ORDER_COLUMNS):
            fail(line, "columns", expected=len(ORDER_COLUMNS), found=len(values))
            continue
        oid, partner, created, volume, status = (value.strip() for value in values)
        if not oid:
            fail(line, "empty_id")
            continue
        if oid in first_line:
            fail(line, "duplicate_id", id=oid, first=first_line[oid])
            continue
        first_line[oid] = line
        if partner not in partner_ids:
            fail(line, "unknown_partner", ref=partner)
        created_at = parse_time(created)
        if created_at is None:
            fail(line, "bad_date", column="created_at", value=created)
        amount = _amount(fail, line, "volume", volume)
        if status not in ORDER_STATUSES:
            fail(line, "bad_order_status", value=status)
        rows.append(OrderRow(line, oid, partner, created_at, amount, status))
    if existing_ids is not None:
        for oid in existing_ids(list(first_line)):
            fail(first_line[oid], "existing_id", id=oid)
    fail.finish()
    return rows


def read_carry(stream, filename="carry.csv", *, partner_ids, collect=False):
    """Read carry.csv: {partner id: (left, right)} for known partners."""
    fail = _Collector(filename, collect)
    carry, first_line = {}, {}
    for line, values in _rows(stream, filename, CARRY_COLUMNS):
        if len(values) != len(CARRY_COLUMNS):
            fail(line, "columns", expected=len(CARRY_COLUMNS), found=len(values))
            continue
        partner, left, right = (value.strip() for value in values)
        if partner in first_line:
            fail(line, "duplicate_partner", ref=partner, first=first_line[partner])
            continue
        first_line[partner] = line
        if partner not in partner_ids:
            fail(line, "unknown_partner", ref=partner)
        left_amount = _amount(fail, line, "left_carry", left)
        right_amount = _amount(fail, line, "right_carry", right)
        carry[partner] = (left_amount, right_amount)
    fail.finish()
    return carry


def read_highest_ranks(stream, filename="ranks.csv", *, partner_ids, rank_codes,
                       collect=False):
    """Read ranks.csv: {partner id: the highest rank code they ever held}."""
    fail = _Collector(filename, collect)
    ranks, first_line = {}, {}
    for line, values in _rows(stream, filename, RANK_COLUMNS):
        if len(values) != len(RANK_COLUMNS):
            fail(line, "columns", expected=len(RANK_COLUMNS), found=len(values))
            continue
        partner, code = (value.strip() for value in values)
        if partner in first_line:
            fail(line, "duplicate_partner", ref=partner, first=first_line[partner])
            continue
        first_line[partner] = line
        if partner not in partner_ids:
            fail(line, "unknown_partner", ref=partner)
        if code not in rank_codes:
            fail(line, "unknown_rank", value=code)
        ranks[partner] = code
    fail.finish()
    return ranks
