"""`python -m benchmarks landing`: a partner's landing page on the seeded demo (the demo
partner's recruiting landing, every block type but the gallery).

- render, uncached: the cache is cleared before each request (p50, p95, queries);
- render, cached: the blocks come from the cache (p50, p95, queries);
- requests per second through gunicorn (2 sync workers, the machine's 2 cores) with
  cached blocks, driven by a client in two processes on the same machine (which takes
  part of the CPU, so the server's own capacity is higher).

Runs in a throw-away SQLite database with local-memory cache. Figures go to
benchmarks/results/landing-<date>.json.
"""

import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
SECONDS = float(os.environ.get("BENCH_LANDING_SECONDS", "10"))
AGENT = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Safari/537.36 downline-bench"


def percentiles(timings):
    timings = sorted(timings)
    return (round(statistics.median(timings), 2),
            round(timings[max(int(len(timings) * 0.95) - 1, 0)], 2))


def measure_renders(url):
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client

    settings.DEBUG = True  # to count queries
    client = Client(HTTP_USER_AGENT=AGENT)
    assert client.get(url).status_code == 200
    results = {}
    for name, clear in (("uncached", True), ("cached", False)):
        timings, queries = [], []
        for _ in range(ROUNDS):
            if clear:
                cache.clear()
            reset_queries()
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            queries.append(len(connection.queries))
            assert response.status_code == 200, response.status_code
        p50, p95 = percentiles(timings)
        results[name] = {"p50_ms": p50, "p95_ms": p95, "queries": max(queries)}
        print(f"landing render, {name:9} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  "
              f"{max(queries)} queries")
    settings.DEBUG = False
    return results


def _client(port, path, seconds, counter):
    done = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        connection = HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers={"User-Agent": AGENT})
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status == 200:
            done += 1
    with counter.get_lock():
        counter.value += done


def measure_throughput(path, env):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "website.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(100):
            try:
                connection = HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", path, headers={"User-Agent": AGENT})
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        counter = multiprocessing.Value("i", 0)
        clients = [multiprocessing.Process(target=_client,
                                           args=(port, path, SECONDS, counter))
                   for _ in range(2)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        rate = counter.value / SECONDS
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"landing through gunicorn (2 workers): {rate:,.0f} requests/s")
    return {"requests_per_second": round(rate), "seconds": SECONDS, "workers": 2,
            "client_processes": 2}


def main():
    scratch = tempfile.mkdtemp(prefix="downline-bench-landing-")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="website.settings.dev",
               DATABASE_URL=f"sqlite:///{scratch}/bench.sqlite3", MEDIA_ROOT=f"{scratch}/media",
               DJANGO_DEBUG="0")
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from network.models import Partner

    call_command("migrate", verbosity=0)
    call_command("seed_demo", quiet_logins=True, partners=300)
    partner = Partner.objects.get(user__email="partner@downline.demo")
    url = f"/en/{partner.referral_code}/"
    record = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "url": url,
              "rounds": ROUNDS, "render": measure_renders(url),
              "gunicorn": measure_throughput(url, env)}
    out = ROOT / "benchmarks" / "results" / f"landing-{datetime.now(UTC):%Y-%m-%d}.json"
    out.write_text(json.dumps(record, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
