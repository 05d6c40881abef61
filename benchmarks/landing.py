"""`python -m benchmarks landing`: a partner's landing page on the seeded demo (the demo
partner's recruiting landing, every block type but the gallery).

- render, uncached: the landing is published again before each request (outside the
  timing: its version moves on, its addresses are forgotten, its share picture drawn, as
  publishing does), so the address is looked up and every block rendered, with the
  site's own caches (menu, footer, settings) warm as they are in production (p50, p95,
  queries: the median and the most);
- render, cold: the whole cache is cleared before each request (a restarted cache);
- render, cached: the page comes from the cache (landing/page_cache.py), for a returning
  visitor (cookies kept: their sponsor cookie is checked, one query) and for a new one;
- requests per second through gunicorn (2 gthread workers of 4 threads, the machine's
  2 cores) on the cached page, every request a new visitor (no cookies: each is a visit,
  queued and written in batches), driven by `wrk` (C, one thread, so the load generator
  takes little of the CPU; `apt-get install wrk`). The visits written are counted
  afterwards, and the load average before the run is kept beside the rate (other work on
  the machine lowers it).

Runs in a throw-away SQLite database with local-memory cache and DEBUG off
(benchmarks/landing_settings.py). Figures go to benchmarks/results/landing-<date>.json.
"""

import json
import os
import re
import shutil
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
    from django.db.models import F
    from django.test import Client

    from landing import page_cache, share_image
    from landing.models import Landing

    landing = Landing.objects.select_related("partner").get(
        partner__referral_code=url.strip("/").split("/")[-1], language="en"
    )

    def republish():
        """What publishing does to the caches, without the compliance check."""
        Landing.objects.filter(pk=landing.pk).update(
            published_version=F("published_version") + 1
        )
        landing.refresh_from_db(fields=["published_version"])
        page_cache.forget_partner(landing.partner_id)
        share_image.prepare(landing)

    settings.DEBUG = True  # to count queries
    returning = Client(HTTP_USER_AGENT=AGENT)
    assert returning.get(url).status_code == 200
    results = {}
    for name, before, client in (("uncached", republish, lambda: returning),
                                 ("cold", cache.clear, lambda: returning),
                                 ("cached", None, lambda: returning),
                                 ("cached_new_visitor", None,
                                  lambda: Client(HTTP_USER_AGENT=AGENT))):
        timings, queries = [], []
        for _ in range(ROUNDS):
            if before is not None:
                before()
            visitor = client()
            reset_queries()
            started = time.perf_counter()
            response = visitor.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            queries.append(len(connection.queries))
            assert response.status_code == 200, response.status_code
        p50, p95 = percentiles(timings)
        # The median render's queries; the most also counts the render whose response
        # closing hands the waiting visits to the writer (landing/visits.py).
        typical = round(statistics.median(queries))
        results[name] = {"p50_ms": p50, "p95_ms": p95, "queries": typical,
                         "queries_max": max(queries)}
        print(f"landing render, {name:18} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  "
              f"{typical} queries ({max(queries)} at most)")
    settings.DEBUG = False
    return results


WORKERS = 2  # the machine's cores
THREADS = 4  # gthread keeps wrk's connections alive; sync closes each after a response
CONNECTIONS = 16


def wrk_binary():
    found = shutil.which("wrk")
    if found is None:
        sys.exit("benchmarks.landing: the load generator `wrk` is missing; install it with "
                 "`apt-get install -y wrk` (Debian/Ubuntu) and run the benchmark again.")
    return found


def measure_throughput(path, env):
    from landing import visits as landing_visits
    from network.models import ReferralVisit

    wrk = wrk_binary()
    landing_visits.flush()  # the render figures' own visits, so they are not counted here
    load_before = round(os.getloadavg()[0], 2)  # other work on the machine lowers the rate
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    visits_before = ReferralVisit.objects.count()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(WORKERS),
         "--worker-class", "gthread", "--threads", str(THREADS),
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
        url = f"http://127.0.0.1:{port}{path}"
        for _ in range(WORKERS * 4):  # every worker fills its own (local-memory) cache
            urlopen_status(port, path)
        run = subprocess.run(
            [wrk, "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS:g}s", "--latency",
             "-H", f"User-Agent: {AGENT}", url],
            capture_output=True, text=True, check=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = parse_wrk(run.stdout)
    visits = ReferralVisit.objects.count() - visits_before
    print(f"landing through gunicorn ({WORKERS} gthread workers, wrk -c{CONNECTIONS}): "
          f"{figures['requests_per_second']:,.0f} requests/s, p50 {figures['p50_ms']} ms, "
          f"p99 {figures['p99_ms']} ms; {visits:,} visits written")
    return {**figures, "seconds": SECONDS, "workers": WORKERS, "worker_class": "gthread",
            "threads": THREADS, "load_generator": f"wrk -t1 -c{CONNECTIONS}",
            "visits_written": visits, "load_average_before": load_before}


def urlopen_status(port, path):
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"User-Agent": AGENT})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def _milliseconds(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


def parse_wrk(output):
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", output, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": round(float(re.search(r"Requests/sec:\s+([\d.]+)",
                                                     output).group(1))),
        "requests": requests,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "p50_ms": _milliseconds(latency["50"]),
        "p90_ms": _milliseconds(latency["90"]),
        "p99_ms": _milliseconds(latency["99"]),
    }


def main():
    scratch = tempfile.mkdtemp(prefix="downline-bench-landing-")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="benchmarks.landing_settings",
               DATABASE_URL=f"sqlite:///{scratch}/bench.sqlite3", MEDIA_ROOT=f"{scratch}/media",
               PYTHONPATH=str(ROOT))
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
    wrk_binary()  # before the long set-up
    record = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "url": url,
              "rounds": ROUNDS, "render": measure_renders(url),
              "gunicorn": measure_throughput(url, env)}
    out = ROOT / "benchmarks" / "results" / f"landing-{datetime.now(UTC):%Y-%m-%d}.json"
    out.write_text(json.dumps(record, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
