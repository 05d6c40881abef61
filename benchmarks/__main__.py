"""Measures the company site's page renders on a seeded demo database.

Runs in a throw-away SQLite database (or DATABASE_URL's server), seeds the demo, then
renders each page type many times through Django's test client: p50/p95 milliseconds
and database queries per render. Writes benchmarks/results/site-<date>.json. Then runs
the network benchmark (benchmarks/network.py), the compensation engine's
(benchmarks/compensation.py), a partner's landing page (benchmarks/landing.py),
learning (benchmarks/learning.py) and notifications (benchmarks/notifications.py), unless
arguments choose among `site`, `network`, `compensation`, `landing`, `learning` and
`notifications`.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    scratch = tempfile.mkdtemp(prefix="downline-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ["MEDIA_ROOT"] = f"{scratch}/media"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    settings.DEBUG = True  # to count queries
    call_command("migrate", verbosity=0)
    call_command("seed_demo", quiet_logins=True)
    client = Client()
    pages = {
        "home (ru)": "/ru/",
        "news index (en)": "/en/news/",
        "news article (uk)": "/uk/news/new-vitamin-line/",
        "blog index, filtered (en)": "/en/blog/?category=team-achievements",
        "blog post (en)": "/en/blog/first-week-plan/",
        "rss feed (en)": "/en/news/feed/rss/",
        "search (en)": "/en/search/?q=vitamin",
        "sitemap.xml": "/sitemap.xml",
    }
    results = {}
    for name, url in pages.items():
        client.get(url)  # warm up: renditions, template caches
        timings, queries = [], []
        for _ in range(ROUNDS):
            reset_queries()
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            queries.append(len(connection.queries))
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        results[name] = {
            "url": url,
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
            "queries": max(queries),
        }
        print(f"{name:28} p50 {results[name]['p50_ms']:7.2f} ms   "
              f"p95 {results[name]['p95_ms']:7.2f} ms   {results[name]['queries']:3} queries")
    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "rounds": ROUNDS,
        "pages": results,
    }
    out = ROOT / "benchmarks" / "results" / f"site-{datetime.now(UTC):%Y-%m-%d}.json"
    out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    # `python -m benchmarks [site] [network] [compensation] [landing] [learning]
    # [notifications]`, all by default. The others run in their own processes (their own
    # database, or none).
    wanted = set(sys.argv[1:]) or {"site", "network", "compensation", "landing", "learning",
                                   "notifications"}
    if "site" in wanted:
        main()
    if "network" in wanted:
        subprocess.run([sys.executable, "-m", "benchmarks.network"], cwd=ROOT, check=True)
    if "compensation" in wanted:
        subprocess.run([sys.executable, "-m", "benchmarks.compensation"], cwd=ROOT, check=True)
    if "landing" in wanted:
        subprocess.run([sys.executable, "-m", "benchmarks.landing"], cwd=ROOT, check=True)
    if "learning" in wanted:
        subprocess.run([sys.executable, "-m", "benchmarks.learning"], cwd=ROOT, check=True)
    if "notifications" in wanted:
        subprocess.run([sys.executable, "-m", "benchmarks.notifications"], cwd=ROOT, check=True)
