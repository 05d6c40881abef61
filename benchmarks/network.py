"""Measures the network at a million partners with a leg 100,000 levels deep.

Runs on PostgreSQL at BENCH_NETWORK_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/downline_bench; the database is created when missing
and its partners are wiped at the start of every run), or on SQLite in a temporary
directory when that server does not answer; the output says which. It builds the demo
network (demo.network: bulk import, names, snapshots, ranks) and times the reads and
writes the cabinet and the sign-up make, p50/p95 over many rounds, then writes
benchmarks/results/network-<date>.json.

    python -m benchmarks network        (or: python -m benchmarks.network)

BENCH_PARTNERS (1000000), BENCH_DEEP_LEG (100000), BENCH_ROUNDS (100) and
BENCH_SLOW_ROUNDS (20, for the walks along the deep leg) scale it down for a quick look.
"""

import gc
import json
import math
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get(
    "BENCH_NETWORK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/downline_bench"
)
PARTNERS = int(os.environ.get("BENCH_PARTNERS", "1000000"))
DEEP_LEG = int(os.environ.get("BENCH_DEEP_LEG", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100"))
SLOW_ROUNDS = int(os.environ.get("BENCH_SLOW_ROUNDS", "20"))
BUDGET_SECONDS = 30  # per measurement: fewer rounds rather than a run that never ends
SEED = 2026
SEARCH_NAME = "Олена"
BENCH_EMAIL = "@bench.downline"


def choose_database(scratch):
    """PostgreSQL when it answers (creating the database if missing), else SQLite."""
    try:
        import psycopg
        from psycopg import sql

        parts = urlsplit(PG_URL)
        name = parts.path.lstrip("/")
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, connect_timeout=3, autocommit=True) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if found.fetchone() is None:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return PG_URL, f"PostgreSQL ({parts.hostname}:{parts.port or 5432}/{name})"
    except Exception as error:  # any failure to reach the server means: use SQLite
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        return (f"sqlite:///{scratch}/network-bench.sqlite3",
                f"SQLite in {scratch} (PostgreSQL did not answer: {reason})")


def percentiles(timings):
    timings = sorted(timings)
    return {
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[max(0, math.ceil(len(timings) * 0.95) - 1)], 2),
        "rounds": len(timings),
    }


class Bench:
    def __init__(self):
        self.results = {}

    def time(self, name, action, rounds=None, note="", warmup=1):
        """Run `action(round_number)` `rounds` times; p50/p95 ms and queries per call."""
        from django.db import connection

        rounds = rounds or ROUNDS
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        try:
            for number in range(warmup):
                action(-1 - number)
            # counted by a wrapper: the test client's request_started resets the query log
            with connection.execute_wrapper(count):
                action(-1 - warmup)
            timings, deadline = [], time.perf_counter() + BUDGET_SECONDS
            for number in range(rounds):
                start = time.perf_counter()
                action(number)
                timings.append((time.perf_counter() - start) * 1000)
                if time.perf_counter() > deadline and len(timings) >= 5:
                    break
        except Exception as error:  # record it and go on with the other measurements
            self.results[name] = {"error": f"{type(error).__name__}: {error}"[:300]}
            print(f"  {name:58} FAILED: {self.results[name]['error']}")
            return
        result = {**percentiles(timings), "queries": len(queries)}
        if note:
            result["note"] = note
        self.results[name] = result
        print(f"  {name:58} p50 {result['p50_ms']:9.2f} ms  p95 {result['p95_ms']:9.2f} ms"
              f"  {result['queries']:3} q  x{result['rounds']}")


def main():
    scratch = tempfile.mkdtemp(prefix="downline-network-bench-")
    database_url, database_label = choose_database(scratch)
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = f"{scratch}/media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    # The mails enrolling partners sends are kept in memory, not printed: the log is
    # the figures.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = False  # no query log growing through a million-row import
    print(f"Network benchmark on {database_label}")
    print(f"  {PARTNERS:,} partners, a deep leg of {DEEP_LEG:,} levels")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrated in {time.perf_counter() - started:.1f} s")
    wipe_network()

    from demo import network as demo

    deep_legs = tuple(length for length in (DEEP_LEG, DEEP_LEG // 10, DEEP_LEG // 100) if length)
    build = demo.build_network(
        PARTNERS, seed=SEED, deep_legs=deep_legs, root_name="Bench Naturals",
        log=lambda message: print(f"  {message}"),
    )
    gc.collect()
    recompute_seconds = build.seconds["snapshots"]  # snapshots.recompute() over the network

    bench = Bench()
    subjects = measure(bench, build)
    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "database_label": database_label,
        "partners": build.partners,
        "deep_leg_levels": DEEP_LEG,
        "build_seconds": {step: round(seconds, 2) for step, seconds in build.seconds.items()},
        "import": {
            "rows": build.partners,
            "seconds": round(build.seconds["import"], 2),
            "rows_per_second": round(build.partners / build.seconds["import"]),
        },
        "snapshot_recompute_seconds": round(recompute_seconds, 2),
        "subjects": subjects,
        "timings": bench.results,
    }
    out = ROOT / "benchmarks" / "results" / f"network-{datetime.now(UTC):%Y-%m-%d}.json"
    out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    print_table(record)
    print(f"written {out.relative_to(ROOT)}")


def wipe_network():
    """Start from no partners: the benchmark database is the benchmark's own."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from network.models import Partner, TeamSnapshot

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Partner._meta.db_table} CASCADE")
    else:
        TeamSnapshot.objects.all().delete()
        Partner.objects.update(sponsor=None, placement_parent=None, placement_leg=None)
        Partner.objects.all().delete()
    get_user_model().objects.filter(email__endswith=BENCH_EMAIL).delete()


def make_users(prefix, count):
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    users = []
    for number in range(count):
        user = user_model(email=f"{prefix}-{number}{BENCH_EMAIL}", first_name="Bench",
                          last_name=f"{prefix.title()} {number}")
        user.set_unusable_password()
        users.append(user)
    user_model.objects.bulk_create(users, batch_size=1000)
    return list(user_model.objects.filter(email__startswith=f"{prefix}-",
                                          email__endswith=BENCH_EMAIL).order_by("pk"))


_CLIENTS = {}


def viewer_client(partner, name):
    """A test client signed in as `partner` (given a user account for the purpose), or
    as a staff member without a partner when `partner` is None. One per partner: in a
    small network the subjects can be the same partner."""
    from django.test import Client

    from network.models import Partner

    key = partner.pk if partner is not None else None
    if key in _CLIENTS:
        return _CLIENTS[key]
    user = make_users(name, 1)[0]
    client = _CLIENTS[key] = Client()
    if partner is None:
        # Staff reach the API only with a second factor: a token issued after their
        # authenticator was set up, as the token endpoint gives one.
        from allauth.mfa.models import Authenticator
        from rest_framework.authtoken.models import Token

        user.is_staff = True
        user.save(update_fields=["is_staff"])
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                     data={"secret": "benchmark"})
        token = Token.objects.create(user=user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    else:
        Partner.objects.filter(pk=partner.pk).update(user=user)
        client.force_login(user)
    return client


def api_get(client, url):
    def get(_round):
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url} answered {response.status_code}: "
                                 f"{response.content[:200]!r}")
        return response

    return get


def measure(bench, build):

    from network import genealogy, services
    from network.genealogy import PLACEMENT, SPONSOR
    from network.models import NetworkSettings, Partner, PartnerStatus, TeamSnapshot

    root = build.root
    others = TeamSnapshot.objects.exclude(partner=root).select_related("partner")
    largest = others.order_by("-team_size", "partner_id").first()
    # ~100,000 partners within the API's reach (1,000 levels): not a partner on the deep
    # leg, whose team is mostly the chain below them.
    first_ref, last_ref, leg_length = build.deep_legs[0]
    leg_top = Partner.objects.get(external_id=first_ref)
    leg_bottom = Partner.objects.get(external_id=last_ref)
    on_leg = set(genealogy.downline(leg_top, SPONSOR, 10**7).values_list("pk", flat=True))
    on_leg.add(leg_top.pk)
    nearest = sorted(
        (abs(team - 100_000), pk)
        for pk, team in others.filter(team_size__gte=30_000).values_list("partner_id", "team_size")
        if pk not in on_leg
    )[:8]
    del on_leg
    reach = {
        snapshot: genealogy.downline(snapshot.partner, SPONSOR, 1000).count()
        for snapshot in others.filter(partner_id__in=[pk for _distance, pk in nearest])
    }
    hundred_k = min(reach, key=lambda snapshot: abs(reach[snapshot] - 100_000), default=largest)
    busiest = others.order_by("-personally_sponsored", "partner_id").first()
    deepest = Partner.objects.filter(placement_depth__isnull=False).order_by(
        "-placement_depth", "pk"
    ).first()
    placement_top_id = genealogy.ancestor_at_depth(
        deepest, PLACEMENT, max(0, deepest.placement_depth - DEEP_LEG)
    )
    placement_top = Partner.objects.get(pk=placement_top_id)
    depth3 = genealogy.downline(largest.partner, SPONSOR, 3).count()
    subjects = {
        "largest_team": {"id": largest.partner_id, "team_size": largest.team_size,
                         "within_3_levels": depth3},
        "about_100k_team": {"id": hundred_k.partner_id, "team_size": hundred_k.team_size,
                            "within_1000_levels": reach.get(hundred_k)},
        "most_sponsored": {"id": busiest.partner_id,
                           "personally_sponsored": busiest.personally_sponsored},
        "deep_leg": {"top": leg_top.pk, "bottom": leg_bottom.pk,
                     "sponsor_levels": leg_bottom.sponsor_depth - leg_top.sponsor_depth,
                     "placement_levels": leg_bottom.placement_depth - leg_top.placement_depth},
        "deepest_placed": {"id": deepest.pk, "placement_depth": deepest.placement_depth},
        "max_sponsor_depth": Partner.objects.order_by("-sponsor_depth").values_list(
            "sponsor_depth", flat=True).first(),
    }
    print(f"  subjects: {json.dumps(subjects)}")
    print()

    big, mid, busy = largest.partner, hundred_k.partner, busiest.partner
    bench.time("downline depth 3, page of 50 (largest team, queryset)",
               lambda _r: list(genealogy.downline(big, SPONSOR, 3).order_by("pk")[:50]))
    bench.time(f"downline depth 3, all {depth3} rows (largest team, queryset)",
               lambda _r: len(list(genealogy.downline(big, SPONSOR, 3).values_list("pk"))),
               rounds=max(10, ROUNDS // 4))

    staff_client = viewer_client(None, "staff")
    bench.time("API downline/?depth=3 as staff (the root, page of 50)",
               api_get(staff_client, "/api/v1/network/downline/?depth=3"))
    big_client = viewer_client(big, "largest")
    bench.time(f"API downline/?depth=3 (largest team, {depth3} rows within 3)",
               api_get(big_client, "/api/v1/network/downline/?depth=3"))
    mid_client = viewer_client(mid, "hundredk")
    bench.time("API downline/?depth=3 (~100k team)",
               api_get(mid_client, "/api/v1/network/downline/?depth=3"))
    bench.time("API downline/?depth=3&tree=placement (~100k team)",
               api_get(mid_client, "/api/v1/network/downline/?depth=3&tree=placement"))
    bench.time("API downline/?depth=3&ordering=-joined_at (~100k team)",
               api_get(mid_client, "/api/v1/network/downline/?depth=3&ordering=-joined_at"))
    bench.time("API summary/ (snapshot figures, ~100k team)",
               api_get(mid_client, "/api/v1/network/summary/"))
    bench.time("snapshot of a node (queryset)",
               lambda _r: TeamSnapshot.objects.get(partner_id=mid.pk))

    busy_client = viewer_client(busy, "busiest")
    bench.time(f"API nodes/<id>/children/ ({busiest.personally_sponsored} children)",
               api_get(busy_client, f"/api/v1/network/nodes/{busy.pk}/children/"))
    bench.time("children, first 50 (most sponsored, queryset)",
               lambda _r: list(Partner.objects.filter(sponsor=busy).order_by(
                   "joined_at", "pk")[:50]))
    bench.time("children in the placement tree (queryset)",
               lambda _r: list(Partner.objects.filter(placement_parent=busy)))

    levels = leg_bottom.sponsor_depth - leg_top.sponsor_depth
    bench.time(f"is_below across the deep leg, sponsor tree ({levels} levels)",
               lambda _r: genealogy.is_below(leg_top, leg_bottom, SPONSOR),
               rounds=SLOW_ROUNDS)
    placement_levels = deepest.placement_depth - placement_top.placement_depth
    bench.time(f"is_below, placement tree ({placement_levels} levels)",
               lambda _r: genealogy.is_below(placement_top, deepest, PLACEMENT),
               rounds=SLOW_ROUNDS)
    bench.time("is_below, not below (answered by the depths)",
               lambda _r: genealogy.is_below(leg_bottom, leg_top, SPONSOR))

    bottom_client = viewer_client(leg_bottom, "deepest")
    bench.time(f"API upline/ (deepest partner, {leg_bottom.sponsor_depth} levels up)",
               api_get(bottom_client, "/api/v1/network/upline/"))
    bench.time("upline_ids, whole path of the deepest partner (queryset)",
               lambda _r: len(genealogy.upline_ids(leg_bottom, SPONSOR)), rounds=SLOW_ROUNDS)
    top_client = viewer_client(leg_top, "legtop")
    bench.time(f"API nodes/<id>/ with path, {levels} levels down",
               api_get(top_client, f"/api/v1/network/nodes/{leg_bottom.pk}/"),
               rounds=SLOW_ROUNDS)

    bench.time(f"search '{SEARCH_NAME}' in the ~100k team, depth 1000 (queryset)",
               lambda _r: list(genealogy.downline(mid, SPONSOR, 1000).filter(
                   display_name__icontains=SEARCH_NAME).order_by("pk")[:50]),
               rounds=SLOW_ROUNDS)
    bench.time(f"API downline/?depth=1000&q={SEARCH_NAME} (~100k team)",
               api_get(mid_client, f"/api/v1/network/downline/?depth=1000&q={quote(SEARCH_NAME)}"),
               rounds=SLOW_ROUNDS)

    network_settings = NetworkSettings.load()
    sponsors = list(Partner.objects.filter(
        status=PartnerStatus.ACTIVE, placement_depth__isnull=False, user__isnull=True,
    ).order_by("?").values_list("pk", flat=True)[:ROUNDS + 5])
    sponsor_objects = {p.pk: p for p in Partner.objects.filter(pk__in=sponsors)}
    weaker_users = make_users("weaker", ROUNDS + 5)
    network_settings.placement_policy = "weaker_leg"
    network_settings.save()
    bench.time("sign-up, weaker leg under a random active sponsor (enrol)",
               lambda r: services.enrol(weaker_users[r + 2],
                                        sponsor_objects[sponsors[r + 2]]))
    left_users = make_users("extremeleft", SLOW_ROUNDS + 5)
    network_settings.placement_policy = "extreme_left"
    network_settings.save()
    bench.time(f"sign-up, extreme left from the deep leg's top (walks {leg_length}+ levels)",
               lambda r: services.enrol(left_users[r + 2], leg_top), rounds=SLOW_ROUNDS)
    spread_users = make_users("leftspread", ROUNDS + 5)
    bench.time("sign-up, extreme left under a random active sponsor (enrol)",
               lambda r: services.enrol(spread_users[r + 2], sponsor_objects[sponsors[r + 2]]))
    network_settings.placement_policy = "weaker_leg"
    network_settings.save()
    return subjects


def print_table(record):
    print()
    print(f"Network benchmark: {record['partners']:,} partners on {record['database_label']}")
    steps = record["build_seconds"]
    print(f"  import           {record['import']['seconds']:8.1f} s  "
          f"({record['import']['rows_per_second']:,} rows/s)")
    print(f"  snapshot recompute {record['snapshot_recompute_seconds']:6.1f} s")
    print("  demo build steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items()))
    print()
    print(f"  {'measurement':68} {'p50 ms':>9} {'p95 ms':>9} {'queries':>7} {'rounds':>6}")
    for name, result in record["timings"].items():
        if "error" in result:
            print(f"  {name:68} failed: {result['error']}")
            continue
        print(f"  {name:68} {result['p50_ms']:9.2f} {result['p95_ms']:9.2f} "
              f"{result['queries']:7} {result['rounds']:6}")


if __name__ == "__main__":
    main()
