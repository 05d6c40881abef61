"""The full commission run on PostgreSQL for `python -m benchmarks compensation`.

`prepare` loads the generated network (through the partners import, the product's own
path) and the orders (COPY) into the benchmark's own database once, and publishes the
reference plan; `run_once` then times `commission_runs.calculate_run` from a fresh
process: read both trees and the period's orders, calculate, store every line and result.
"""

import io
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _setup(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    import django

    django.setup()


def _create_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(folder, url, plan_path):
    """The database holds exactly the generated partners and orders, and the plan."""
    _create_database(url)
    _setup(url)
    from django.core.management import call_command
    from django.db import connection

    from compensation.engine.columns import micros
    from compensation.models import PlanVersion
    from network.models import Partner
    from orders.models import Order

    call_command("migrate", verbosity=0, interactive=False)
    data = np.load(folder / "arrays.npz")
    partners, orders = len(data["sponsor"]), len(data["buyer"])
    with open(folder / "partners.csv", encoding="utf-8") as handle:
        next(handle)
        root_id, _rest = next(handle).split(",", 1)
    root = Partner.objects.filter(external_id=root_id).first()
    same_network = (root is not None and Partner.objects.count() == partners
                    and micros(root.joined_at) == int(data["joined"][0]))
    if not same_network:
        from benchmarks.network import wipe_network
        from network.partners_import import import_partners

        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE network_commissionline, network_periodresult, "
                           "network_order CASCADE")
        wipe_network()
        started = time.perf_counter()
        with open(folder / "partners.csv", encoding="utf-8", newline="") as stream:
            import_partners(stream, recompute_snapshots=False)
        print(f"  partners imported in {time.perf_counter() - started:.0f} s", flush=True)
    if not same_network or Order.objects.count() != orders:
        _load_orders(folder, data)
    rules = json.loads(Path(plan_path).read_text())
    if not PlanVersion.objects.filter(state=PlanVersion.State.PUBLISHED).exists():
        PlanVersion.objects.create(
            name=rules["name"], version=1, rules=rules, effective_from=date(2026, 1, 1),
            state=PlanVersion.State.PUBLISHED,
        )


def _load_orders(folder, data):
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE network_commissionline, network_periodresult, "
                       "network_order CASCADE")
        cursor.execute("SELECT external_id, id FROM network_partner")
        pk_of = dict(cursor.fetchall())
    with open(folder / "partners.csv", encoding="utf-8") as handle:
        next(handle)
        pks = np.array([pk_of[line.split(",", 1)[0]] for line in handle], np.int64)
    partner = pks[data["buyer"]]
    moments = (data["created"] // 1_000_000).astype("datetime64[s]").astype(str)
    volume = data["volume"]
    paid = data["paid"]
    with connection.cursor() as cursor:
        statement = ("COPY network_order (external_id, partner_id, created_at, currency, "
                     "status, total, volume, request_fingerprint, source) FROM STDIN")
        with cursor.cursor.copy(statement) as copy:
            for start in range(0, len(partner), 500_000):
                buffer = io.StringIO()
                for j in range(start, min(start + 500_000, len(partner))):
                    cents = int(volume[j])
                    buffer.write(
                        f"O{j}\t{partner[j]}\t{moments[j]}+00\t\t"
                        f"{'paid' if paid[j] else 'refunded'}\t0\t{cents // 100}."
                        f"{cents % 100:02d}\t\timport\n"
                    )
                copy.write(buffer.getvalue())
        cursor.execute("ANALYZE network_order")
    print(f"  orders loaded in {time.perf_counter() - started:.0f} s", flush=True)


def run_once(url, period):
    """Time one full run (in this process, which did nothing else)."""
    _setup(url)
    from django.db import connection

    from compensation import commission, commission_runs, run_store
    from compensation.engine import columns
    from compensation.models import CommissionRun

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE network_commissionline, network_periodresult CASCADE")
    CommissionRun.objects.filter(period=period).delete()
    phases = {}

    def timed(module, name, label):
        function = getattr(module, name)

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[label] = round(phases.get(label, 0) + time.perf_counter() - started, 2)

        setattr(module, name, wrapper)

    timed(commission, "network_arrays", "read_partners")
    timed(commission, "order_arrays", "read_orders")
    timed(columns, "calculate", "engine")
    timed(run_store, "store_period", "store_lines_and_results")
    run = commission_runs.start_run(period)
    started = time.perf_counter()
    run = commission_runs.calculate_run(run)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 1),
        "phases": phases,
        "lines": run.lines.count(),
        "results": run.results.count(),
        "totals": run.totals,
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def card_and_analysis(url, period):
    """The rank report card over the whole network (the first card after a new order
    recalculates the period; later ones read the cached figures) and a one-period plan
    analysis, in this process."""
    _setup(url)
    from django.core.cache import cache

    from compensation import analysis, commission_runs, report_card
    from network.models import Partner

    cache.clear()
    partner = Partner.objects.filter(sponsor__isnull=True).first()
    started = time.perf_counter()
    report_card.report_card(partner, period)
    cold = time.perf_counter() - started
    warm = []
    for other in Partner.objects.order_by("?")[:20]:
        started = time.perf_counter()
        report_card.report_card(other, period)
        warm.append(time.perf_counter() - started)
    started = time.perf_counter()
    result = analysis.analyse(commission_runs.plan_in_force(period), 1, period)
    analysed = time.perf_counter() - started
    return {
        "rank_card_after_a_new_order_seconds": round(cold, 1),
        "rank_card_cached_ms_p50": round(sorted(warm)[len(warm) // 2] * 1000, 1),
        "plan_analysis_one_period_seconds": round(analysed, 1),
        "analysis_payout_percent": str(result["payout_percent"]),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _in_process(function, url, period):
    completed = subprocess.run(
        [sys.executable, "-c",
         "import json, sys; from benchmarks import compensation_database as d; "
         f"print(json.dumps(d.{function}(sys.argv[1], sys.argv[2])))", url, period],
        cwd=ROOT, capture_output=True, text=True,
    )
    if completed.returncode:
        sys.stderr.write(completed.stderr[-3000:])
        raise RuntimeError(f"{function} failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def measure(folder, url, plan_path, period):
    prepare(folder, url, plan_path)
    result = _in_process("run_once", url, period)
    result["rank_card_and_analysis"] = _in_process("card_and_analysis", url, period)
    return result
