"""`python -m compensation.engine calculate …`: the plan over CSV files, no database.

Exit code 2 and one line naming the file, the row and the problem on any bad input;
nothing is written then. See ../shared/reference-plan/README.md.
"""

import argparse
import csv
import io
import os
import sys
import tempfile

import numpy as np

from compensation.engine import bulk_inputs, columns, formatting
from compensation.engine.engine import calculate_decimal
from compensation.engine.engine import period_bounds as engine_period_bounds
from compensation.engine.inputs import (
    InputError,
    read_carry,
    read_highest_ranks,
    read_orders,
    read_partners,
)
from compensation.engine.plan import PlanError, load_plan

RESULT_COLUMNS = ["partner_id", "pv", "gv", "rank", "active", "unilevel", "binary", "matching",
                  "fast_start", "total", "left_carry", "right_carry"]


class UsageError(Exception):
    pass


def period_bounds(text):
    try:
        return engine_period_bounds(text)
    except ValueError:
        raise UsageError(f"--period must be YYYY-MM, not {text!r}") from None


def money(amount):
    return f"{amount:.2f}"


# Bonus columns the reference format lacks, written before `total` when a plan pays them.
OPTIONAL_COLUMNS = [
    ("rank_advancement", lambda plan: bool(plan.rank_advancement)),
    ("stair_step", lambda plan: bool(plan.stair_step)),
    ("breakaway", lambda plan: bool(plan.breakaway_generations)),
    ("matrix", lambda plan: bool(plan.matrix_width and plan.matrix_percent)),
]


def extra_columns(plan):
    return [name for name, applies in OPTIONAL_COLUMNS if applies(plan)]


def result_columns(plan):
    return RESULT_COLUMNS[:9] + extra_columns(plan) + RESULT_COLUMNS[9:]


def result_rows(calculation, plan):
    extra = extra_columns(plan)
    for result in calculation.results:
        yield [
            result.partner, money(result.pv), money(result.gv), result.rank,
            "1" if result.active else "0", money(result.unilevel), money(result.binary),
            money(result.matching), money(result.fast_start),
            *(money(getattr(result, name)) for name in extra),
            money(result.total), money(result.left_carry), money(result.right_carry),
        ]


def period_results_csv(period, plan):
    """The results file's rows (after the header) from the array engine, as bytes."""
    extra = extra_columns(plan)
    ids = np.array(period.network.ids)
    order = np.argsort(ids, kind="stable")  # by id as text (code points, as str sorts)
    totals = dict(zip(columns.KINDS, period.totals, strict=True))
    money = [period.pv, period.gv]
    figures = [*money, period.rank, period.active.astype(np.int64),
               *(totals[kind] for kind in ("unilevel", "binary", "matching", "fast_start")),
               *(totals[name] for name in extra), period.total(), period.left_carry,
               period.right_carry]
    cents, text, integer = formatting.CENTS, formatting.TEXT, formatting.INTEGER
    kinds = [cents, cents, text, integer, *[cents] * (4 + len(extra) + 3)]
    return formatting.rows_with_ids(ids[order].tolist(),
                                    [column[order] for column in figures], kinds,
                                    [rank.code for rank in plan.ranks])


def _csv_header(header):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(header)
    return buffer.getvalue().encode()


def _write_atomically(path, header, rows=None, body=b""):
    """Written beside the target and renamed into place: a failure leaves nothing behind.
    The rows come as lists (`rows`) or as CSV bytes already formatted (`body`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows or ())
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(_csv_header(header))
        out.write(buffer.getvalue().encode())
        out.write(body)
    os.replace(temporary, path)


def _open(path):
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as error:
        raise UsageError(f"{path}: {error.strerror or error}") from None


def _read_rows(args, plan):
    """Every input as the readers' rows, for the Decimal engine."""
    with _open(args.partners) as stream:
        partners = read_partners(stream, args.partners)
    ids = {row.id for row in partners}
    with _open(args.orders) as stream:
        orders = read_orders(stream, args.orders, partner_ids=ids)
    return partners, orders, *_read_carry_and_ranks(args, plan, ids)


def _read_carry_and_ranks(args, plan, ids):
    carry = {}
    if args.carry_in:
        with _open(args.carry_in) as stream:
            carry = read_carry(stream, args.carry_in, partner_ids=ids)
    highest = {}
    if args.ranks_in:
        with _open(args.ranks_in) as stream:
            highest = read_highest_ranks(
                stream, args.ranks_in, partner_ids=ids, rank_codes=plan.rank_index
            )
    return carry, highest


def _calculate_on_arrays(args, plan, start, end):
    """The period on the engine's arrays, or None when the figures need the Decimal
    engine (columns.Unsupported)."""
    with _open(args.partners) as stream:
        network = bulk_inputs.read_network(stream, args.partners)
    with _open(args.orders) as stream:
        orders = bulk_inputs.read_order_arrays(stream, network, args.orders)
    carry, highest = _read_carry_and_ranks(args, plan, network.position)
    try:
        return columns.calculate(plan, network, orders, start, end,
                                 *columns.carry_arrays(network, carry),
                                 columns.highest_array(plan, network, highest))
    except columns.Unsupported:
        return None


def run_calculate(args):
    plan = load_plan(args.plan)
    start, end = period_bounds(args.period)
    try:
        period = _calculate_on_arrays(args, plan, start, end) if columns.supports(plan) \
            else None
        if period is None:
            partners, orders, carry, highest = _read_rows(args, plan)
    except UnicodeDecodeError as error:
        raise UsageError(f"a file is not UTF-8 text ({error.reason})") from None
    if period is not None:
        _write_atomically(args.out, result_columns(plan),
                          body=period_results_csv(period, plan))
        if args.ranks_out:
            ids = np.array(period.network.ids)
            order = np.argsort(ids, kind="stable")
            _write_atomically(args.ranks_out, ["partner_id", "highest_rank"],
                              body=formatting.rows_with_ids(
                                  ids[order].tolist(), [period.highest[order]],
                                  [formatting.TEXT], [rank.code for rank in plan.ranks]))
        return
    calculation = calculate_decimal(plan, partners, orders, start, end, carry, highest)
    _write_atomically(args.out, result_columns(plan), result_rows(calculation, plan))
    if args.ranks_out:
        _write_atomically(args.ranks_out, ["partner_id", "highest_rank"], (
            [result.partner, result.highest_rank] for result in calculation.results
        ))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m compensation.engine")
    commands = parser.add_subparsers(dest="command", required=True)
    calc = commands.add_parser("calculate", help="calculate one period from CSV files")
    calc.add_argument("--plan", required=True)
    calc.add_argument("--partners", required=True)
    calc.add_argument("--orders", required=True)
    calc.add_argument("--period", required=True, help="YYYY-MM (UTC calendar month)")
    calc.add_argument("--carry-in")
    calc.add_argument("--ranks-in", help="partner_id,highest_rank before this period")
    calc.add_argument("--ranks-out", help="where to write the highest ranks after it")
    calc.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    try:
        run_calculate(args)
    except (InputError, PlanError, UsageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
