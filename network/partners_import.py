"""Bulk import of an existing network from partners.csv (a company migrating vendors).

Everything is validated first and every bad row reported with its line; then all rows
are written in one transaction, or none. Rows are written with COPY on PostgreSQL
(executemany elsewhere) because the ORM's per-object path would take hours at a million.
Rows may refer to partners already here by external id or referral code.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compensation.engine.inputs import InputError, InputErrors, read_partners

from . import codes, genealogy, tasks
from .models import Partner, TeamSnapshot
from .signals import partners_imported

STATUSES = ("active", "inactive", "terminated")

# The engine's English problems, translatable for the people who read them here.
PROBLEMS = {
    "header": _("the header must be {expected}"),
    "columns": _("expected {expected} columns, found {found}"),
    "empty_id": _("the id is empty"),
    "duplicate_id": _("duplicate id {id} (first on line {first})"),
    "existing_id": _("id {id} already exists in the network"),
    "second_root": _("a second root ({id}): only one partner may have no sponsor"),
    "root_exists": _("{id} has no sponsor, but the network already has a root"),
    "root_placed": _("the root {id} cannot have a placement"),
    "self_sponsor": _("{id} cannot sponsor themselves"),
    "unknown_sponsor": _("unknown sponsor {ref}"),
    "unknown_parent": _("unknown placement parent {ref}"),
    "unplaced_parent": _("placement parent {ref} is not placed yet"),
    "no_placement": _("{id} needs a placement parent and leg"),
    "bad_leg": _("placement leg must be L or R, not {value!r}"),
    "duplicate_slot": _("placement slot {parent}/{leg} is already taken (line {first})"),
    "taken_slot": _("placement slot {parent}/{leg} is already taken in the network"),
    "self_parent": _("{id} cannot be placed under themselves"),
    "bad_date": _("{column} is not an ISO 8601 UTC time: {value!r}"),
    "bad_status": _("status must be one of {allowed}, not {value!r}"),
    "sponsor_cycle": _("the sponsor chain of {id} loops back on itself"),
    "placement_cycle": _("the placement chain of {id} loops back on itself"),
    "bad_number": _("{column} is not a decimal number: {value!r}"),
    "negative": _("{column} cannot be negative: {value}"),
}


def describe(error):
    """One translated line: "partners.csv, line 7: unknown sponsor P9"."""
    problem = str(PROBLEMS[error.code]).format(**error.params)
    return _("%(file)s, line %(line)s: %(problem)s") % {
        "file": error.filename, "line": error.line, "problem": problem,
    }


class ImportFailed(Exception):
    def __init__(self, errors):
        self.errors = errors
        self.messages = [describe(error) for error in errors]
        super().__init__("\n".join(self.messages))


COLUMNS = [
    "id", "external_id", "referral_code", "vanity_code_chosen", "status", "rank", "joined_at",
    "sponsor_id", "sponsor_depth", "placement_parent_id", "placement_leg", "placement_depth",
    "held_for_review", "display_name", "photo", "phone", "telegram", "whatsapp", "viber",
]


def import_partners(stream, filename="partners.csv", *, recompute_snapshots=True):
    """Import every row or none; returns the number imported, raises ImportFailed."""
    with transaction.atomic():
        # No move may shift depths this import reads, then the table for ids and slots.
        genealogy.lock_trees()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Sign-ups wait until the import commits, so ids and slots stay ours.
                cursor.execute(f"LOCK TABLE {Partner._meta.db_table} IN EXCLUSIVE MODE")
        existing = _existing_network()
        try:
            rows = read_partners(
                stream, filename, statuses=STATUSES, known_ids=existing.refs.keys(),
                taken_slots=existing.taken_slots, root_exists=existing.has_root,
                unplaced_ids=existing.unplaced, same_partner=existing.same_partner,
                collect=True,
            )
        except InputErrors as failure:
            raise ImportFailed(failure.errors) from None
        except InputError as failure:
            raise ImportFailed([failure]) from None
        _write(rows, existing)
        partners_imported.send(sender=Partner, count=len(rows))
        if recompute_snapshots:
            tasks.recompute_snapshots.delay_on_commit()
    return len(rows)


class _Existing:
    def __init__(self):
        self.refs = {}  # external id or referral code -> (pk, sponsor_depth, placement_depth)
        self.same_partner = {}  # external id or referral code -> pk
        self.unplaced = set()  # refs of partners not placed yet (no one can go below them)
        self.taken_slots = set()  # (pk, leg)
        self.codes = set()
        self.has_root = False
        self.max_pk = 0


def _existing_network():
    existing = _Existing()
    slots_by_pk = defaultdict(list)
    rows = Partner.objects.values_list(
        "pk", "external_id", "referral_code", "sponsor_id", "sponsor_depth",
        "placement_parent_id", "placement_leg", "placement_depth",
    )
    for pk, external_id, code, sponsor_id, depth, parent_id, leg, placement_depth in rows.iterator(
        chunk_size=20000
    ):
        entry = (pk, depth, placement_depth)
        existing.refs[code] = entry
        if external_id:
            existing.refs[external_id] = entry
        existing.codes.add(code)
        existing.has_root = existing.has_root or sponsor_id is None
        existing.max_pk = max(existing.max_pk, pk)
        if parent_id is not None:
            slots_by_pk[parent_id].append(leg)
    for ref, (pk, _depth, placement) in existing.refs.items():
        existing.same_partner[ref] = pk
        if placement is None:
            existing.unplaced.add(ref)
    for pk, legs in slots_by_pk.items():
        for leg in legs:
            existing.taken_slots.add((pk, leg))
    return existing


def _write(rows, existing):
    pk_of = {row.id: existing.max_pk + index for index, row in enumerate(rows, start=1)}
    by_id = {row.id: row for row in rows}
    sponsor_depth, placement_depth = {}, {}

    def depth(row_id, attribute, memo, existing_index):
        # Iterative: legs can be 100,000 levels deep.
        chain, node = [], row_id
        while node in by_id and node not in memo:
            chain.append(node)
            parent = getattr(by_id[node], attribute)
            if not parent:
                memo[node] = 0
                chain.pop()
                break
            node = parent
        base = memo.get(node)
        if base is None:  # the chain ends at a partner already in the network
            base = existing.refs[node][existing_index]
        for item in reversed(chain):
            base += 1
            memo[item] = base
        return memo[row_id]

    issued = set(existing.codes)
    now = timezone.now()
    output = []
    for row in rows:
        code = codes.generate_code()
        while code in issued:
            code = codes.generate_code()
        issued.add(code)
        sponsor_pk = _pk(row.sponsor_id, pk_of, existing)
        parent_pk = _pk(row.placement_parent_id, pk_of, existing)
        output.append((
            pk_of[row.id], row.id, code, False, row.status, "member", row.joined_at or now,
            sponsor_pk, depth(row.id, "sponsor_id", sponsor_depth, 1),
            parent_pk, row.placement_leg or None,
            depth(row.id, "placement_parent_id", placement_depth, 2),
            False, "", "", "", "", "", "",
        ))
    table = Partner._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, table, output)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
        else:
            placeholders = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({placeholders})", output
            )


def _pk(ref, pk_of, existing):
    if not ref:
        return None
    if ref in pk_of:
        return pk_of[ref]
    return existing.refs[ref][0]


def _copy(cursor, table, output):
    # Self-references are checked when the transaction commits, so the order of rows
    # does not matter to the foreign keys; the unique slot index is checked per row,
    # which is fine because validation already proved the slots distinct.
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    with cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        for record in output:
            copy.write_row(record)


def analyze():
    """Fresh planner statistics after a bulk write (PostgreSQL; a no-op elsewhere), and
    the dead rows of a bulk update cleared when no transaction is open (VACUUM cannot
    run inside one): reads after a million-row rewrite are twice as fast with it."""
    if connection.vendor == "postgresql":
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(
                f"{command} {Partner._meta.db_table}, {TeamSnapshot._meta.db_table}"
            )
