"""The genealogy API shows a partner themselves and their own team, nothing else: not by
list, detail, children, filter or search. Staff see everything."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from network import services
from network.models import Partner
from tests.factories import UserFactory

URL = "/api/v1/network/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def team(make_partner, network_root, set_policy):
    """root ─┬ alice ─┬ a1 ── a11          (sponsor tree; placement mirrors it:
             │        └ a2                  alice L, bob R, a1 under alice L, a2 R …)
             └ bob ──── b1
    then `spill`, sponsored by the root, placed at the extreme left: under a11."""
    alice = make_partner(email="alice@example.com", first_name="Alice", last_name="Able")
    bob = make_partner(email="bob@example.com", first_name="Bob", last_name="Outsider")
    a1 = make_partner(alice, email="a1@example.com", first_name="Anna", last_name="First")
    a2 = make_partner(alice, email="a2@example.com", first_name="Artem", last_name="Second")
    a11 = make_partner(a1, email="a11@example.com", first_name="Ada", last_name="Deep")
    b1 = make_partner(bob, email="b1@example.com", first_name="Boris", last_name="Hidden")
    set_policy("extreme_left")
    spill = make_partner(email="spill@example.com", first_name="Sam", last_name="Spill")
    set_policy("weaker_leg")
    team = {
        "root": network_root, "alice": alice, "bob": bob, "a1": a1, "a2": a2, "a11": a11,
        "b1": b1, "spill": spill,
    }
    return {name: Partner.objects.get(pk=p.pk) for name, p in team.items()}


def signed_in(api, partner):
    api.force_authenticate(partner.user)
    return api


def ids(response):
    assert response.status_code == 200, response.content
    return {node["id"] for node in response.json()["results"]}


def test_the_fixture_builds_the_trees_the_tests_assume(team):
    assert team["spill"].sponsor_id == team["root"].pk
    assert team["spill"].placement_parent_id == team["a11"].pk
    assert team["bob"].placement_parent_id == team["root"].pk


def test_downline_lists_only_the_partners_own_team(api, team):
    signed_in(api, team["alice"])
    expected = {team[name].pk for name in ("a1", "a2", "a11")}
    assert ids(api.get(URL + "downline/")) == expected
    placement = {team[name].pk for name in ("a1", "a2", "a11", "spill")}
    assert ids(api.get(URL + "downline/", {"tree": "placement"})) == placement


def test_a_sibling_cannot_see_the_other_siblings_team(api, team):
    signed_in(api, team["bob"])
    assert ids(api.get(URL + "downline/", {"depth": 1000})) == {team["b1"].pk}
    assert ids(api.get(URL + "downline/", {"tree": "placement", "depth": 1000})) == {
        team["b1"].pk
    }


@pytest.mark.parametrize("q", ["bob@example.com", "Boris", "Hidden", "Outsider", "Company"])
def test_search_never_finds_an_outsider(api, team, q):
    signed_in(api, team["alice"])
    for tree in ("sponsor", "placement"):
        assert ids(api.get(URL + "downline/", {"q": q, "tree": tree})) == set()


def test_search_by_an_outsiders_code_finds_nothing(api, team):
    signed_in(api, team["alice"])
    assert ids(api.get(URL + "downline/", {"q": team["b1"].referral_code})) == set()
    assert ids(api.get(URL + "downline/", {"q": team["a11"].referral_code})) == {team["a11"].pk}


def test_filters_do_not_widen_the_scope(api, team):
    signed_in(api, team["alice"])
    for params in ({"level": 1}, {"status": "active"}, {"rank": "member"},
                   {"joined_after": "2000-01-01"}, {"ordering": "-name"}):
        found = ids(api.get(URL + "downline/", {**params, "depth": 1000}))
        assert found <= {team[name].pk for name in ("a1", "a2", "a11")}, params
        assert team["bob"].pk not in found and team["b1"].pk not in found


@pytest.mark.parametrize("outsider", ["root", "bob", "b1"])
def test_nodes_outside_the_team_are_404(api, team, outsider):
    signed_in(api, team["alice"])
    pk = team[outsider].pk
    for tree in ("sponsor", "placement"):
        assert api.get(f"{URL}nodes/{pk}/", {"tree": tree}).status_code == 404
        assert api.get(f"{URL}nodes/{pk}/children/", {"tree": tree}).status_code == 404


def test_an_unknown_node_is_404_like_an_outsider(api, team):
    signed_in(api, team["alice"])
    missing = Partner.objects.order_by("-pk").first().pk + 100
    assert api.get(f"{URL}nodes/{missing}/").status_code == 404


def test_the_upline_is_not_readable_as_nodes(api, team):
    """The sponsor's contact is in upline/, but neither the sponsor nor anyone above is a
    node the partner may open."""
    signed_in(api, team["a11"])
    for above in ("a1", "alice", "root"):
        assert api.get(f"{URL}nodes/{team[above].pk}/").status_code == 404
    upline = api.get(URL + "upline/").json()
    assert upline["sponsor"]["id"] == team["a1"].pk and upline["levels_above"] == 3


def test_the_partner_reads_themselves_and_their_team(api, team):
    signed_in(api, team["alice"])
    me = api.get(f"{URL}nodes/{team['alice'].pk}/").json()
    assert me["level"] == 0 and me["path"] == [team["alice"].pk]
    deep = api.get(f"{URL}nodes/{team['a11'].pk}/").json()
    assert deep["path"] == [team["alice"].pk, team["a1"].pk, team["a11"].pk]
    children = api.get(f"{URL}nodes/{team['a1'].pk}/children/")
    assert ids(children) == {team["a11"].pk}


def test_placement_spillover_is_visible_in_the_placement_tree_only(api, team):
    signed_in(api, team["alice"])
    spill = team["spill"].pk
    node = api.get(f"{URL}nodes/{spill}/", {"tree": "placement"}).json()
    assert node["level"] == 3
    assert node["path"] == [team["alice"].pk, team["a1"].pk, team["a11"].pk, spill]
    # Readable, but not in the partner's sponsor tree: no level or path there.
    in_sponsor_tree = api.get(f"{URL}nodes/{spill}/", {"tree": "sponsor"}).json()
    assert in_sponsor_tree["path"] is None and in_sponsor_tree["level"] is None
    assert spill in ids(api.get(f"{URL}nodes/{team['a11'].pk}/children/", {"tree": "placement"}))
    assert spill not in ids(api.get(f"{URL}nodes/{team['a11'].pk}/children/"))
    # Its sponsor-tree children are not the partner's team, so it cannot be expanded there.
    assert api.get(f"{URL}nodes/{spill}/children/").status_code == 404


def test_the_spillover_partner_cannot_see_the_partners_above_them(api, team):
    signed_in(api, team["spill"])
    assert ids(api.get(URL + "downline/", {"tree": "placement"})) == set()
    assert api.get(f"{URL}nodes/{team['a11'].pk}/", {"tree": "placement"}).status_code == 404


def test_staff_see_everything_from_the_root(api, team):
    api.force_authenticate(UserFactory(is_staff=True))
    everyone = {p.pk for name, p in team.items() if name != "root"}
    assert ids(api.get(URL + "downline/", {"page_size": 200})) == everyone
    node = api.get(f"{URL}nodes/{team['b1'].pk}/").json()
    assert node["path"] == [team["root"].pk, team["bob"].pk, team["b1"].pk]
    assert node["level"] == 2
    assert ids(api.get(f"{URL}nodes/{team['bob'].pk}/children/")) == {team["b1"].pk}
    found = ids(api.get(URL + "downline/", {"q": "bob@example.com"}))
    assert found == {team["bob"].pk}


@pytest.mark.parametrize("method, path", [
    ("get", "summary/"), ("get", "downline/"), ("get", "nodes/1/"), ("get", "nodes/1/children/"),
    ("get", "upline/"), ("get", "referrals/stats/"), ("get", "holding-tank/"),
    ("post", "holding-tank/1/place/"), ("post", "referral-code/"),
])
def test_anonymous_requests_are_401(api, team, method, path):
    response = getattr(api, method)(URL + path)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("path", ["summary/", "downline/", "upline/", "holding-tank/"])
def test_a_user_who_is_not_a_partner_is_403(api, team, path):
    api.force_authenticate(UserFactory())
    response = api.get(URL + path)
    assert response.status_code == 403
    assert "not a partner" in response.json()["detail"]


def test_token_authentication_reads_the_same_scope(api, team):
    token = Token.objects.create(user=team["bob"].user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ids(api.get(URL + "downline/")) == {team["b1"].pk}
    assert api.get(f"{URL}nodes/{team['a1'].pk}/").status_code == 404


def test_someone_elses_holding_tank_partner_cannot_be_seen_or_placed(api, team, set_policy):
    set_policy("holding_tank")
    waiting = services.enrol(UserFactory(), team["bob"])
    signed_in(api, team["alice"])
    assert api.get(URL + "holding-tank/").json() == []
    response = api.post(
        f"{URL}holding-tank/{waiting.pk}/place/",
        {"parent": team["alice"].pk, "leg": "L"}, format="json",
    )
    assert response.status_code == 404
    assert Partner.objects.get(pk=waiting.pk).placement_parent_id is None
