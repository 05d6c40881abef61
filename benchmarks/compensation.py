"""`python -m benchmarks compensation`: the reference plan over 1,000,000 partners (with a
100,000-level leg) and 3,000,000 orders in the period (plus 300,000 around it), three ways:

- **engine**: the array engine alone (`columns.calculate`) on arrays already in memory,
  compiled code warm; the median of three runs.
- **csv**: `python -m compensation.engine calculate …` end to end (read and validate
  both files, calculate, write results.csv).
- **database**: a full commission run on PostgreSQL (`commission_runs.calculate_run`):
  load the period's orders and both trees from the tables, calculate, store every bonus
  line and every partner's result. Needs `BENCH_DATABASE_URL` (default: a
  `downline_bench_compensation` database on 127.0.0.1, created and loaded on first use).

Each is measured in its own process, so its peak memory (max RSS) is its own. The worked
examples are checked first. Figures go to benchmarks/results/compensation-<date>.json.
Sizes: BENCH_COMPENSATION_PARTNERS / _ORDERS / _DEEP_LEG.
"""

import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "tests" / "fixtures" / "reference-plan" / "plan.json"
if not PLAN.exists():
    PLAN = ROOT / "compensation" / "engine" / "reference_plan.json"
PARTNERS = int(os.environ.get("BENCH_COMPENSATION_PARTNERS", "1000000"))
ORDERS = int(os.environ.get("BENCH_COMPENSATION_ORDERS", "3000000"))
DEEP_LEG = int(os.environ.get("BENCH_COMPENSATION_DEEP_LEG", "100000"))
PERIOD = "2026-10"
DATA = ROOT / "benchmarks" / ".data" / f"compensation-{PARTNERS}-{ORDERS}-{DEEP_LEG}-v2"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/downline_bench_compensation"
)


def setup_django(database_url=None):
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    import django

    django.setup()


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- inputs -------------------------------------------------------------------------------

def write_inputs(folder):
    """partners.csv, orders.csv (ORDERS inside the period and a tenth more around it, 3%
    refunded) and the same data as arrays (arrays.npz) for the engine alone."""
    setup_django()
    from compensation.engine.columns import micros
    from compensation.engine.inputs import parse_time
    from demo import network as demo

    folder.mkdir(parents=True, exist_ok=True)
    # A fixed "now": the same files (join times included) every time they are generated.
    rows = list(demo.generate(PARTNERS, seed=7, deep_legs=[DEEP_LEG], include_root=True,
                              now=datetime(2026, 11, 25, 12, tzinfo=UTC)))
    with open(folder / "partners.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "sponsor_id", "placement_parent_id", "placement_leg",
                         "joined_at", "status"])
        for row in rows:
            writer.writerow([row.id, row.sponsor_id, row.placement_parent_id,
                             row.placement_leg, row.joined_at,
                             "terminated" if row.status == "terminated" else "active"])
    position = {row.id: index for index, row in enumerate(rows)}
    count = len(rows)
    sponsor = np.array([position[row.sponsor_id] if row.sponsor_id else -1 for row in rows])
    parent = np.array([position[row.placement_parent_id] if row.placement_parent_id else -1
                       for row in rows])
    leg = np.array([{"L": 0, "R": 1}.get(row.placement_leg, -1) for row in rows], np.int8)
    terminated = np.array([row.status == "terminated" for row in rows])
    joined = np.array([micros(parse_time(row.joined_at)) for row in rows], np.int64)

    rng = np.random.default_rng(8)
    total = ORDERS + ORDERS // 10
    buyer = rng.integers(0, count, total)
    start = micros(datetime(2026, 10, 1, tzinfo=UTC))
    day = 86_400_000_000
    # ORDERS inside the period (31 days), a tenth more in the months around it.
    offset = rng.integers(0, 31 * day // 1_000_000, total) * 1_000_000
    outside = np.arange(total) >= ORDERS
    offset[outside] += np.where(rng.random(outside.sum()) < 0.5, -31 * day, 31 * day)
    order = rng.permutation(total)  # outside orders mixed in, not at the end
    buyer, offset = buyer[order], offset[order]
    created = start + offset
    volume = rng.integers(1000, 50000, total)  # cents
    paid = rng.random(total) >= 0.03
    with open(folder / "orders.csv", "w") as handle:
        handle.write("id,partner_id,created_at,volume,status\n")
        ids = [row.id for row in rows]
        moments = (created // 1_000_000).astype("datetime64[s]").astype(str)
        for number in range(total):
            cents = int(volume[number])
            handle.write(
                f"O{number},{ids[buyer[number]]},{moments[number]}Z,"
                f"{cents // 100}.{cents % 100:02d},{'paid' if paid[number] else 'refunded'}\n"
            )
    np.savez(folder / "arrays.npz", sponsor=sponsor, parent=parent, leg=leg,
             terminated=terminated, joined=joined, buyer=buyer, created=created,
             volume=volume, paid=paid)
    (folder / "ready").write_text("ok\n")


def inputs():
    if not (DATA / "ready").exists():
        started = time.perf_counter()
        write_inputs(DATA)
        print(f"inputs generated in {time.perf_counter() - started:.1f} s ({DATA})")
    return DATA


# --- the three measurements, each in its own process ----------------------------------------

def probe_engine(folder):
    from compensation.engine import columns
    from compensation.engine.engine import period_bounds
    from compensation.engine.plan import load_plan

    data = np.load(folder / "arrays.npz")
    count = len(data["sponsor"])
    network = columns.Network([str(i) for i in range(count)], data["sponsor"],
                              data["parent"], data["leg"], data["terminated"], data["joined"],
                              position={})
    orders = columns.Orders([], data["buyer"], data["created"], data["volume"], data["paid"])
    plan = load_plan(PLAN)
    bounds = period_bounds(PERIOD)
    timings = []
    for _ in range(4):  # the first run compiles (or loads the cache): not counted
        started = time.perf_counter()
        period = columns.calculate(plan, network, orders, *bounds)
        timings.append(time.perf_counter() - started)
    return {"seconds": round(statistics.median(timings[1:]), 3),
            "first_run_seconds": round(timings[0], 2),
            "lines": len(period.lines), "bonus_total": int(period.lines.amount.sum()) / 100,
            "peak_memory_mb": round(peak_mb())}


def probe_csv(folder):
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "results.csv"
        started = time.perf_counter()
        subprocess.run(_command(folder / "partners.csv", folder / "orders.csv", out),
                       cwd=ROOT, check=True)
        seconds = time.perf_counter() - started
        rows = sum(1 for _ in open(out)) - 1
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": round(seconds, 1), "result_rows": rows, "peak_memory_mb": round(peak)}


def _command(partners, orders, out, carry=None):
    args = [sys.executable, "-m", "compensation.engine", "calculate", "--plan", str(PLAN),
            "--partners", str(partners), "--orders", str(orders), "--period", PERIOD,
            "--out", str(out)]
    if carry:
        args += ["--carry-in", str(carry)]
    return args


def probe_database(folder):
    from benchmarks import compensation_database

    return compensation_database.measure(folder, DATABASE_URL, PLAN, PERIOD)


PROBES = {"engine": probe_engine, "csv": probe_csv, "database": probe_database}


def run_probe(name, folder):
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.compensation", "--probe", name, str(folder)],
        cwd=ROOT, capture_output=True, text=True,
    )
    if completed.returncode:
        sys.stderr.write(completed.stderr[-3000:])
        return {"error": (completed.stderr.strip().splitlines() or ["failed"])[-1][:300]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def check_examples():
    for example in ("example", "example-300"):
        folder = PLAN.parent / example
        if not folder.exists():
            continue
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / "results.csv"
            carry = folder / "carry.csv"
            subprocess.run(_command(folder / "partners.csv", folder / "orders.csv", out,
                                    carry if carry.exists() else None), cwd=ROOT, check=True)
            same = out.read_text() == (folder / "results.csv").read_text()
        print(f"reference {example}: {'identical' if same else 'DIFFERENT'}")
        if not same:
            sys.exit(1)


def main(names=None):
    check_examples()
    folder = inputs()
    record = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "partners": PARTNERS,
              "orders": ORDERS, "deep_leg_levels": DEEP_LEG, "period": PERIOD}
    for name in names or PROBES:
        print(f"compensation {name} …", flush=True)
        record[name] = result = run_probe(name, folder)
        print(f"  {json.dumps(result)}", flush=True)
    engine, database = record.get("engine", {}), record.get("database", {})
    if "bonus_total" in engine and "totals" in database:
        from decimal import Decimal

        stored = sum((Decimal(value) for value in database["totals"].values()), Decimal(0))
        same = stored == Decimal(str(engine["bonus_total"])) and \
            database["lines"] == engine["lines"]
        record["database_agrees_with_engine"] = same
        print(f"database run and engine on arrays: {'agree' if same else 'DIFFER'} "
              f"({database['lines']:,} lines, {stored} in bonuses)")
    out = ROOT / "benchmarks" / "results" / f"compensation-{datetime.now(UTC):%Y-%m-%d}.json"
    out.write_text(json.dumps(record, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--probe":
        if sys.argv[2] == "database":
            result = PROBES["database"](Path(sys.argv[3]))
        else:
            setup_django() if sys.argv[2] != "engine" else None
            result = PROBES[sys.argv[2]](Path(sys.argv[3]))
        print(json.dumps(result))
    else:
        main(sys.argv[1:] or None)
