"""Published landings are served from the cache: blocks are rendered once per published
version, while each visit is still recorded and each visitor's lead form still works."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from landing import rendering, services, visits
from landing.models import ForbiddenPhrase, LandingState, Lead
from network import referrals
from network.models import PartnerStatus, ReferralVisit
from tests.factories import ImageFactory
from tests.landing.helpers import BROWSER, hero, lead_form_block
from tests.network.helpers import sponsor_of

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


# --- the whole page from the cache (landing/page_cache.py) ------------------------------


def landing_queries(captured):
    """The queries a cached hit must not make: everything but writing the visit itself."""
    return [q["sql"] for q in captured.captured_queries
            if "network_referralvisit" not in q["sql"] and "SAVEPOINT" not in q["sql"]]


def test_a_cached_page_is_served_without_looking_anything_up(landing, partner, renders):
    get(Client(), partner)  # fills the cache
    with CaptureQueriesContext(connection) as cached:
        html = get(Client(), partner)  # another visitor
    assert landing_queries(cached) == []
    assert rendered_types(renders) == ["hero"]  # rendered once, for the first visitor
    assert "Work from home with Anna" in html and "Anna Leader" in html


def test_an_anonymous_visitor_is_answered_before_the_view(landing, partner):
    get(Client(), partner)  # the view renders it and the middleware keeps the headers
    with mock.patch("landing.views.show_landing") as view:
        html = get(Client(), partner)
    assert not view.called
    assert "Work from home with Anna" in html
    with mock.patch("landing.views.show_landing", return_value=None) as view:
        client = Client()
        client.cookies["sessionid"] = "anything"  # may be signed in: goes to the view
        client.get(f"/en/{partner.referral_code}/", HTTP_USER_AGENT=BROWSER)
    assert view.called


def test_a_cached_hit_counts_the_visit_and_remembers_the_sponsor(landing, partner):
    get(Client(), partner)
    visitor = Client()
    response = visitor.get(f"/en/{partner.referral_code}/?utm_source=telegram",
                           HTTP_USER_AGENT=BROWSER)
    assert {"dl_sponsor", "dl_visitor", "csrftoken"} <= set(response.cookies)
    assert sponsor_of(visitor) == partner
    row = ReferralVisit.objects.get(visitor_id=response.cookies["dl_visitor"].value)
    assert (row.partner, row.utm_source) == (partner, "telegram")
    assert "no-cache" in response["Cache-Control"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
    get(visitor, partner)  # a reload within the window is not another visit
    assert ReferralVisit.objects.count() == 2


def test_a_returning_visitor_of_the_same_partner_costs_no_query(landing, partner,
                                                                make_partner):
    visitor = Client()
    get(visitor, partner)  # the sponsor cookie names Anna
    with CaptureQueriesContext(connection) as again:
        get(visitor, partner)
    assert landing_queries(again) == []
    assert sponsor_of(visitor) == partner
    # A cookie naming another partner is still looked up (first touch keeps them).
    boris = make_partner(first_name="Boris", last_name="Other")
    other_visitor = Client()
    other_visitor.get(f"/en/r/{boris.referral_code}/", HTTP_USER_AGENT=BROWSER)
    get(other_visitor, partner)
    assert sponsor_of(other_visitor) == boris


def test_head_of_a_cached_page_is_not_a_visit(landing, partner):
    get(Client(), partner)
    visitor = Client()
    response = visitor.head(f"/en/{partner.referral_code}/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert "dl_sponsor" not in response.cookies
    assert ReferralVisit.objects.count() == 1


def test_a_bot_on_a_cached_page_is_not_a_visit(landing, partner):
    get(Client(), partner)
    Client().get(f"/en/{partner.referral_code}/", HTTP_USER_AGENT="TelegramBot (like TwitterBot)")
    assert ReferralVisit.objects.count() == 1


def test_the_query_string_reaches_the_form_on_a_cached_page(landing, partner):
    get(Client(), partner)
    html = get(Client(), partner, "?utm_source=tg&x=%3Cb%3E")
    code = partner.referral_code
    assert f'action="/en/{code}/?utm_source=tg&amp;x=%3Cb%3E#lead-form"' in html
    plain = get(Client(), partner)
    assert f'action="/en/{partner.referral_code}/#lead-form"' in plain
    assert "marker" not in html + plain


def test_a_lead_from_a_cached_page_keeps_its_campaign(landing, partner):
    get(Client(), partner)
    visitor = Client(enforce_csrf_checks=True)
    html = get(visitor, partner, "?utm_source=tg")
    action = re.search(r'action="([^"#]+)#lead-form"', html).group(1).replace("&amp;", "&")
    response = visitor.post(action, {
        "name": "Olena", "email": "olena@example.com", "phone": "", "message": "",
        "consent": "on", "website": "", "csrfmiddlewaretoken": token_in(html),
    }, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert Lead.objects.get().utm_source == "tg"
    thanked = visitor.get(response["Location"], HTTP_USER_AGENT=BROWSER).content.decode()
    assert "Thank you! Anna Leader will contact you soon." in thanked  # not the cached page


def test_a_post_without_the_csrf_token_is_refused(landing, partner):
    get(Client(), partner)
    response = Client(enforce_csrf_checks=True).post(f"/en/{partner.referral_code}/", {
        "name": "Olena", "email": "olena@example.com", "consent": "on", "website": "",
    }, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 403
    assert not Lead.objects.exists()


def test_a_signed_in_partner_gets_their_own_page_not_the_cached_one(landing, partner):
    get(Client(), partner)
    own = Client()
    own.force_login(partner.user)
    html = get(own, partner)
    assert "Sign out" in html
    assert ReferralVisit.objects.count() == 1  # their own visit is not counted
    assert "Sign out" not in get(Client(), partner)


def test_a_deleted_landing_leaves_the_cache(landing, partner):
    get(Client(), partner)
    landing.delete()
    response = Client().get(f"/en/{partner.referral_code}/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404


def test_a_terminated_partners_cached_landing_is_gone(landing, partner):
    get(Client(), partner)
    partner.status = PartnerStatus.TERMINATED
    partner.save(update_fields=["status"])
    response = Client().get(f"/en/{partner.referral_code}/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404


def test_the_partners_new_details_show_at_once(landing, partner):
    get(Client(), partner)
    partner.phone = "+380 44 765 4321"
    partner.save(update_fields=["phone"])
    assert "+380 44 765 4321" in get(Client(), partner)


# --- visits written after the response (landing/visits.py) -----------------------------


def test_visits_wait_for_their_batch_then_are_written(landing, partner, settings):
    settings.LANDING_VISITS_WAIT_SECONDS = 60
    get(Client(), partner, "?utm_source=telegram")
    get(Client(), partner)
    assert not ReferralVisit.objects.exists()  # the responses did not wait for them
    assert visits.flush() == 2
    assert sorted(v.utm_source for v in ReferralVisit.objects.all()) == ["", "telegram"]


def test_a_batch_keeps_one_visit_per_visitor_in_the_window(partner):
    now = timezone.now()

    def queued(minutes, visitor="a" * 32, new_visitor=False):
        return {"partner": partner.pk, "visitor_id": visitor, "landing": "/en/x/",
                "visited_at": (now + timedelta(minutes=minutes)).isoformat(),
                "new_visitor": new_visitor}

    ReferralVisit.objects.create(partner=partner, visitor_id="b" * 32, visited_at=now)
    batch = [queued(0), queued(10), queued(45), queued(5, "b" * 32), queued(40, "b" * 32),
             queued(1, "c" * 32, new_visitor=True)]
    assert referrals.record_visits(batch) == 4
    assert referrals.record_visits(batch) == 0  # a task delivered twice writes once
    assert ReferralVisit.objects.count() == 5


def test_a_change_to_the_sites_footer_or_settings_shows_on_a_cached_landing_at_once(
    landing, partner, locales, renders
):
    from wagtail.models import Site

    from website.models import Footer, SiteSettings

    footer = Footer.objects.create(locale=locales["en"], copyright="© Naturals 2026")
    assert "© Naturals 2026" in get(Client(), partner)
    assert "© Naturals 2026" in get(Client(), partner)  # from the cache
    footer.copyright = "© Downline Naturals"
    footer.save()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.company_name = "Downline Naturals"
    settings.save()
    html = get(Client(), partner)
    assert "© Downline Naturals" in html and "© Naturals 2026" not in html
    assert "<title>Anna&#x27;s team · Downline Naturals</title>" in html
    assert rendered_types(renders) == ["hero"]  # the blocks themselves stay cached
    with CaptureQueriesContext(connection) as again:
        assert "© Downline Naturals" in get(Client(), partner)
    assert landing_queries(again) == []  # served from the cache again
