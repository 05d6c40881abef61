"""Measures the notification centre at a million partners and twenty million notifications.

Runs on PostgreSQL only (the rows are generated in the database with INSERT … SELECT),
in its own database at BENCH_NOTIFICATIONS_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/downline_notifications_bench), dropped and created
afresh at every run. It seeds the demo's site and accounts without a network
(seed_demo --partners 0), builds the network with the demo's bulk import
(demo.network.build_network, as benchmarks/learning.py does), gives every partner an
account (one INSERT … SELECT), then loads each partner's history of notifications (a
mix of kinds over two months, the newest unread) with the table's secondary indexes and
constraints dropped for the load and rebuilt after it (benchmarks.learning's
drop_secondary_indexes), and gives one reader thousands of notifications of their own.

Then it measures:
- the fan-out of one company announcement to every partner through the app's own path
  (notifications.mailings.fanout.announce: INSERT … SELECT per range of user ids, the
  planning of the other channels enqueued after each range): seconds to write the in-app
  rows, seconds spent enqueueing, rows per second. Target: 1,000,000 rows in under 60 s.
  Tasks go to the Redis broker at BENCH_NOTIFICATIONS_BROKER_URL (default
  redis://127.0.0.1:6379/7; its "celery" queue is emptied before and after, no worker
  runs them); without Redis the enqueueing is counted but not sent.
- for comparison, notify_many over a batch of the same partners (another announcement);
- the bell's unread count (services.unread_count) and its API, p50/p95 over ROUNDS calls
  for the reader (target p95 < 5 ms);
- the notifications page (cabinet) and its API list, p50/p95 (target p95 < 20 ms).

Writes benchmarks/results/notifications-<date>.json (notifications-small-… for `small`).

    python -m benchmarks notifications        (or: python -m benchmarks.notifications)
    python -m benchmarks.notifications small  20,000 partners, 400,000 notifications

BENCH_NOTIFICATIONS_PARTNERS (1000000), BENCH_NOTIFICATIONS_PER_PARTNER (20),
BENCH_NOTIFICATIONS_READER (5000, the reader's own), BENCH_NOTIFY_MANY (20000) and
BENCH_ROUNDS (100) scale it.
"""

import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get(
    "BENCH_NOTIFICATIONS_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/downline_notifications_bench",
)
BROKER_URL = os.environ.get("BENCH_NOTIFICATIONS_BROKER_URL", "redis://127.0.0.1:6379/7")
SMALL = "small" in sys.argv[1:]
PARTNERS = int(os.environ.get("BENCH_NOTIFICATIONS_PARTNERS", "20000" if SMALL else "1000000"))
PER_PARTNER = int(os.environ.get("BENCH_NOTIFICATIONS_PER_PARTNER", "20"))
READER_ROWS = int(os.environ.get("BENCH_NOTIFICATIONS_READER", "5000"))
NOTIFY_MANY = int(os.environ.get("BENCH_NOTIFY_MANY", "20000"))
SEED = 2026
TARGETS = {"fanout_rows_seconds_per_million": 60, "bell_p95_ms": 5, "page_p95_ms": 20}
NOTIFICATION_TABLE = "notifications_notification"


def say(message):
    print(f"  {message}", flush=True)


def fresh_database():
    """Drop and create the benchmark's own database; (label, None), or (None, reason)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(PG_URL)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, connect_timeout=3, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except Exception as error:  # no server: say so and stop
        return None, str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    return f"PostgreSQL ({parts.hostname}:{parts.port or 5432}/{name})", None


def broker_answers():
    try:
        import redis

        client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2)
        client.ping()
        return client
    except Exception:  # no Redis: the enqueueing is counted, not sent
        return None


def main():
    label, problem = fresh_database()
    if label is None:
        print(f"Notifications benchmark needs PostgreSQL at {PG_URL}: {problem}")
        return
    broker = broker_answers()
    scratch = tempfile.mkdtemp(prefix="downline-notifications-bench-")
    os.environ["DATABASE_URL"] = PG_URL
    os.environ["MEDIA_ROOT"] = f"{scratch}/media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if broker is not None:
        os.environ["CELERY_BROKER_URL"] = BROKER_URL
        os.environ["CELERY_RESULT_BACKEND"] = ""
        broker.delete("celery")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command

    settings.DEBUG = False
    if broker is None:
        settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.clear()
    print(f"Notifications benchmark on {label}")
    print(f"  {PARTNERS:,} partners, {PER_PARTNER} notifications each, a reader with "
          f"{READER_ROWS:,}; broker: {BROKER_URL if broker is not None else 'none'}")
    seconds = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    seconds["migrate"] = time.perf_counter() - started
    started = time.perf_counter()
    call_command("seed_demo", quiet_logins=True, partners=0,
                 stdout=open(os.devnull, "w"))  # noqa: SIM115
    seconds["seed_demo"] = time.perf_counter() - started
    say(f"migrated and seeded the site in {seconds['migrate'] + seconds['seed_demo']:.1f} s")

    from demo import network as demo_network

    build = demo_network.build_network(PARTNERS, seed=SEED, root_name="Bench Naturals",
                                       log=say)
    for step, value in build.seconds.items():
        seconds[f"network_{step}"] = value
    give_accounts(seconds)
    reader = make_reader()
    counts = load_history(seconds, reader)

    from benchmarks.network import Bench

    bench = Bench()
    fanout_result = measure_fanout(broker)
    subjects = measure_reads(bench, reader)
    if broker is not None:
        broker.delete("celery")
    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database_label": label,
        "small": SMALL,
        "partners": PARTNERS,
        "rows": {**counts, "after_fanout": table_count()},
        "build_seconds": {step: round(value, 1) for step, value in seconds.items()},
        "targets": TARGETS,
        "fanout": fanout_result,
        "subjects": subjects,
        "timings": bench.results,
        "within_targets": verdicts(fanout_result, bench.results),
    }
    name = ("notifications-small" if SMALL else "notifications" if PARTNERS == 1_000_000
            else f"notifications-{PARTNERS}")
    out = ROOT / "benchmarks" / "results" / f"{name}-{datetime.now(UTC):%Y-%m-%d}.json"
    out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    print_table(record)
    print(f"written {out.relative_to(ROOT)}")


# --- the data ---------------------------------------------------------------------------


def timed(cursor, seconds, name, sql, params=None):
    started = time.perf_counter()
    cursor.execute(sql, params)
    seconds[name] = time.perf_counter() - started
    rows = f", {cursor.rowcount:,} rows" if cursor.rowcount and cursor.rowcount > 0 else ""
    say(f"{name} in {seconds[name]:.1f} s{rows}")


def give_accounts(seconds):
    """An account for every partner without one, in each of the three languages in turn
    (one INSERT … SELECT and one UPDATE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        timed(cursor, seconds, "accounts", """
            INSERT INTO accounts_user (password, is_superuser, first_name, last_name,
                is_staff, is_active, date_joined, email, language)
            SELECT '!', false, 'Bench', p.referral_code, false, true, p.joined_at,
                   'p' || p.id || '@bench.downline', (ARRAY['en', 'ru', 'uk'])[1 + p.id % 3]
            FROM network_partner p
            WHERE p.user_id IS NULL AND NOT p.is_company""")
        timed(cursor, seconds, "accounts_linked", """
            UPDATE network_partner p SET user_id = u.id
            FROM accounts_user u
            WHERE p.user_id IS NULL AND NOT p.is_company
              AND u.email = 'p' || p.id || '@bench.downline'""")
        cursor.execute("ANALYZE accounts_user")
        cursor.execute("ANALYZE network_partner")


def make_reader():
    """The partner whose bell and page are measured, signed in with a client."""
    from benchmarks.network import viewer_client
    from network.models import Partner

    partner = Partner.objects.filter(is_company=False).order_by("pk")[PARTNERS // 2]
    client = viewer_client(partner, "bench-reader")
    partner.refresh_from_db()
    return partner, client


def mixed_kinds():
    """(kind, params) rows the history is made of: texts with parameters, a team mailing
    and an announcement that exist (rendered through their cached texts)."""
    from network.models import Partner
    from notifications.mailings.models import Announcement, SendingState, TeamMailing

    sender = Partner.objects.filter(is_company=False).order_by("pk").first()
    mailing = TeamMailing.objects.create(
        sender=sender, subject="Saturday training", text="See you at 10.",
        channels=["inapp"], state=SendingState.SENT, recipient_count=1)
    old = Announcement.objects.create(title_en="Summer catalogue", body_en="New products.",
                                      title_ru="Летний каталог", title_uk="Літній каталог",
                                      state=SendingState.SENT)
    return [
        ("team_member_joined", {"name": "Iryna Koval"}),
        ("lead_created", {"name": "Oksana Melnyk"}),
        ("order_paid", {"number": "D-10452", "volume": "75.50"}),
        ("bonus_posted", {"amount": "412.50", "currency": "EUR", "period": "2026-11"}),
        ("team_mailing", {"mailing": mailing.pk}),
        ("announcement", {"announcement": old.pk}),
        ("welcome", {"name": "Pavlo", "company": "Bench Naturals"}),
    ]


def load_history(seconds, reader):
    """Every partner's notifications (PER_PARTNER each, 37 minutes apart going back from
    now, the newest two unread) and the reader's own READER_ROWS (one in ten unread),
    loaded without the table's secondary indexes, which are rebuilt after."""
    from django.db import connection

    from benchmarks.learning import drop_secondary_indexes

    partner, _client = reader
    kinds = mixed_kinds()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET work_mem = '256MB'")
        started = time.perf_counter()
        restore = drop_secondary_indexes(cursor, [NOTIFICATION_TABLE])
        seconds["drop_indexes"] = time.perf_counter() - started
        cursor.execute("CREATE TEMP TABLE bench_kinds (n int, kind text, params jsonb)")
        cursor.executemany("INSERT INTO bench_kinds VALUES (%s, %s, %s)",
                           [(number, kind, json.dumps(params))
                            for number, (kind, params) in enumerate(kinds)])
        history = f"""
            INSERT INTO {NOTIFICATION_TABLE} (recipient_id, kind, params, url, source,
                dedupe_key, in_app, created_at, read_at)
            SELECT p.user_id, k.kind, k.params, '/en/cabinet/', 'bench', '', true,
                   now() - g.n * interval '37 minutes' - mod(p.id, 60) * interval '1 minute',
                   CASE WHEN {{unread}} THEN NULL
                        ELSE now() - g.n * interval '37 minutes' + interval '5 minutes' END
            FROM network_partner p
            CROSS JOIN generate_series(1, %s) AS g(n)
            JOIN bench_kinds k ON k.n = mod(p.id + g.n, {len(kinds)})
            WHERE {{who}}"""
        timed(cursor, seconds, "history", history.format(
            unread="g.n <= 2", who="p.user_id IS NOT NULL AND NOT p.is_company"),
            [PER_PARTNER])
        timed(cursor, seconds, "reader_history", history.format(
            unread="mod(g.n, 10) = 0", who="p.id = %s"), [READER_ROWS, partner.pk])
        started = time.perf_counter()
        for statement in restore:
            cursor.execute(statement)
        seconds["rebuild_indexes"] = time.perf_counter() - started
        say(f"{len(restore)} indexes and constraints rebuilt in "
            f"{seconds['rebuild_indexes']:.1f} s")
        started = time.perf_counter()
        cursor.execute(f"VACUUM ANALYZE {NOTIFICATION_TABLE}")
        seconds["vacuum_analyze"] = time.perf_counter() - started
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute("RESET work_mem")
    counts = {"history": table_count()}
    say(f"notifications: {counts['history']:,}")
    return counts


def table_count():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {NOTIFICATION_TABLE}")
        return cursor.fetchone()[0]


# --- the measurements -------------------------------------------------------------------


def measure_fanout(broker):
    """One announcement to every partner through fanout.announce, with the enqueueing of
    its planning timed apart; then notify_many over NOTIFY_MANY of them, for comparison."""
    from django.db import connection

    from notifications import services, tasks
    from notifications.mailings import fanout, segments
    from notifications.mailings.kinds import ANNOUNCEMENT
    from notifications.mailings.models import Announcement

    enqueue = {"seconds": 0.0, "calls": 0, "ids": 0}
    real_enqueue = tasks.enqueue_planning

    def timed_enqueue(notification_ids, now=None):
        started = time.perf_counter()
        if broker is not None:
            real_enqueue(notification_ids, now)
        else:
            json.dumps([list(notification_ids), None])  # the message's body, unsent
        enqueue["seconds"] += time.perf_counter() - started
        enqueue["calls"] += 1
        enqueue["ids"] += len(notification_ids)

    fanout.tasks.enqueue_planning = timed_enqueue
    services.tasks.enqueue_planning = timed_enqueue
    try:
        announcement = Announcement.objects.create(
            title_en="The winter catalogue is here", body_en="Forty new products.",
            title_ru="Зимний каталог уже здесь", body_ru="Сорок новинок.",
            title_uk="Зимовий каталог уже тут", body_uk="Сорок новинок.")
        recipients = segments.announcement_count(announcement)
        ranges = []
        started = time.perf_counter()
        written = fanout.announce(announcement, ANNOUNCEMENT,
                                  on_range=lambda *counts: ranges.append(counts))
        total = time.perf_counter() - started
        rows_seconds = total - enqueue["seconds"]
        result = {
            "recipients": recipients, "rows_written": written, "ranges": len(ranges),
            "total_seconds": round(total, 2), "rows_seconds": round(rows_seconds, 2),
            "enqueue_seconds": round(enqueue["seconds"], 2),
            "planning_tasks": enqueue["calls"], "planned_notifications": enqueue["ids"],
            "rows_per_second": round(written / max(rows_seconds, 1e-9)),
            "broker": BROKER_URL if broker is not None else None,
        }
        say(f"fan-out: {written:,} rows in {rows_seconds:.1f} s, {enqueue['calls']:,} "
            f"planning tasks enqueued in {enqueue['seconds']:.1f} s "
            f"({result['rows_per_second']:,} rows/s)")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {NOTIFICATION_TABLE}")

        compared = Announcement.objects.create(title_en="notify_many", body_en="Compared.")
        user_ids = list(segments.announcement_partners(compared).order_by("user_id")
                        .values_list("user_id", flat=True)[:NOTIFY_MANY])
        enqueue.update(seconds=0.0, calls=0, ids=0)
        started = time.perf_counter()
        written = services.notify_many(user_ids, ANNOUNCEMENT,
                                       params={"announcement": compared.pk},
                                       source=compared.source, dedupe_key=compared.source)
        seconds = time.perf_counter() - started
        result["notify_many"] = {
            "rows_written": written, "seconds": round(seconds, 2),
            "enqueue_seconds": round(enqueue["seconds"], 2),
            "rows_per_second": round(written / max(seconds - enqueue["seconds"], 1e-9)),
        }
        say(f"notify_many: {written:,} rows in {seconds:.1f} s")
    finally:
        fanout.tasks.enqueue_planning = real_enqueue
        services.tasks.enqueue_planning = real_enqueue
    return result


def measure_reads(bench, reader):
    from django.urls import reverse

    from benchmarks.learning import checked
    from notifications import services

    partner, client = reader
    user = partner.user
    unread = services.unread_count(user)
    subjects = {"reader": {"partner": partner.pk, "notifications":
                           user.notifications.count(), "unread_shown": unread}}
    say(f"reader: {json.dumps(subjects['reader'])}")
    print()
    bench.time("bell: unread count (services.unread_count)",
               lambda _round: services.unread_count(user))
    bench.time("bell: API notifications/unread-count/",
               checked(client, "get", "/api/v1/notifications/unread-count/"))
    bench.time("notifications page (cabinet, newest 20)",
               checked(client, "get", reverse("notifications:list")))
    bench.time("notifications page, unread only (cabinet)",
               checked(client, "get", reverse("notifications:list") + "?unread=1"))
    bench.time("API notifications/ (newest page)",
               checked(client, "get", "/api/v1/notifications/"))
    return subjects


def verdicts(fanout_result, results):
    verdict = {"fanout: in-app rows": fanout_result["rows_seconds"] <= TARGETS[
        "fanout_rows_seconds_per_million"] * max(fanout_result["rows_written"], 1) / 1e6}
    for name, result in results.items():
        if "error" in result:
            verdict[name] = None
        elif name.startswith("bell"):
            verdict[name] = result["p95_ms"] <= TARGETS["bell_p95_ms"]
        else:
            verdict[name] = result["p95_ms"] <= TARGETS["page_p95_ms"]
    return verdict


def print_table(record):
    fan = record["fanout"]
    print()
    print(f"Notifications benchmark: {record['partners']:,} partners, "
          f"{record['rows']['after_fanout']:,} notifications on {record['database_label']}")
    print("  build: " + ", ".join(f"{step} {value:.1f} s"
                                  for step, value in record["build_seconds"].items()))
    print(f"  fan-out of one announcement: {fan['rows_written']:,} in-app rows in "
          f"{fan['rows_seconds']} s ({fan['rows_per_second']:,}/s), "
          f"{fan['planning_tasks']:,} planning tasks enqueued in {fan['enqueue_seconds']} s; "
          f"notify_many: {fan['notify_many']['rows_written']:,} rows in "
          f"{fan['notify_many']['seconds']} s  "
          f"{'yes' if record['within_targets']['fanout: in-app rows'] else 'NO'}")
    print(f"  {'measurement':58} {'p50 ms':>9} {'p95 ms':>9} {'queries':>7} {'rounds':>6}  ok")
    for name, result in record["timings"].items():
        if "error" in result:
            print(f"  {name:58} failed: {result['error']}")
            continue
        ok = "yes" if record["within_targets"][name] else "NO"
        print(f"  {name:58} {result['p50_ms']:9.2f} {result['p95_ms']:9.2f} "
              f"{result['queries']:7} {result['rounds']:6}  {ok}")


if __name__ == "__main__":
    main()
