"""Every landing has its own address: a second landing in a language is proposed one when
it is started, it cannot give it up while another sits at the referral code, and the
builder's publish message names the address visitors open."""

import pytest
from django.test import Client

from landing import builder
from landing.models import Landing, LandingTemplate
from tests.landing.helpers import BASE, BROWSER, hero, lead_form_block, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_template(db):
    return LandingTemplate.objects.create(
        name="Invitation to an event", purpose="event", language="en",
        body=[{**hero("Come to our evening"), "id": "hero"},
              {**lead_form_block(), "id": "form"}],
        rules={"blocks": {"hero": "editable", "form": "editable"}},
    )


def test_a_second_landing_in_a_language_is_reachable_at_its_own_address(
    anna, built, partner, event_template, home
):
    """Rough edge: "Invitation to an event" beside the recruiting landing said "Visitors
    see your new page now" at the recruiting landing's address, which kept showing that."""
    assert built.slug is None  # the first landing in English takes the referral code
    published = post(anna, f"{BASE}{built.pk}/publish/").json()
    assert published["public_url"] == f"http://testserver/en/{partner.referral_code}/"

    response = anna.post(BASE, {"template": event_template.pk})
    event = Landing.objects.get(partner=partner, purpose="event")
    assert event.slug == f"{partner.referral_code.lower()}-event"
    editor = anna.get(response["Location"]).content.decode()
    assert f'name="slug" value="{event.slug}"' in editor  # proposed, and editable there

    result = post(anna, f"{BASE}{event.pk}/publish/").json()
    assert result["published"] and result["state"] == "published"
    assert result["message"] == "Published. Visitors see your new page now at this address:"
    assert result["public_url"] == f"http://testserver/en/{event.slug}/"
    visitor = Client(HTTP_USER_AGENT=BROWSER)
    assert "Come to our evening" in visitor.get(f"/en/{event.slug}/").content.decode()
    assert "Template headline" in visitor.get(f"/en/{partner.referral_code}/").content.decode()


def test_the_proposed_address_is_free_and_changeable(anna, built, partner, event_template,
                                                     make_partner):
    other = make_partner(first_name="Boris", last_name="Other")
    Landing.objects.create(partner=other, language="en", title="Boris", body=[],
                           slug=f"{partner.referral_code.lower()}-event")
    event = builder.start_from_template(partner, event_template, "en")
    assert event.slug == f"{partner.referral_code.lower()}-event-en"

    url = f"{BASE}{event.pk}/details/"
    assert post(anna, url, {"title": "Evening", "slug": "anna-evening"}).status_code == 200
    event.refresh_from_db()
    assert event.get_url() == "/en/anna-evening/"


def test_an_address_cannot_be_given_up_while_another_landing_has_the_code(
    anna, built, partner, event_template
):
    event = builder.start_from_template(partner, event_template, "en")
    response = post(anna, f"{BASE}{event.pk}/details/", {"title": "Evening", "slug": ""})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "slug"
    assert "“Join my team” answers to your referral code" in error["message"]
    event.refresh_from_db()
    assert event.slug == f"{partner.referral_code.lower()}-event"

    # Once the first one has an address of its own, the code is free for this one.
    assert post(anna, f"{BASE}{built.pk}/details/",
                {"title": "Join my team", "slug": "anna-team"}).status_code == 200
    assert post(anna, f"{BASE}{event.pk}/details/",
                {"title": "Evening", "slug": ""}).status_code == 200


def test_landings_in_other_languages_keep_the_code(partner, template, event_template):
    russian = LandingTemplate.objects.create(name="Вечер", purpose="event", language="ru",
                                             body=[lead_form_block()])
    builder.start_from_template(partner, template, "en")
    assert builder.start_from_template(partner, russian, "ru").slug is None


def test_the_message_after_a_publish_held_for_review_says_what_visitors_see(anna, built):
    from landing import services
    from landing.models import LandingSettings, PublishingPolicy

    settings = LandingSettings.load()
    settings.publishing = PublishingPolicy.ALWAYS_REVIEW
    settings.save()
    first = post(anna, f"{BASE}{built.pk}/publish/").json()
    assert first["state"] == "in_review"
    assert first["message"] == "Sent for review. Your page goes online once it is approved."
    services.decide(built.latest_review, approve=True, reviewer=None)
    again = post(anna, f"{BASE}{built.pk}/publish/").json()
    assert again["message"] == (
        "Sent for review. Visitors see your previous page until it is approved.")
