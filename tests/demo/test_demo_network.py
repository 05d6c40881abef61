"""The demo network generator, the network `seed_demo` builds (once, linked to the demo
partner, with a living business behind it), `make demo`, and the demo's history."""

import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import F

from accounts.models import User
from compensation.engine.inputs import PARTNER_COLUMNS, read_partners
from demo import history as demo_history
from demo import network as demo
from network.models import Partner, PartnerStatus, ReferralVisit, TeamSnapshot
from network.stats import referral_stats
from tests.network.helpers import assert_trees_valid

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
STATUSES = ("active", "inactive", "terminated")


def rows(count=300, seed=7, **options):
    return list(demo.generate(count, seed=seed, include_root=True, now=NOW, **options))


def as_csv(demo_rows):
    stream = io.StringIO()
    stream.write(",".join(PARTNER_COLUMNS) + "\n")
    for row in demo_rows:
        stream.write(",".join(row.as_csv()) + "\n")
    stream.seek(0)
    return stream


def test_generated_network_is_one_valid_tree_pair():
    generated = rows(300)
    assert len(generated) == 301  # the root and 300 partners
    # the import's own validation finds nothing wrong: ids, slots, sponsors, no cycles
    read_partners(as_csv(generated), statuses=STATUSES, collect=True)
    root, partners = generated[0], generated[1:]
    assert root.sponsor_id == "" and root.placement_parent_id == ""
    by_id = {row.id: row for row in generated}
    slots = Counter((row.placement_parent_id, row.placement_leg) for row in partners)
    assert max(slots.values()) == 1
    sponsor_depth, placement_depth = {root.id: 0}, {root.id: 0}
    for row in partners:
        # parents come first and joined earlier
        assert row.sponsor_id in sponsor_depth and row.placement_parent_id in placement_depth
        assert by_id[row.sponsor_id].joined_at <= row.joined_at
        sponsor_depth[row.id] = sponsor_depth[row.sponsor_id] + 1
        placement_depth[row.id] = placement_depth[row.placement_parent_id] + 1
    # a deep leg (300 // 20 = 15 partners each sponsoring the next) goes at least that deep
    assert max(sponsor_depth.values()) >= 15
    assert {row.status for row in partners} == set(STATUSES)
    assert Counter(row.status for row in partners).most_common(1)[0][0] == "active"
    # sponsoring is uneven: most sponsor nobody, somebody sponsors many
    sponsored = Counter(row.sponsor_id for row in partners)
    assert sum(1 for row in partners if row.id not in sponsored) > len(partners) / 2
    assert max(count for sponsor, count in sponsored.items() if sponsor != root.id) >= 8
    joined = sorted(row.joined_at for row in partners)
    # over the company's 18 months
    assert joined[0] < "2025-07-01" and joined[-1] > "2026-10-01"


def test_one_leg_can_be_very_deep():
    ends = []
    generated = rows(2000, deep_legs=[1500], deep_leg_ends=ends)
    sponsor_depth, placement_depth = {generated[0].id: 0}, {generated[0].id: 0}
    for row in generated[1:]:
        sponsor_depth[row.id] = sponsor_depth[row.sponsor_id] + 1
        placement_depth[row.id] = placement_depth[row.placement_parent_id] + 1
    [(first, last, length)] = ends
    assert length == 1500
    # each partner of the leg sponsors the next, placed at the extreme left below them
    assert sponsor_depth[last] - sponsor_depth[first] == 1499
    assert placement_depth[last] - placement_depth[first] >= 1499


def test_same_seed_same_network_other_seed_another():
    assert rows(300, seed=7) == rows(300, seed=7)
    assert rows(300, seed=7) != rows(300, seed=8)
    assert list(demo.profiles(50, seed=1)) == list(demo.profiles(50, seed=1))


@pytest.mark.django_db
def test_build_network_writes_the_trees_snapshots_names_and_ranks():
    build = demo.build_network(300, seed=3, root_name="Company", now=NOW)
    assert build.partners == 300
    assert Partner.objects.count() == 301
    assert_trees_valid()
    assert TeamSnapshot.objects.count() == 301
    assert TeamSnapshot.objects.get(partner=build.root).team_size == 300
    assert build.root.display_name == "Company"
    assert not Partner.objects.filter(display_name="").exists()
    assert Partner.objects.exclude(phone="").exists()
    ranks = set(Partner.objects.values_list("rank", flat=True))
    assert {"member", "consultant"} <= ranks
    assert not Partner.objects.filter(status=PartnerStatus.TERMINATED).exclude(
        rank="member"
    ).exists()


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.heavy
@pytest.mark.django_db
def test_seed_demo_builds_the_network_once_and_links_the_demo_partner():
    # (It prints the address the demo is served on: `make demo HOST=… PORT=…` once
    # printed :8000 in its logins and links.)
    output = seed("--partners", "0", "--host", "0.0.0.0", "--port", "8123")
    assert not Partner.objects.exists()
    assert "Demo ready: http://127.0.0.1:8123/" in output
    assert "http://127.0.0.1:8123/en/accounts/login/" in output
    assert "http://127.0.0.1:8123/admin/" in output
    assert ":8000" not in output

    output = seed("--partners", "300", "--host", "demo.example.org", "--port", "9000")
    assert "http://demo.example.org:9000/admin/" in output and ":8000" not in output
    # the company, 300 generated partners and the demo partner's four newcomers (learning)
    assert Partner.objects.count() == 305
    assert_trees_valid()
    partner = Partner.objects.select_related("sponsor__user", "snapshot").get(
        user__email="partner@downline.demo"
    )
    assert partner.name == "Pavlo Partner"
    assert partner.status == PartnerStatus.ACTIVE
    assert partner.snapshot.team_size >= 10  # a team to look at
    assert partner.sponsor.sponsor_id is not None  # not the company itself
    assert partner.sponsor.user.email == "sponsor@downline.demo"
    assert f"/en/r/{partner.referral_code}/" in output
    assert "sponsor@downline.demo" in output

    # The cabinet's referral statistics have a month of visits, some of them sign-ups.
    stats = referral_stats(partner, date.today() - timedelta(days=29), date.today())
    assert stats["visits"] > 60
    assert 0 < stats["signups"] <= stats["visits"]
    assert {row["source"] for row in stats["by_source"]} >= {"instagram", "direct"}

    assert_a_living_business(partner)

    before = (Partner.objects.count(), User.objects.count(), ReferralVisit.objects.count())
    output = seed("--partners", "300")
    assert (
        Partner.objects.count(), User.objects.count(), ReferralVisit.objects.count()
    ) == before
    assert Partner.objects.get(user__email="partner@downline.demo") == partner
    assert f"/en/r/{partner.referral_code}/" in output


def months_back(now, count):
    year, month = now.year, now.month
    for _step in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return f"{year}-{month:02d}"


def assert_a_living_business(partner):
    """The demo has a history: partners who joined over 18 months, their orders priced in
    the demo's currencies, a run posted for every month that ended (through the real
    services, so the figures agree), payouts in every state, and a company root that earns
    nothing."""
    from django.db.models import Max, Min, Sum
    from django.utils import timezone

    from compensation import disclosure
    from compensation.engine.engine import period_bounds
    from compensation.models import CommissionLine, CommissionRun, PeriodResult
    from landing.models import Lead
    from orders.models import Order, Product, ProductPrice
    from wallet import ledger, payouts
    from wallet.models import LedgerTransaction, PayoutRequest

    now = timezone.now()
    this_month = f"{now:%Y-%m}"
    company = Partner.objects.get(sponsor__isnull=True)
    assert company.is_company

    # Join dates over the company's 18 months, nobody (and no visit or lead) in the future.
    joined = Partner.objects.filter(is_company=False).aggregate(Min("joined_at"),
                                                                Max("joined_at"))
    assert joined["joined_at__min"] < now - timedelta(days=450)
    assert joined["joined_at__max"] <= now
    assert company.joined_at <= joined["joined_at__min"]
    assert not ReferralVisit.objects.filter(visited_at__gt=now).exists()
    assert Lead.objects.exists() and not Lead.objects.filter(created_at__gt=now).exists()
    assert not Order.objects.filter(created_at__gt=now).exists()
    assert not Partner.objects.filter(sponsor__joined_at__gt=F("joined_at")).exclude(
        sponsor=company).exists()  # nobody joined before their sponsor

    # The catalogue in every currency of the demo; every order priced from it.
    assert Product.objects.count() >= 8
    for product in Product.objects.all():
        assert set(ProductPrice.objects.filter(product=product).values_list(
            "currency", flat=True)) == {"EUR", "USD", "UAH", "RUB"}
    assert not Order.objects.filter(currency="").exists()
    assert not Order.objects.filter(total__lte=0).exists()
    assert not Order.objects.filter(lines__isnull=True).exists()

    # A posted run for each month that ended, none for the open month; every bonus kind
    # of the plan paid; posted a few days after the month, as an operator would.
    runs = list(CommissionRun.objects.order_by("period"))
    periods = [run.period for run in runs]
    assert all(run.state == CommissionRun.State.POSTED for run in runs)
    assert periods[-1] == months_back(now, 1) and this_month not in periods
    assert len(periods) >= 18
    assert periods == [months_back(now, len(periods) - index) for index in range(len(periods))]
    kinds = {kind for run in runs for kind in run.totals}
    assert kinds >= {"unilevel", "binary", "matching", "fast_start", "rank_advancement"}
    for run in runs[-3:]:
        posted = LedgerTransaction.objects.filter(commission_run_id=run.pk)
        assert posted.exists()
        assert all(f"{moment:%Y-%m}" > run.period and moment <= now
                   for moment in posted.values_list("created_at", flat=True))

    # The company's root earns nothing, and the income disclosure leaves it out.
    assert not CommissionLine.objects.filter(partner=company).exists()
    assert not PeriodResult.objects.filter(partner=company, total__gt=0).exists()
    last = disclosure.disclose(periods[-1])
    assert company.name in last["counted"]
    # (the demo partner's four newcomers in learning are seeded after the posted months)
    assert last["rows"][-1]["count"] == Partner.objects.filter(
        is_company=False, joined_at__lt=period_bounds(periods[-1])[1]).exclude(
        user__email__endswith="newcomer@downline.demo").count()

    # The demo partner: orders every month, this month's too; ranks earned over time; a
    # wallet whose balance is what the posted lines paid less what was paid out.
    mine = Order.objects.filter(partner=partner)
    assert mine.filter(created_at__gte=now.replace(day=1, hour=0, minute=0, second=0,
                                                   microsecond=0)).exists()
    assert mine.values("created_at__month").distinct().count() >= 6
    highest = list(PeriodResult.objects.filter(partner=partner).order_by("run__period")
                   .values_list("highest_rank", flat=True))
    assert len(set(highest)) >= 3  # member, then higher ranks over time
    partner.refresh_from_db()
    assert partner.rank == highest[-1]
    earned = CommissionLine.objects.filter(partner=partner).aggregate(total=Sum("amount"))
    requests = PayoutRequest.objects.filter(partner=partner)
    paid = sum(r.amount for r in requests.filter(state=PayoutRequest.State.PAID))
    held = sum(r.amount for r in requests.filter(state__in=payouts.OPEN_STATES))
    balance = ledger.wallet_balances(partner).get("EUR", 0)
    assert balance > 0
    assert balance + paid + held == Decimal(earned["total"]).quantize(Decimal("0.01"))

    # Payouts paid, one returned, one waiting for the admin, who can approve it; and the
    # partner can still ask for more.
    states = set(PayoutRequest.objects.values_list("state", flat=True))
    assert {"paid", "returned", "requested"} <= states
    pending = PayoutRequest.objects.get(partner=partner, state="requested")
    admin = User.objects.get(email="admin@downline.demo")
    assert payouts.approve(pending, admin).state == "approved"
    assert payouts.available_balance(partner, "EUR") >= payouts.minimum()


def test_make_demo_passes_its_host_and_port_to_the_seed():
    import shutil
    import subprocess
    from pathlib import Path

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parents[2]
    dry_run = subprocess.run(["make", "-n", "-C", str(root), "demo", "HOST=10.1.2.3",
                              "PORT=8123"], capture_output=True, text=True, check=True)
    assert "seed_demo --host 10.1.2.3 --port 8123" in dry_run.stdout
    assert "runserver 10.1.2.3:8123" in dry_run.stdout


@pytest.mark.django_db
def test_the_demo_history_is_the_same_for_the_same_seed_and_moment():
    from django.db import transaction

    from orders.models import Order
    from wallet.models import LedgerEntry, PayoutRequest

    def history():
        with transaction.atomic():
            demo.build_network(150, seed=3, root_name="Company", now=NOW)
            partner = Partner.objects.filter(is_company=False).order_by("pk")[5]
            admin = User.objects.create_user(email="ops@example.com", password="x",
                                             is_staff=True)
            made = demo_history.seed_compensation(
                seed=1, now=NOW, partner=partner, operator=admin
            )
            figures = (
                list(Order.objects.order_by("external_id").values_list(
                    "external_id", "partner__external_id", "created_at", "total", "currency",
                    "volume", "status")),
                [(run.period, run.totals, run.posted_at) for run in made.runs],
                list(PayoutRequest.objects.order_by("pk").values_list(
                    "partner__external_id", "amount", "state", "requested_at")),
                LedgerEntry.objects.count(),
            )
            transaction.set_rollback(True)
        return figures

    first = history()
    assert first[1][-1][0] == "2026-10" and first[2]  # runs up to last month, payouts
    assert history() == first
