"""The downline's one set of filters (`network.downline`), as the genealogy API and the
cabinet's team list both read it: a rank matches in any letter case in both."""

import base64
import json
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from network.models import Partner


def cursor_of(position):
    token = json.dumps({"r": 0, "p": position}).encode()
    return base64.urlsafe_b64encode(token).decode()


@pytest.fixture
def team(make_partner):
    """A leader whose imported partners carry their rank in capitals."""
    leader = make_partner(first_name="Lena", last_name="Leader")
    manager = make_partner(leader, first_name="Mark", last_name="Manager")
    member = make_partner(leader, first_name="Mia", last_name="Member")
    Partner.objects.filter(pk=manager.pk).update(rank="MANAGER")
    Partner.objects.filter(pk=member.pk).update(rank="member")
    return {"leader": leader, "manager": manager, "member": member}


@pytest.mark.parametrize("asked", ["manager", "Manager", "MANAGER", " manager"])
def test_the_api_matches_the_rank_in_any_letter_case(team, asked):
    api = APIClient()
    api.force_authenticate(team["leader"].user)
    response = api.get("/api/v1/network/downline/", {"rank": asked})
    assert response.status_code == 200, response.content
    assert [node["id"] for node in response.json()["results"]] == [team["manager"].pk]


def test_the_cabinet_team_list_matches_the_rank_in_any_letter_case(team, client):
    client.force_login(team["leader"].user)
    response = client.get(reverse("cabinet:team_list"), {"rank": "manager"})
    assert response.status_code == 200
    names = re.findall(r'<span class="member-name">([^<]+)</span>', response.content.decode())
    assert names == ["Mark Manager"]


def test_the_api_and_the_cabinet_list_the_same_partners_by_name(team, make_partner, client):
    """One ordering by the shown name (first and last name when there is no display
    name) for both."""
    make_partner(team["leader"], first_name="Anton", last_name="Zed")
    api = APIClient()
    api.force_authenticate(team["leader"].user)
    from_api = [node["id"] for node in
                api.get("/api/v1/network/downline/", {"ordering": "name"}).json()["results"]]
    client.force_login(team["leader"].user)
    page = client.get(reverse("cabinet:team_list"), {"ordering": "name"}).content.decode()
    names = re.findall(r'<span class="member-name">([^<]+)</span>', page)
    assert names == ["Anton Zed", "Mark Manager", "Mia Member"]
    assert [Partner.objects.select_related("user").get(pk=pk).name for pk in from_api] == names


def test_a_cursor_that_is_not_ours_is_refused_by_the_api_and_ignored_by_the_cabinet(
        team, client):
    api = APIClient()
    api.force_authenticate(team["leader"].user)
    forged = [  # right shape, wrong values: not a level and a date, a NUL
        ["a", "b", "c"], ["1", "2026-01-01 00:00:00+00:00", "1\x00"],
    ]
    for cursor in ["nonsense", *(cursor_of(position) for position in forged)]:
        response = api.get("/api/v1/network/downline/", {"cursor": cursor})
        assert response.status_code == 400, response.content
        client.force_login(team["leader"].user)
        page = client.get(reverse("cabinet:team_list"), {"cursor": cursor})
        assert page.status_code == 200
        assert "Mark Manager" in page.content.decode()
