"""Team snapshots: team size, active count and per-leg counts for every partner at once.

One pass over the whole network in memory (a million partners is a few seconds), then
the table is replaced in one transaction (COPY on PostgreSQL), so the cabinet reads one
row instead of walking a subtree on a request.
"""

from django.db import connection, transaction
from django.utils import timezone

from .models import Partner, PartnerStatus, TeamSnapshot

COLUMNS = [
    "partner_id", "team_size", "active_count", "personally_sponsored", "left_count",
    "right_count", "left_active", "right_active", "computed_at",
]


def compute(rows):
    """Figures per partner from (id, sponsor_id, parent_id, leg, status, s_depth, p_depth)."""
    team, team_active, sponsored = {}, {}, {}
    size, size_active = {}, {}
    legs = {}  # parent -> {leg: child}
    for pid, _sponsor, parent, leg, status, _sd, _pd in rows:
        team[pid] = team_active[pid] = sponsored[pid] = 0
        size[pid] = 1
        size_active[pid] = 1 if status == PartnerStatus.ACTIVE else 0
        if parent is not None:
            legs.setdefault(parent, {})[leg] = pid
    status_of = {row[0]: row[4] for row in rows}
    # Children before parents: deepest first in each tree.
    for pid, sponsor, _parent, _leg, _status, _sd, _pd in sorted(rows, key=lambda r: -r[5]):
        if sponsor is not None and sponsor in team:
            team[sponsor] += team[pid] + 1
            team_active[sponsor] += team_active[pid] + (
                1 if status_of[pid] == PartnerStatus.ACTIVE else 0
            )
            sponsored[sponsor] += 1
    placed = [row for row in rows if row[6] is not None]
    for pid, _sponsor, parent, _leg, _status, _sd, _pd in sorted(placed, key=lambda r: -r[6]):
        if parent is not None and parent in size:
            size[parent] += size[pid]
            size_active[parent] += size_active[pid]
    figures = {}
    for pid in team:
        children = legs.get(pid, {})
        left, right = children.get("L"), children.get("R")
        figures[pid] = (
            team[pid], team_active[pid], sponsored[pid],
            size[left] if left else 0, size[right] if right else 0,
            size_active[left] if left else 0, size_active[right] if right else 0,
        )
    return figures


def recompute():
    """Replace every snapshot from the current trees; returns how many were written."""
    rows = list(Partner.objects.values_list(
        "id", "sponsor_id", "placement_parent_id", "placement_leg", "status",
        "sponsor_depth", "placement_depth",
    ).iterator(chunk_size=50000))
    figures = compute(rows)
    now = timezone.now()
    records = [(pid, *values, now) for pid, values in figures.items()]
    table = TeamSnapshot._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row(record)
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})", records
            )
    return len(records)
