"""The demo partner's landing: every block type of the library but the gallery, in three
languages, published, free of the company's forbidden phrases, and shown to visitors."""

import pytest

from demo import landings as demo
from landing.compliance import find_phrases
from landing.models import Landing, LandingState
from tests.landing.helpers import BROWSER

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
        # the Russian page advertises with a Meta Pixel: it asks the visitor first
        assert ('id="ad-consent"' in page) == (landing.language == "ru")
    demo.seed_demo_landings(partner)  # a second run keeps them
    assert Landing.objects.filter(partner=partner).count() == 3


def test_the_demo_partner_has_leads_visits_and_sign_ups_to_look_at(client, home, partner):
    from landing.models import Lead
    from network import services
    from network.models import ReferralVisit
    from tests.factories import UserFactory

    recruits = [services.enrol(UserFactory(), partner) for _ in range(8)]
    landings = demo.seed_demo_landings(partner)
    made = demo.seed_landing_activity(partner, landings, seed=7)
    assert made > 0
    leads = Lead.objects.filter(partner=partner)
    assert {lead.status for lead in leads} == {"new", "contacted", "converted", "lost"}
    assert {lead.landing.language for lead in leads} == {"en", "ru", "uk"}
    assert all(lead.consent_given and lead.consent_text for lead in leads)
    converted = leads.get(status="converted")
    assert converted.converted_partner in recruits
    assert converted.converted_partner.sponsor == partner

    russian = next(landing for landing in landings if landing.language == "ru")
    visits = ReferralVisit.objects.filter(partner=partner, landing=russian.get_url())
    assert visits.count() > 0 and visits.exclude(converted=None).count() == 2
    client.force_login(partner.user)
    page = client.get("/ru/cabinet/leads/").content.decode()
    assert "Мария Иванова" in page and "Emily Carter" in page
    stats = client.get(f"/ru/cabinet/landings/{russian.pk}/stats/")
    assert stats.context["stats"]["visits"] > 0 and stats.context["stats"]["leads"] >= 3
    assert stats.context["stats"]["signups"] == 2

    demo.seed_landing_activity(partner, landings, seed=7)  # a second run adds nothing
    assert Lead.objects.filter(partner=partner).count() == leads.count()
    assert ReferralVisit.objects.filter(partner=partner).count() == made
