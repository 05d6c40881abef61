"""Published landings are served from the cache: blocks are rendered once per published
version, while each visit is still recorded and each visitor's lead form still works."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from landing import rendering, services
from landing.models import ForbiddenPhrase, LandingState, Lead
from network.models import ReferralVisit
from tests.factories import ImageFactory

from .conftest import BROWSER, hero, lead_form_block

pytestmark = pytest.mark.django_db


def get(client, partner, query=""):
    response = client.get(f"/en/{partner.referral_code}/" + query, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def renders():
    with mock.patch.object(rendering, "render_block", wraps=rendering.render_block) as spy:
        yield spy


def rendered_types(spy):
    return [call.args[0].block_type for call in spy.call_args_list]


def test_a_second_request_does_not_render_the_blocks_again(landing, partner, renders):
    first = get(Client(), partner)
    assert rendered_types(renders) == ["hero"]  # the lead form is rendered by the page
    second = get(Client(), partner)
    assert rendered_types(renders) == ["hero"]
    assert "Work from home with Anna" in second and 'id="lead-form"' in second
    assert first.count("landing-block-") == second.count("landing-block-") == 2


def test_a_cached_page_skips_the_block_queries(partner, make_landing, home):
    gallery = {"type": "gallery", "value": {"heading": "My team", "images": [
        {"type": "item", "value": {"image": ImageFactory().pk, "caption": "Team day"}, "id": "g"},
    ]}}
    landing = make_landing(partner, body=[hero(image=ImageFactory().pk), gallery])
    get(Client(), partner)  # the first visit also sets up the site's own caches
    services.publish(landing, partner.user)
    with CaptureQueriesContext(connection) as uncached:
        get(Client(), partner)
    with CaptureQueriesContext(connection) as cached:
        again = get(Client(), partner)
    assert "Team day" in again and "landing-hero-image" in again
    image_queries = [q for q in cached.captured_queries if "wagtailimages" in q["sql"]]
    assert image_queries == []
    assert len(cached.captured_queries) < len(uncached.captured_queries)


def test_every_visit_is_recorded_even_from_the_cache(landing, partner):
    get(Client(), partner, "?utm_source=telegram")
    get(Client(), partner, "?utm_source=facebook")
    visits = ReferralVisit.objects.order_by("pk")
    assert [v.utm_source for v in visits] == ["telegram", "facebook"]
    assert all(v.partner == partner for v in visits)


def token_in(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_each_visitor_gets_their_own_working_csrf_token_from_a_cached_page(landing, partner):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    get(first, partner)  # fills the cache
    html = get(second, partner)  # served from it
    response = second.post(f"/en/{partner.referral_code}/", {
        "name": "Olena", "email": "olena@example.com", "phone": "", "message": "",
        "consent": "on", "website": "", "csrfmiddlewaretoken": token_in(html),
    }, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert Lead.objects.get().name == "Olena"


def test_form_errors_show_on_a_cached_page(landing, partner):
    client = Client()
    get(client, partner)
    response = client.post(f"/en/{partner.referral_code}/", {
        "name": "", "email": "", "phone": "", "message": "", "consent": "on", "website": "",
    }, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert "Work from home with Anna" in response.content.decode()


def test_publishing_again_shows_the_new_content(landing, partner, renders):
    assert "Work from home with Anna" in get(Client(), partner)
    landing.body = [hero(headline="A brand new headline"), lead_form_block()]
    landing.save()
    assert "Work from home with Anna" in get(Client(), partner)  # still the published one
    assert services.publish(landing, partner.user).published
    html = get(Client(), partner)
    assert "A brand new headline" in html and "Work from home with Anna" not in html
    assert rendered_types(renders) == ["hero", "hero"]


def test_an_approved_review_replaces_the_cached_page(landing, partner):
    ForbiddenPhrase.objects.create(language="en", phrase="get rich")
    get(Client(), partner)
    landing.body = [hero(headline="Get rich with me"), lead_form_block()]
    landing.save()
    review = services.publish(landing, partner.user).review
    landing.refresh_from_db()
    assert landing.state == LandingState.IN_REVIEW
    services.decide(review, approve=True, reviewer=None)
    assert "Get rich with me" in get(Client(), partner)
