"""The demo partner's landing: every block type of the library but the gallery, in three
languages, published, free of the company's forbidden phrases, and shown to visitors."""

import pytest

from landing import demo
from landing.compliance import find_phrases
from landing.models import Landing, LandingState

from .conftest import BROWSER

pytestmark = pytest.mark.django_db


def test_the_demo_landings_are_published_in_each_language_and_render(client, home, partner):
    demo.seed_forbidden_phrases()
    landings = demo.seed_demo_landings(partner)
    assert {landing.language for landing in landings} == {"en", "ru", "uk"}
    assert all(landing.state == LandingState.PUBLISHED for landing in landings)
    for landing in landings:
        text = demo.LANDING_TEXT[landing.language]
        assert find_phrases(landing.language, landing.title, landing.body.raw_data) == []
        response = client.get(f"/{landing.language}/{partner.referral_code}/",
                              HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 200
        page = response.content.decode()
        assert text["headline"] in page and text["q"] in page
        assert "youtube-nocookie.com/embed/aqz-KE-bpKQ" in page  # the player, on click
        assert 'name="consent"' in page  # the lead form
    demo.seed_demo_landings(partner)  # a second run keeps them
    assert Landing.objects.filter(partner=partner).count() == 3
