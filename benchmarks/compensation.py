"""`python -m benchmarks compensation`: the pure engine's `calculate` command over a
generated network of 1,000,000 partners (with a 100,000-level leg) and 600,000 orders,
timed end to end (reading, validating, calculating, writing), and the reference plan's
worked examples checked on the way. Figures go to
benchmarks/results/compensation-<date>.json.
"""

import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT.parent / "shared" / "reference-plan" / "plan.json"
PARTNERS = int(os.environ.get("BENCH_COMPENSATION_PARTNERS", "1000000"))
ORDERS = int(os.environ.get("BENCH_COMPENSATION_ORDERS", "600000"))
DEEP_LEG = int(os.environ.get("BENCH_COMPENSATION_DEEP_LEG", "100000"))


def write_inputs(folder):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    import django

    django.setup()
    from network import demo

    rows = list(demo.generate(PARTNERS, seed=7, deep_legs=[DEEP_LEG], include_root=True))
    with open(folder / "partners.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "sponsor_id", "placement_parent_id", "placement_leg",
                         "joined_at", "status"])
        for row in rows:
            writer.writerow([row.id, row.sponsor_id, row.placement_parent_id,
                             row.placement_leg, row.joined_at,
                             "terminated" if row.status == "terminated" else "active"])
    rng = random.Random(8)
    ids = [row.id for row in rows]
    with open(folder / "orders.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "partner_id", "created_at", "volume", "status"])
        for number in range(ORDERS):
            writer.writerow([
                f"O{number}", rng.choice(ids),
                f"2026-{rng.choice(['09', '10', '10', '10', '11'])}-"
                f"{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z",
                f"{rng.randint(1000, 50000) / 100:.2f}",
                "paid" if rng.random() < 0.97 else "refunded",
            ])


def calculate(partners, orders, out, carry=None):
    args = [sys.executable, "-m", "network.compensation", "calculate", "--plan", str(PLAN),
            "--partners", str(partners), "--orders", str(orders), "--period", "2026-10",
            "--out", str(out)]
    if carry:
        args += ["--carry-in", str(carry)]
    started = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True)
    return time.perf_counter() - started


def main():
    for example in ("example", "example-300"):
        folder = PLAN.parent / example
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / "results.csv"
            carry = folder / "carry.csv"
            calculate(folder / "partners.csv", folder / "orders.csv", out,
                      carry if carry.exists() else None)
            same = out.read_text() == (folder / "results.csv").read_text()
            print(f"reference {example}: {'identical' if same else 'DIFFERENT'}")
            if not same:
                sys.exit(1)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        write_inputs(folder)
        generated = time.perf_counter() - started
        seconds = calculate(folder / "partners.csv", folder / "orders.csv",
                            folder / "results.csv")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "partners": PARTNERS, "orders": ORDERS, "deep_leg_levels": DEEP_LEG,
        "inputs_generated_seconds": round(generated, 1),
        "calculate_seconds": round(seconds, 1),
        "peak_memory_mb": round(peak_mb),
    }
    print(f"calculate: {PARTNERS:,} partners, {ORDERS:,} orders, a {DEEP_LEG:,}-level leg: "
          f"{seconds:.1f} s, peak {peak_mb:,.0f} MB")
    out = ROOT / "benchmarks" / "results" / f"compensation-{datetime.now(UTC):%Y-%m-%d}.json"
    out.write_text(json.dumps(record, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
