"""Placing a partner from the holding tank announces it once (`partner_placed`), whether
the sponsor places them through the API or in the cabinet; a refused placement announces
nothing. The announcement is the placement's own (network.placement), not each view's."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from network import signals
from network.models import NetworkSettings, Partner, PlacementPolicy


@pytest.fixture
def tank(make_partner):
    """anna, placed under the root, with one partner waiting in her holding tank."""
    anna = make_partner(first_name="Anna", last_name="Leader")
    settings = NetworkSettings.load()
    settings.placement_policy = PlacementPolicy.HOLDING_TANK
    settings.save()
    waiting = make_partner(anna, first_name="Wait", last_name="Ing")
    assert waiting.in_holding_tank
    return {"anna": anna, "waiting": waiting}


@pytest.fixture
def announced():
    placed = []

    def listener(sender, partner, **kwargs):
        placed.append(partner.pk)

    signals.partner_placed.connect(listener)
    yield placed
    signals.partner_placed.disconnect(listener)


def place_through_the_api(anna, waiting, leg):
    api = APIClient()
    api.force_authenticate(anna.user)
    return api.post(f"/api/v1/network/holding-tank/{waiting.pk}/place/",
                    {"parent": anna.pk, "leg": leg}, format="json")


def place_in_the_cabinet(anna, waiting, leg, client):
    client.force_login(anna.user)
    return client.post(reverse("cabinet:holding_tank"), {
        "partner": waiting.pk, "parent": anna.referral_code, "leg": leg,
    })


@pytest.mark.parametrize("where", ["api", "cabinet"])
def test_a_placement_from_the_holding_tank_is_announced_once(tank, announced, client, where):
    anna, waiting = tank["anna"], tank["waiting"]
    if where == "api":
        response = place_through_the_api(anna, waiting, "R")
        assert response.status_code == 200, response.content
    else:
        response = place_in_the_cabinet(anna, waiting, "R", client)
        assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.placement_parent_id, waiting.placement_leg) == (anna.pk, "R")
    assert announced == [waiting.pk]


@pytest.mark.parametrize("where", ["api", "cabinet"])
def test_a_refused_placement_announces_nothing(tank, announced, make_partner, client, where):
    anna, waiting = tank["anna"], tank["waiting"]
    settings = NetworkSettings.load()
    settings.placement_policy = PlacementPolicy.EXTREME_LEFT
    settings.save()
    make_partner(anna)  # takes anna's left slot
    announced.clear()
    if where == "api":
        assert place_through_the_api(anna, waiting, "L").status_code == 400
    else:
        assert place_in_the_cabinet(anna, waiting, "L", client).status_code == 400
    assert Partner.objects.get(pk=waiting.pk).in_holding_tank
    assert announced == []
