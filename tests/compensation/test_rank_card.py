"""The rank report card: this period's figures and exactly what is missing for the next
rank, worked out by hand on a small network under the reference plan, refreshed as soon
as an order is paid or refunded."""

from decimal import Decimal

import pytest

from compensation.engine.plan import parse_plan
from compensation.engine.requirements import next_rank
from compensation.report_card import orders_version, report_card
from network import genealogy
from network.models import Partner
from orders import services as order_services
from orders.models import OrderStatus
from tests.compensation.helpers import reference_rules

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/rank-card/"


def buy(partner, shakes, status=OrderStatus.PAID):
    """An order of `shakes` protein shakes (25.50 PV each), paid now."""
    return order_services.create_order(partner, [{"sku": "SHAKE", "quantity": shakes}],
                                       "EUR", status=status)


@pytest.fixture
def team(plan, catalogue, make_partner):
    """me (4 shakes = 102 PV) sponsors bea (40 shakes = 1020 PV, a manager) and cal
    (2 shakes = 51 PV); bea sponsors dan (no order)."""
    me = make_partner()
    bea = make_partner(sponsor=me)
    cal = make_partner(sponsor=me)
    dan = make_partner(sponsor=bea)
    buy(me, 4)
    buy(bea, 40)
    buy(cal, 2)
    return {"me": me, "bea": bea, "cal": cal, "dan": dan}


SHAKES = {"me": 4, "bea": 40, "cal": 2, "dan": 0}


def placement_volume(team, partner, leg):
    """PV bought this period in `partner`'s placement leg, summed from the stored tree."""
    child = Partner.objects.filter(placement_parent=partner, placement_leg=leg).first()
    if child is None:
        return Decimal(0)
    ids = {child.pk, *genealogy.downline(child, genealogy.PLACEMENT, 1000)
           .values_list("pk", flat=True)}
    return sum((Decimal("25.50") * count for name, count in SHAKES.items()
                if team[name].pk in ids), Decimal(0))


def test_the_card_names_what_is_missing_for_the_next_rank(team):
    card = report_card(team["me"])
    assert card["pv"] == Decimal("102.00")
    assert card["gv"] == Decimal("1173.00")  # 102 + 1020 + 51
    assert card["rank"] == "manager"  # PV >= 100 and GV >= 1000
    nxt = card["next_rank"]
    assert nxt["rank"] == "director"
    assert nxt["pv_short"] == Decimal(0)
    assert nxt["gv_short"] == Decimal("3827.00")  # 5000 - 1173
    assert nxt["legs"]["needed"] == 2 and nxt["legs"]["min_rank"] == "manager"
    assert nxt["legs"]["have"] == 1 and nxt["legs"]["short"] == 1
    assert [leg["id"] for leg in nxt["legs"]["qualifying"]] == [team["bea"].pk]
    assert nxt["qualified"] is False


def test_leg_volumes_follow_the_placement_tree(team):
    card = report_card(team["me"])
    me = Partner.objects.get(pk=team["me"].pk)
    assert card["left_volume"] == placement_volume(team, me, "L")
    assert card["right_volume"] == placement_volume(team, me, "R")
    assert card["left_volume"] + card["right_volume"] > 0


def test_a_member_without_orders_needs_the_consultant_pv(team):
    card = report_card(team["dan"])
    assert card["rank"] == "member"
    assert card["next_rank"]["rank"] == "consultant"
    assert card["next_rank"]["pv_short"] == Decimal("100")
    assert card["next_rank"]["legs"]["needed"] == 0


def test_a_new_paid_order_shows_at_once_and_a_refund_takes_it_back(team):
    assert report_card(team["me"])["next_rank"]["legs"]["have"] == 1  # cached now
    order = buy(team["cal"], 40)  # cal: 51 + 1020 PV, a manager
    card = report_card(team["me"])
    assert card["gv"] == Decimal("2193.00")
    assert card["next_rank"]["gv_short"] == Decimal("2807.00")
    assert card["next_rank"]["legs"]["have"] == 2
    assert {leg["id"] for leg in card["next_rank"]["legs"]["qualifying"]} == {
        team["bea"].pk, team["cal"].pk}
    order_services.set_status(order, OrderStatus.REFUNDED)
    assert report_card(team["me"])["gv"] == Decimal("1173.00")


def test_the_cache_moves_on_again_when_the_order_commits(team, django_capture_on_commit_callbacks):
    report_card(team["me"])
    before = orders_version()
    with django_capture_on_commit_callbacks(execute=True):
        buy(team["dan"], 1)
        during = orders_version()
    assert before < during < orders_version()


def test_a_pending_order_changes_nothing_until_paid(team):
    order = buy(team["dan"], 4, status=OrderStatus.PENDING)
    assert report_card(team["dan"])["pv"] == Decimal(0)
    order_services.set_status(order, OrderStatus.PAID)
    card = report_card(team["dan"])
    assert card["pv"] == Decimal("102.00") and card["rank"] == "consultant"


def test_a_leg_counts_by_the_best_rank_below_its_sponsored_partner():
    plan = parse_plan(reference_rules())
    requirement = next_rank(plan, "director", Decimal(150), Decimal(25000),
                            {1: "director", 2: "member", 3: "director", 4: "manager"})
    assert requirement.rank == "executive"
    assert requirement.gv_short == 0 and requirement.pv_short == 0
    assert requirement.legs_needed == 3 and requirement.legs_have == 2
    assert requirement.qualifying_legs == [1, 3]
    assert next_rank(plan, "executive", Decimal(0), Decimal(0), {}) is None


def test_the_api_answers_the_partner_s_own_card(api, team):
    api.force_authenticate(team["bea"].user)
    body = api.get(URL).json()
    assert body["pv"] == "1020.00" and body["rank"] == "manager"
    assert body["next_rank"]["gv_short"] == "3980.00"  # 5000 - 1020
    assert body["next_rank"]["legs"]["have"] == 0


def test_a_user_without_a_partner_gets_403(api, team):
    from tests.factories import UserFactory

    api.force_authenticate(UserFactory())
    assert api.get(URL).status_code == 403
    api.force_authenticate(None)
    assert api.get(URL).status_code in (401, 403)


def test_the_card_shows_the_carry_in_from_the_posted_previous_period(example, plan):
    from compensation import commission_runs

    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.approve_run(run, None)
    commission_runs.post_run(run)
    card = report_card(example["P00600001"], period="2026-11")
    # results.csv: P00600001 carries 401.24 left and 120.25 right out of October.
    assert (card["left_carry_in"], card["right_carry_in"]) == (
        Decimal("401.24"), Decimal("120.25"))
    assert report_card(example["P00600001"], period="2026-10")["left_carry_in"] == 0


def test_without_a_plan_in_force_the_api_says_so(api, make_partner):
    partner = make_partner()
    api.force_authenticate(partner.user)
    response = api.get(URL)
    assert response.status_code == 400
    assert "No published plan" in response.json()["detail"]


def test_with_a_broker_cards_show_the_previous_figures_until_the_worker_has_the_new(
    team, monkeypatch, django_capture_on_commit_callbacks
):
    """No card request waits for a recalculation once figures exist: a new order queues
    one (after commit) and cards show the previous figures, with their time, until the
    worker has finished; then the order is there."""
    from compensation import report_card as cards

    first = report_card(team["me"])
    assert first["gv"] == Decimal("1173.00") and first["as_of"] is not None
    queued = []
    monkeypatch.setattr(cards.refresh_figures, "delay",
                        lambda *args: queued.append(args))  # a broker, no worker yet
    with django_capture_on_commit_callbacks(execute=True):
        buy(team["cal"], 40)
    assert queued  # the commit asked for a recalculation
    stale = report_card(team["me"])
    assert stale["gv"] == Decimal("1173.00") and stale["as_of"] == first["as_of"]
    cards.refresh_figures(*queued[-1])  # the worker runs it
    fresh = report_card(team["me"])
    assert fresh["gv"] == Decimal("2193.00") and fresh["as_of"] > first["as_of"]


def test_one_recalculation_at_a_time_per_period(team, monkeypatch):
    from django.core.cache import cache

    from compensation import report_card as cards

    report_card(team["me"])
    buy(team["cal"], 40)
    version = cards.commission_runs.plan_in_force(cards.current_period())
    lock = f"{cards._latest_key(cards.current_period(), version.pk)}:refreshing"
    cache.add(lock, 1, timeout=60)  # another worker is at it
    cards.refresh_figures(cards.current_period(), version.pk)
    latest = cache.get(cards._latest_key(cards.current_period(), version.pk))
    assert latest[2].get(team["me"].pk, None)[1] == Decimal("1173.00")  # not recalculated
    cache.delete(lock)
    cards.refresh_figures(cards.current_period(), version.pk)
    latest = cache.get(cards._latest_key(cards.current_period(), version.pk))
    assert latest[2].get(team["me"].pk, None)[1] == Decimal("2193.00")
