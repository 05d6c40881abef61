"""A landing's own address cannot be used to take what is someone else's: a page of the
company's site, or another partner's landing (by choosing its address as a vanity code)."""

import pytest
from django.test import Client

from landing import addresses, builder
from landing.models import Landing, LandingTemplate
from network import services
from network.services import NetworkError
from tests.factories import ContentPageFactory
from tests.landing.helpers import BASE, BROWSER, hero, lead_form_block, post

pytestmark = pytest.mark.django_db


def test_a_landing_cannot_take_the_address_of_a_company_page(anna, built, partner, home):
    """/<lang>/<slug>/ is looked up as a landing before the site's pages, so a landing
    at 'privacy' would have replaced the company's privacy page for every visitor."""
    ContentPageFactory(parent=home, title="Privacy policy", slug="privacy")
    post(anna, f"{BASE}{built.pk}/publish/")

    response = post(anna, f"{BASE}{built.pk}/details/",
                    {"title": "Join my team", "slug": "privacy"})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "slug"
    assert error["message"] == "This address is taken; choose another."
    built.refresh_from_db()
    assert built.slug is None
    page = Client(HTTP_USER_AGENT=BROWSER).get("/en/privacy/").content.decode()
    assert "Privacy policy" in page and "Template headline" not in page


def test_a_new_landing_is_not_proposed_a_company_pages_address(partner, home):
    LandingTemplate.objects.create(name="Recruiting", purpose="recruiting", language="en",
                                   body=[lead_form_block()])
    event = LandingTemplate.objects.create(name="Event", purpose="event", language="en",
                                           body=[lead_form_block()])
    stem = f"{partner.referral_code.lower()}-event"
    ContentPageFactory(parent=home, title="Our event", slug=stem)
    builder.start_from_template(partner, LandingTemplate.objects.get(purpose="recruiting"), "en")
    assert builder.start_from_template(partner, event, "en").slug == f"{stem}-en"
    assert not addresses.is_free(stem)


def test_a_vanity_code_cannot_take_another_partners_landing_address(
    partner, make_partner, home
):
    """The code is looked up before the slug, so a partner choosing the (proposed, easy to
    guess) address of someone's landing as their code took its visitors and sign-ups."""
    landing = Landing.objects.create(
        partner=partner, language="en", purpose="event", title="Anna's evening",
        slug="anna-event", body=[hero("Anna's evening"), lead_form_block()],
        state="published",
    )
    Landing.objects.filter(pk=landing.pk).update(published_at=landing.created_at)
    attacker = make_partner(first_name="Mallory", last_name="Thief")
    Landing.objects.create(partner=attacker, language="en", title="Mallory's page",
                           body=[hero("Mallory's page")], state="published",
                           published_at=landing.created_at)

    with pytest.raises(NetworkError) as failure:
        services.choose_vanity_code(attacker, "Anna-Event")
    assert failure.value.code == "taken"
    attacker.refresh_from_db()
    assert attacker.referral_code != "ANNA-EVENT" and not attacker.vanity_code_chosen
    page = Client(HTTP_USER_AGENT=BROWSER).get("/en/anna-event/").content.decode()
    assert "Anna&#x27;s evening" in page and "Mallory" not in page


def test_a_vanity_code_cannot_take_a_company_pages_address(make_partner, home):
    ContentPageFactory(parent=home, title="Opportunity", slug="opportunity")
    partner = make_partner()
    with pytest.raises(NetworkError) as failure:
        services.choose_vanity_code(partner, "OPPORTUNITY")
    assert failure.value.code == "taken"


def test_an_address_taken_between_the_check_and_the_write_is_refused_plainly(
    anna, built, partner, make_partner, monkeypatch
):
    """Two partners giving their landings the same address at the same moment both passed
    the uniqueness check, and the second write's IntegrityError was a server error."""
    other = make_partner(first_name="Boris", last_name="Other")
    Landing.objects.create(partner=other, language="en", title="Boris", body=[],
                           slug="best-offer")
    # The other request's write lands after this one's check: the check sees nothing.
    monkeypatch.setattr(Landing, "validate_unique", lambda self, exclude=None: None)
    response = post(anna, f"{BASE}{built.pk}/details/",
                    {"title": "Join my team", "slug": "best-offer"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "slug", "message": "This address is taken; choose another."}]
    built.refresh_from_db()
    assert built.slug is None and Landing.objects.get(slug="best-offer").partner == other


def test_the_code_taken_between_the_check_and_the_write_is_refused_plainly(
    anna, built, partner, monkeypatch
):
    event = LandingTemplate.objects.create(name="Event", purpose="event", language="en",
                                           body=[lead_form_block()])
    evening = builder.start_from_template(partner, event, "en")
    # The other landing gives up its address after this request's check: it saw none.
    real_check, calls = addresses.check_may_leave_slug, []

    def check_too_early(landing, slug):
        calls.append(slug)
        return None if len(calls) == 1 else real_check(landing, slug)

    monkeypatch.setattr(addresses, "check_may_leave_slug", check_too_early)
    monkeypatch.setattr(Landing, "validate_constraints", lambda self, exclude=None: None)
    response = post(anna, f"{BASE}{evening.pk}/details/", {"title": "Evening", "slug": ""})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "slug"
    assert "answers to your referral code" in error["message"]
    evening.refresh_from_db()
    assert evening.slug


def test_ids_and_details_that_are_not_text_are_refused_plainly(anna, built, allowed):
    """A number, a list or an object where the builder sends text was a server error."""
    response = post(anna, f"{BASE}{built.pk}/targeting/",
                    {"meta": 123456789012345, "google": ["G-AB12CD34EF"], "yandex": {}})
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"meta", "google", "yandex"}
    for details in ({"title": "Join my team", "slug": 123},
                    {"title": ["Join my team"], "slug": ""}):
        response = post(anna, f"{BASE}{built.pk}/details/", details)
        assert response.status_code == 400, details
    built.refresh_from_db()
    assert (built.meta_pixel_id, built.slug, built.working_title) == ("", None, "Join my team")
