"""The genealogy API: summary, downline filters, ordering and pagination, nodes and
children, upline, referral statistics, the holding tank and the vanity code."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from network import services, snapshots
from network.models import Partner, PartnerStatus, ReferralVisit
from tests.factories import UserFactory

URL = "/api/v1/network/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def alice(make_partner):
    return make_partner(email="alice@example.com", first_name="Alice", last_name="Able")


def signed_in(api, partner):
    api.force_authenticate(partner.user)
    return api


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response):
    return [node["id"] for node in results(response)]


def set_joined(partner, day):
    joined = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    Partner.objects.filter(pk=partner.pk).update(joined_at=joined)


def chain(make_partner, top, length):
    """`length` partners each sponsored by the one before, starting under `top`."""
    partners = []
    for _ in range(length):
        top = make_partner(top)
        partners.append(top)
    return partners


# --- schema ----------------------------------------------------------------------------


def test_every_network_endpoint_and_parameter_is_in_the_schema(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in [
        "summary/", "downline/", "nodes/{id}/", "nodes/{id}/children/", "upline/",
        "referrals/stats/", "holding-tank/", "holding-tank/{id}/place/", "referral-code/",
    ]:
        assert f"/api/v1/network/{path}" in paths, path
    downline = {p["name"] for p in paths["/api/v1/network/downline/"]["get"]["parameters"]}
    assert {
        "tree", "depth", "level", "status", "rank", "joined_after", "joined_before", "q",
        "ordering", "page_size", "cursor",
    } <= downline
    stats = {p["name"] for p in paths["/api/v1/network/referrals/stats/"]["get"]["parameters"]}
    assert stats == {"since", "until"}


# --- summary and upline ----------------------------------------------------------------


def test_summary_shows_code_link_sponsor_and_snapshot_figures(api, make_partner, network_root):
    sponsor = make_partner(email="sponsor@example.com", first_name="Sofia", last_name="Lead")
    Partner.objects.filter(pk=sponsor.pk).update(phone="+380501112233", telegram="sofia")
    me = make_partner(sponsor, email="me@example.com", first_name="Mykola", last_name="Me")
    me.user.language = "uk"
    me.user.save()
    first, second = make_partner(me), make_partner(me)
    make_partner(first)
    Partner.objects.filter(pk=second.pk).update(status=PartnerStatus.INACTIVE)
    signed_in(api, me)

    before = api.get(URL + "summary/").json()
    assert before["team"] is None  # no snapshot computed yet

    snapshots.recompute()
    summary = api.get(URL + "summary/").json()
    assert summary["id"] == me.pk and summary["name"] == "Mykola Me"
    assert summary["referral_code"] == me.referral_code
    assert summary["referral_url"] == f"http://testserver/uk/r/{me.referral_code.lower()}/"
    assert summary["sponsor"]["name"] == "Sofia Lead"
    assert summary["sponsor"]["email"] == "sponsor@example.com"
    assert summary["sponsor"]["phone"] == "+380501112233"
    assert summary["sponsor"]["telegram"] == "sofia"
    assert summary["placed"] is True and summary["placement_leg"] in ("L", "R")
    team = summary["team"]
    assert (team["team_size"], team["active_count"], team["personally_sponsored"]) == (3, 2, 2)
    assert team["left_count"] + team["right_count"] == 3
    assert summary["holding_tank_count"] == 0 and summary["vanity_code_chosen"] is False


def test_upline_shows_only_the_sponsor_and_the_number_of_levels(api, make_partner):
    top = make_partner(first_name="Top", last_name="Leader")
    sponsor = make_partner(top, first_name="Sofia", last_name="Lead")
    me = make_partner(sponsor)
    upline = signed_in(api, me).get(URL + "upline/").json()
    assert upline["levels_above"] == 3
    assert upline["sponsor"]["id"] == sponsor.pk and upline["sponsor"]["name"] == "Sofia Lead"
    assert "Top" not in str(upline)


# --- downline: filters, ordering, validation -------------------------------------------


def test_downline_filters(api, make_partner, alice):
    a1 = make_partner(alice, first_name="Anna", last_name="Kovalenko")
    a2 = make_partner(alice, email="artem@shop.example.com", first_name="Artem")
    a11 = make_partner(a1, first_name="Ada")
    Partner.objects.filter(pk=a2.pk).update(status=PartnerStatus.INACTIVE, rank="gold")
    Partner.objects.filter(pk=a11.pk).update(external_id="LEGACY-77", display_name="")
    set_joined(a1, datetime.date(2024, 1, 10))
    set_joined(a2, datetime.date(2024, 2, 10))
    set_joined(a11, datetime.date(2024, 3, 10))
    signed_in(api, alice)

    def found(**params):
        return set(ids(api.get(URL + "downline/", params)))

    assert found() == {a1.pk, a2.pk, a11.pk}
    assert found(level=1) == {a1.pk, a2.pk}
    assert found(level=2) == {a11.pk}
    assert found(status="inactive") == {a2.pk}
    assert found(rank="gold") == {a2.pk}
    assert found(joined_after="2024-02-10") == {a2.pk, a11.pk}
    assert found(joined_before="2024-02-10") == {a1.pk, a2.pk}
    assert found(joined_after="2024-02-01", joined_before="2024-02-28") == {a2.pk}
    assert found(q="kovalenko") == {a1.pk}  # last name, any case
    assert found(q="SHOP.example") == {a2.pk}  # email
    assert found(q=a2.referral_code.lower()) == {a2.pk}  # code
    assert found(q="legacy-77") == {a11.pk}  # external id
    assert found(q="nobody-has-this") == set()


def test_a_downline_node_carries_the_contract_fields(api, make_partner, alice):
    child = make_partner(alice, email="kid@example.com", first_name="Kid", last_name="One")
    make_partner(child)
    make_partner(child)
    snapshots.recompute()
    node = results(signed_in(api, alice).get(URL + "downline/", {"level": 1}))[0]
    assert node["id"] == child.pk and node["name"] == "Kid One"
    assert node["email"] == "kid@example.com" and node["referral_code"] == child.referral_code
    assert node["level"] == 1 and node["sponsor_id"] == alice.pk
    assert node["placement_parent_id"] == alice.pk and node["placement_leg"] == "L"
    assert node["team_size"] == 2 and node["active_count"] == 2
    assert node["left_count"] == 1 and node["right_count"] == 1
    assert node["children_count"] == 2
    assert node["status"] == "active" and node["rank"] == "member" and node["photo_url"] is None


def test_children_count_follows_the_requested_tree(api, make_partner, network_root, alice,
                                                   set_policy):
    set_policy("extreme_left")
    make_partner(network_root)  # sponsored by the root, spills under alice's left edge
    signed_in(api, alice)
    response = api.get(f"{URL}nodes/{alice.pk}/", {"tree": "placement"}).json()
    assert response["children_count"] == 1
    assert api.get(f"{URL}nodes/{alice.pk}/").json()["children_count"] == 0


@pytest.mark.parametrize("params, parameter", [
    ({"depth": 0}, "depth"),
    ({"depth": 1001}, "depth"),
    ({"depth": "ten"}, "depth"),
    ({"tree": "binary"}, "tree"),
    ({"ordering": "email"}, "ordering"),
    ({"joined_after": "2024-13-01"}, "joined_after"),
    ({"joined_before": "yesterday"}, "joined_before"),
    ({"joined_after": "2024-03-01", "joined_before": "2024-02-01"}, "joined_before"),
    ({"level": "first"}, "level"),
    ({"status": "sleeping"}, "status"),
    ({"cursor": "not-a-cursor"}, "cursor"),
])
def test_bad_downline_parameters_are_400_naming_the_parameter(api, alice, params, parameter):
    response = signed_in(api, alice).get(URL + "downline/", params)
    assert response.status_code == 400
    assert f"“{parameter}”" in response.json()["detail"]


def test_ordering(api, make_partner, alice):
    carol = make_partner(alice, first_name="carol", last_name="C")
    bella = make_partner(alice, first_name="Bella", last_name="B")
    dan = make_partner(carol, first_name="Dan", last_name="D")
    set_joined(carol, datetime.date(2024, 1, 1))
    set_joined(bella, datetime.date(2024, 1, 2))
    set_joined(dan, datetime.date(2023, 12, 1))
    signed_in(api, alice)

    def order(ordering):
        return ids(api.get(URL + "downline/", {"ordering": ordering}))

    assert order("name") == [bella.pk, carol.pk, dan.pk]  # case-insensitive
    assert order("-name") == [dan.pk, carol.pk, bella.pk]
    assert order("joined_at") == [dan.pk, carol.pk, bella.pk]
    assert order("-joined_at") == [bella.pk, carol.pk, dan.pk]
    assert order("level") == [carol.pk, bella.pk, dan.pk]  # then by joined_at
    assert order("-level") == [dan.pk, bella.pk, carol.pk]


@pytest.mark.parametrize("ordering", ["level", "-level", "joined_at", "-name"])
def test_cursor_pagination_walks_every_partner_once_forwards_and_back(
    api, make_partner, alice, ordering
):
    first_line = [make_partner(alice) for _ in range(5)]
    for sponsor in first_line[:2]:
        make_partner(sponsor)
    # Many share a joined_at and a level: the cursor must still not skip or repeat.
    same_time = timezone.now()
    Partner.objects.filter(sponsor__in=first_line).update(joined_at=same_time)
    Partner.objects.filter(pk__in=[p.pk for p in first_line[2:]]).update(joined_at=same_time)
    signed_in(api, alice)

    everything = ids(api.get(URL + "downline/", {"ordering": ordering}))
    assert len(everything) == 7
    pages, response = [], api.get(URL + "downline/", {"ordering": ordering, "page_size": 3})
    while True:
        body = response.json()
        pages.append([node["id"] for node in body["results"]])
        if not body["next"]:
            break
        response = api.get(body["next"])
    assert [len(page) for page in pages] == [3, 3, 1]
    assert sum(pages, []) == everything
    back = api.get(body["previous"]).json()
    assert [node["id"] for node in back["results"]] == pages[1]
    assert api.get(back["previous"]).json()["previous"] is None


def test_depth_limits_how_far_the_downline_reaches(api, make_partner, alice):
    leg = chain(make_partner, alice, 5)
    signed_in(api, alice)
    assert set(ids(api.get(URL + "downline/", {"depth": 2}))) == {leg[0].pk, leg[1].pk}
    assert len(ids(api.get(URL + "downline/"))) == 5
    assert ids(api.get(URL + "downline/", {"depth": 2, "level": 3})) == []
    deepest = results(api.get(URL + "downline/", {"depth": 1000, "level": 5}))
    assert [(node["id"], node["level"]) for node in deepest] == [(leg[4].pk, 5)]


def test_a_page_costs_the_same_number_of_queries_however_many_rows(
    api, make_partner, alice, django_assert_max_num_queries
):
    for _ in range(3):
        make_partner(make_partner(alice))
    snapshots.recompute()
    signed_in(api, alice)
    placement = {"tree": "placement", "depth": 1000}
    # One query finds the viewer, one picks the page's ids, one reads those rows with
    # their users, snapshots and counts; the first request also reads the rank names of
    # the plan in force, cached afterwards.
    with django_assert_max_num_queries(4):
        assert len(ids(api.get(URL + "downline/", placement))) == 6
    for _ in range(10):
        make_partner(make_partner(alice))
    with django_assert_max_num_queries(3):
        assert len(ids(api.get(URL + "downline/", placement))) == 26
    with django_assert_max_num_queries(3):
        assert len(ids(api.get(URL + "downline/", {"q": "Test"}))) == 26


# --- nodes and children ----------------------------------------------------------------


def test_placement_children_carry_their_leg_left_first(api, make_partner, alice):
    left, right = make_partner(alice), make_partner(alice)
    make_partner(alice)  # placed deeper, not a direct child
    signed_in(api, alice)
    children = results(api.get(f"{URL}nodes/{alice.pk}/children/", {"tree": "placement"}))
    assert [(c["id"], c["placement_leg"], c["level"]) for c in children] == [
        (left.pk, "L", 1), (right.pk, "R", 1)
    ]
    sponsor_children = ids(api.get(f"{URL}nodes/{alice.pk}/children/"))
    assert len(sponsor_children) == 3


def test_children_of_a_deep_node_page_with_a_cursor(api, make_partner, alice):
    kids = [make_partner(alice) for _ in range(5)]
    signed_in(api, alice)
    first = api.get(f"{URL}nodes/{alice.pk}/children/", {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()
    pages = [first, second, third]
    assert [n["id"] for page in pages for n in page["results"]] == [k.pk for k in kids]
    assert third["next"] is None


def test_node_path_jumps_from_the_viewer_down(api, make_partner, alice):
    leg = chain(make_partner, alice, 3)
    node = signed_in(api, alice).get(f"{URL}nodes/{leg[2].pk}/", {"tree": "placement"}).json()
    assert node["path"] == [alice.pk, *[p.pk for p in leg]]
    assert node["level"] == 3
    assert api.get(f"{URL}nodes/{leg[2].pk}/", {"tree": "nope"}).status_code == 400


# --- referral statistics ---------------------------------------------------------------


def visit(partner, day, source="", converted=None):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return ReferralVisit.objects.create(
        partner=partner, visited_at=moment, utm_source=source, converted=converted
    )


def test_referral_stats_by_day_and_source(api, make_partner, alice):
    day1, day2 = datetime.date(2024, 5, 1), datetime.date(2024, 5, 2)
    from_facebook = make_partner(alice)
    walked_in = make_partner(alice)
    set_joined(from_facebook, day2)
    set_joined(walked_in, day2)
    visit(alice, day1, "facebook")
    visit(alice, day1, "facebook")
    visit(alice, day2, "facebook", converted=from_facebook)
    visit(alice, day2)
    visit(alice, datetime.date(2024, 4, 30), "telegram")  # outside the range
    signed_in(api, alice)

    stats = api.get(URL + "referrals/stats/", {"since": "2024-05-01", "until": "2024-05-03"})
    body = stats.json()
    assert (body["since"], body["until"]) == ("2024-05-01", "2024-05-03")
    assert (body["visits"], body["signups"], body["conversion"]) == (4, 2, 0.5)
    assert body["by_day"] == [
        {"date": "2024-05-01", "visits": 2, "signups": 0},
        {"date": "2024-05-02", "visits": 2, "signups": 2},
        {"date": "2024-05-03", "visits": 0, "signups": 0},
    ]
    assert body["by_source"] == [
        {"source": "facebook", "visits": 3, "signups": 1, "conversion": 0.3333},
        {"source": "direct", "visits": 1, "signups": 1, "conversion": 1.0},
    ]


def test_referral_stats_default_to_the_last_30_days_and_count_only_own(
    api, make_partner, alice
):
    other = make_partner()
    visit(other, timezone.localdate(), "facebook")
    visit(alice, timezone.localdate() - datetime.timedelta(days=40), "facebook")
    body = signed_in(api, alice).get(URL + "referrals/stats/").json()
    assert body["until"] == timezone.localdate().isoformat()
    assert len(body["by_day"]) == 30
    assert (body["visits"], body["signups"], body["conversion"]) == (0, 0, 0)
    assert body["by_source"] == []


@pytest.mark.parametrize("params, parameter", [
    ({"since": "2024-05-10", "until": "2024-05-01"}, "until"),
    ({"since": "May 1"}, "since"),
    ({"since": "2020-01-01", "until": "2024-01-01"}, "since"),
])
def test_bad_stats_ranges_are_400(api, alice, params, parameter):
    response = signed_in(api, alice).get(URL + "referrals/stats/", params)
    assert response.status_code == 400
    assert f"“{parameter}”" in response.json()["detail"]


# --- holding tank ----------------------------------------------------------------------


def test_holding_tank_lists_and_places_through_the_api(api, make_partner, alice, set_policy):
    left = make_partner(alice)
    set_policy("holding_tank", holding_tank_days=5)
    waiting = make_partner(alice, email="new@example.com", first_name="New", last_name="Comer")
    other = make_partner(alice)
    signed_in(api, alice)

    tank = api.get(URL + "holding-tank/").json()
    assert [entry["id"] for entry in tank] == [waiting.pk, other.pk]
    assert tank[0]["email"] == "new@example.com" and tank[0]["name"] == "New Comer"
    assert tank[0]["placement_deadline"] is not None
    assert api.get(URL + "summary/").json()["holding_tank_count"] == 2

    taken = api.post(f"{URL}holding-tank/{waiting.pk}/place/",
                     {"parent": alice.pk, "leg": "L"}, format="json")
    assert taken.status_code == 400 and "taken" in taken.json()["detail"]

    placed = api.post(f"{URL}holding-tank/{waiting.pk}/place/",
                      {"parent": left.pk, "leg": "R"}, format="json")
    assert placed.status_code == 200, placed.content
    node = placed.json()
    assert (node["id"], node["placement_parent_id"], node["placement_leg"]) == (
        waiting.pk, left.pk, "R"
    )
    assert node["level"] == 2
    assert [entry["id"] for entry in api.get(URL + "holding-tank/").json()] == [other.pk]
    again = api.post(f"{URL}holding-tank/{waiting.pk}/place/",
                     {"parent": left.pk, "leg": "L"}, format="json")
    assert again.status_code == 404  # no longer in the tank


def test_holding_tank_refuses_a_parent_outside_the_team_or_a_bad_leg(
    api, make_partner, alice, set_policy
):
    outsider = make_partner()
    set_policy("holding_tank")
    waiting = make_partner(alice)
    signed_in(api, alice)
    url = f"{URL}holding-tank/{waiting.pk}/place/"

    outside = api.post(url, {"parent": outsider.pk, "leg": "L"}, format="json")
    assert outside.status_code == 400 and "your own team" in outside.json()["detail"]
    missing = api.post(url, {"parent": outsider.pk + 1000, "leg": "L"}, format="json")
    assert missing.status_code == 400 and missing.json()["detail"]
    bad_leg = api.post(url, {"parent": alice.pk, "leg": "middle"}, format="json")
    assert bad_leg.status_code == 400 and "leg" in bad_leg.json()["errors"]
    assert Partner.objects.get(pk=waiting.pk).placement_parent_id is None


# --- vanity code -----------------------------------------------------------------------


def test_vanity_code_can_be_chosen_once(api, alice):
    signed_in(api, alice)
    response = api.post(URL + "referral-code/", {"code": "Alice-Team"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "referral_code": "ALICE-TEAM",
        "referral_url": "http://testserver/en/r/alice-team/",
    }
    assert services.find_by_code("alice-team").pk == alice.pk
    assert api.get(URL + "summary/").json()["vanity_code_chosen"] is True
    again = api.post(URL + "referral-code/", {"code": "alice-2"}, format="json")
    assert again.status_code == 400 and "already" in again.json()["detail"]
    assert Partner.objects.get(pk=alice.pk).referral_code == "ALICE-TEAM"


def test_a_taken_code_is_refused_in_any_letter_case(api, make_partner, alice):
    signed_in(api, alice).post(URL + "referral-code/", {"code": "sunrise"}, format="json")
    bob = make_partner()
    response = signed_in(api, bob).post(URL + "referral-code/", {"code": "SunRise"},
                                        format="json")
    assert response.status_code == 400 and "taken" in response.json()["detail"]
    assert Partner.objects.get(pk=bob.pk).vanity_code_chosen is False


@pytest.mark.parametrize("code", ["admin", "API", "ab", "bad code", "-dash", "a--b"])
def test_reserved_or_malformed_codes_are_refused(api, alice, code):
    response = signed_in(api, alice).post(URL + "referral-code/", {"code": code}, format="json")
    assert response.status_code == 400 and response.json()["detail"]
    assert Partner.objects.get(pk=alice.pk).vanity_code_chosen is False


def test_the_referral_url_follows_the_users_language(api, alice):
    alice.user.language = "ru"
    alice.user.save()
    body = signed_in(api, alice).post(URL + "referral-code/", {"code": "privet"},
                                      format="json").json()
    assert body["referral_url"] == "http://testserver/ru/r/privet/"


def test_staff_without_a_partner_read_the_network_from_the_root(api, network_root, alice):
    api.force_authenticate(UserFactory(is_staff=True))
    summary = api.get(URL + "summary/").json()
    assert summary["id"] == network_root.pk and summary["sponsor"] is None
    assert ids(api.get(URL + "downline/")) == [alice.pk]
