"""A commission run's bonus lines and per-partner results written from the array engine's
columns, replacing the run's previous calculation.

On PostgreSQL the lines table is partitioned by run (migration 0011): the lines are
copied (COPY, the text formatted by compiled code) into a new table with no indexes, the
old partition is dropped, and the new table is attached as the run's partition, which
builds its indexes in bulk. Millions of lines take seconds, and a recalculation never
deletes row by row. Elsewhere (SQLite) rows are deleted and bulk inserted.

Called inside the run's transaction (the run row locked), so a failure leaves the
previous calculation as it was.
"""

from decimal import Decimal

import numpy as np
from django.db import connection

from compensation.engine import columns, formatting
from compensation.models import CommissionLine, PeriodResult

CHUNK = 1_000_000
LINE_COLUMNS = ("run_id", "partner_id", "kind", "amount", "order_id", "source_partner_id",
                "level")
RESULT_COLUMNS = ("run_id", "partner_id", "pv", "gv", "rank", "highest_rank", "active",
                  "total", "left_carry", "right_carry")
BATCH = 5000


def store_period(run, period):
    """Replace `run`'s lines and results with the period's; returns the run's totals by
    bonus kind ({kind: "amount"}, kinds that made lines)."""
    lines, pks = period.lines, period.network.pks
    order_pks = np.asarray(period.orders.ids, np.int64) if len(period.orders.ids) else \
        np.zeros(0, np.int64)
    ranks = [rank.code for rank in period.plan.ranks]

    def line_columns(part):
        order, source = lines.order[part], lines.source[part]
        return [
            np.full(len(part), run.pk), pks[lines.earner[part]], lines.kind[part],
            lines.amount[part],
            np.where(order >= 0, order_pks[np.maximum(order, 0)], -1) if len(order_pks)
            else np.full(len(part), -1),
            np.where(source >= 0, pks[np.maximum(source, 0)], -1), lines.level[part],
        ]

    line_kinds = [formatting.INTEGER, formatting.INTEGER, formatting.TEXT, formatting.CENTS,
                  formatting.OPTIONAL, formatting.OPTIONAL, formatting.INTEGER]
    total = period.total()

    def result_columns(part):
        return [
            np.full(len(part), run.pk), pks[part], period.pv[part], period.gv[part],
            period.rank[part], period.highest[part], period.active[part].astype(np.int64),
            total[part], period.left_carry[part], period.right_carry[part],
        ]

    cents, text, integer = formatting.CENTS, formatting.TEXT, formatting.INTEGER
    result_kinds = [integer, integer, cents, cents, text, text, integer, cents, cents, cents]
    PeriodResult.objects.filter(run=run)._raw_delete(PeriodResult.objects.db)
    if connection.vendor == "postgresql":
        _replace_partition(run, len(lines), line_columns, line_kinds)
        _copy(_table(PeriodResult), RESULT_COLUMNS, len(pks), result_columns, result_kinds,
              ranks)
    else:
        # Lines of a draft have no clawbacks (only posted lines do): a raw delete is safe.
        CommissionLine.objects.filter(run=run)._raw_delete(CommissionLine.objects.db)
        _insert(CommissionLine, LINE_COLUMNS, len(lines), line_columns, line_kinds,
                columns.KINDS)
        _insert(PeriodResult, RESULT_COLUMNS, len(pks), result_columns, result_kinds, ranks)
    made = np.bincount(lines.kind, minlength=len(columns.KINDS))
    sums = period.totals.sum(axis=1)
    return {
        kind: str(columns.from_cents(sums[index]))
        for index, kind in sorted(enumerate(columns.KINDS), key=lambda item: item[1])
        if made[index]
    }


def _table(model):
    return model._meta.db_table


def _replace_partition(run, count, make, kinds):
    """The lines copied into a new table, then swapped in as the run's partition."""
    parent = _table(CommissionLine)
    run_id = int(run.pk)
    fresh = f"{parent}_run{run_id}_{int(run.calculations) + 1}"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT child.relname FROM pg_inherits"
            " JOIN pg_class child ON child.oid = pg_inherits.inhrelid"
            " JOIN pg_class parent ON parent.oid = pg_inherits.inhparent"
            " WHERE parent.relname = %s AND child.relkind = 'r' AND child.relname LIKE %s",
            [parent, f"{parent}\\_run{run_id}\\_%"],
        )
        old = [name for (name,) in cursor.fetchall()]
        cursor.execute(f'DROP TABLE IF EXISTS "{fresh}"')
        cursor.execute(f'CREATE TABLE "{fresh}" (LIKE {parent} INCLUDING DEFAULTS'
                       " INCLUDING CONSTRAINTS)")
        # Lets ATTACH skip checking every row against the partition's bound.
        cursor.execute(f'ALTER TABLE "{fresh}" ADD CONSTRAINT "{fresh}_bound"'
                       f" CHECK (run_id = {run_id})")
    _copy(fresh, LINE_COLUMNS, count, make, kinds, columns.KINDS)
    with connection.cursor() as cursor:
        for name in old:
            cursor.execute(f'DROP TABLE "{name}"')
        # Lines of this run written through the ORM (default partition); a draft's lines
        # have no clawbacks, so a raw delete is safe.
        cursor.execute(f"DELETE FROM {parent}_default WHERE run_id = %s", [run_id])
        # Attaching builds the partition's indexes: sort in memory, not in temp files.
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute(f'ALTER TABLE {parent} ATTACH PARTITION "{fresh}"'
                       f" FOR VALUES IN ({run_id})")
        cursor.execute(f'ANALYZE "{fresh}"')


def _copy(table, names, count, make, kinds, strings):
    statement = f"COPY {table} ({', '.join(names)}) FROM STDIN (FORMAT csv)"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(statement) as copy:
            for start in range(0, count, CHUNK):
                part = np.arange(start, min(start + CHUNK, count))
                copy.write(formatting.csv_bytes(make(part), kinds, strings))


def _insert(model, names, count, make, kinds, strings):
    """The same rows with plain INSERTs (SQLite and other small databases): one statement
    per batch, without building a model instance per row (a run writes one result per
    partner and the demo seeds eighteen months of runs)."""
    columns_sql = ", ".join(connection.ops.quote_name(name) for name in names)
    statement = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
                 f"({columns_sql}) VALUES ({', '.join(['%s'] * len(names))})")
    convert = []
    for name, kind in zip(names, kinds, strict=True):
        if kind == formatting.TEXT:
            convert.append(strings.__getitem__)
        elif kind == formatting.CENTS:
            convert.append(lambda value: Decimal(value).scaleb(-2))
        elif kind == formatting.OPTIONAL:
            convert.append(lambda value: None if value < 0 else value)
        elif name == "active":
            convert.append(bool)
        else:
            convert.append(None)
    with connection.cursor() as cursor:
        for start in range(0, count, BATCH):
            part = np.arange(start, min(start + BATCH, count))
            values = [
                column.tolist() if change is None else [change(v) for v in column.tolist()]
                for column, change in zip(make(part), convert, strict=True)
            ]
            cursor.executemany(statement, list(zip(*values, strict=True)))
