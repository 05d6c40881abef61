"""A commission run's bonus lines and per-partner results written from the array engine's
columns: on PostgreSQL with COPY (millions of lines in seconds, the text formatted by
compiled code), elsewhere with bulk inserts.

Called inside the run's transaction, after the run's previous lines were deleted.
"""

from decimal import Decimal

import numpy as np
from django.db import connection

from .compensation import columns, formatting
from .models import CommissionLine, PeriodResult

CHUNK = 1_000_000
LINE_COLUMNS = ("run_id", "partner_id", "kind", "amount", "order_id", "source_partner_id",
                "level")
RESULT_COLUMNS = ("run_id", "partner_id", "pv", "gv", "rank", "highest_rank", "active",
                  "total", "left_carry", "right_carry")
BATCH = 5000


def store_period(run, period):
    """Write the period's lines and results for `run`; returns the run's totals by bonus
    kind ({kind: "amount"}, kinds that made lines)."""
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
    if connection.vendor == "postgresql":
        _copy(CommissionLine, LINE_COLUMNS, len(lines), line_columns, line_kinds,
              columns.KINDS)
        _copy(PeriodResult, RESULT_COLUMNS, len(pks), result_columns, result_kinds, ranks)
    else:
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


def _copy(model, names, count, make, kinds, strings):
    table = connection.ops.quote_name(model._meta.db_table)
    statement = f"COPY {table} ({', '.join(names)}) FROM STDIN (FORMAT csv)"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(statement) as copy:
            for start in range(0, count, CHUNK):
                part = np.arange(start, min(start + CHUNK, count))
                copy.write(formatting.csv_bytes(make(part), kinds, strings))


def _insert(model, names, count, make, kinds, strings):
    """The same rows through the ORM (SQLite and other small databases)."""
    fields = [name.removesuffix("_id") if name.endswith("_id") else name for name in names]
    attnames = [model._meta.get_field(field).attname for field in fields]
    for start in range(0, count, BATCH):
        part = np.arange(start, min(start + BATCH, count))
        values = [column.tolist() for column in make(part)]
        objects = []
        for row in zip(*values, strict=True):
            data = {}
            for attname, kind, value in zip(attnames, kinds, row, strict=True):
                if kind == formatting.TEXT:
                    value = strings[value]
                elif kind == formatting.CENTS:
                    value = Decimal(value).scaleb(-2)
                elif kind == formatting.OPTIONAL and value < 0:
                    value = None
                data[attname] = value
            if "active" in data:
                data["active"] = bool(data["active"])
            objects.append(model(**data))
        model.objects.bulk_create(objects)
