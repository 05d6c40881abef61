"""Which landing an address names (landing.online.landing_for, through the plain-SQL
lookup in network/owners.py): the objects come back complete, in one query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StreamValue

from landing import online
from landing.models import LandingState, Purpose
from tests.landing.helpers import hero, lead_form_block

pytestmark = pytest.mark.django_db


def test_one_query_brings_the_landing_its_partner_and_their_user(partner, make_landing):
    made = make_landing(partner, slug="anna-team")
    with CaptureQueriesContext(connection) as queries:
        found = online.landing_for(partner.referral_code.lower(), "en")
        shown = (found.title, found.partner.name, found.partner.phone, found.partner.photo.name,
                 found.partner.user.email, [block.block_type for block in found.body])
    assert len(queries.captured_queries) == 1
    assert found == made and found.partner == partner
    assert shown == ("Anna's team", "Anna Leader", "+380 44 123 4567", "",
                     "anna@example.com", ["hero", "lead_form"])
    assert isinstance(found.body, StreamValue)
    # Values come through the fields' own converters: an aware datetime, a saved instance.
    assert found.published_at == made.published_at
    assert found.published_at.tzinfo is not None
    assert isinstance(found.partner.user.date_joined, datetime.datetime)
    assert not found._state.adding and found._state.db == "default"


def test_the_builders_working_copy_is_left_out_and_loads_when_asked(partner, make_landing):
    made = make_landing(partner)
    made.draft = [hero("The draft headline"), lead_form_block()]
    made.save(update_fields=["draft"])
    found = online.landing_for(partner.referral_code, "en")
    assert "draft" not in found.__dict__  # not read with the page
    assert found.draft[0]["value"]["headline"] == "The draft headline"


def test_a_partner_without_a_user_still_has_a_landing(partner, make_landing):
    make_landing(partner)
    user = partner.user
    partner.user = None
    partner.save(update_fields=["user"])
    user.delete()
    found = online.landing_for(partner.referral_code, "en")
    assert found is not None and found.partner.user is None
    assert found.partner.name == partner.name


def test_the_order_language_then_purpose_then_the_oldest(partner, make_landing):
    event_en = make_landing(partner, purpose=Purpose.EVENT)
    product_uk = make_landing(partner, purpose=Purpose.PRODUCT, language="uk")
    recruiting_uk = make_landing(partner, purpose=Purpose.RECRUITING, language="uk",
                                 slug="anna-recruiting-uk")
    make_landing(partner, purpose=Purpose.EVENT, language="uk", slug="anna-event-uk")
    assert online.landing_for(partner.referral_code, "en") == event_en
    # The landing without an address of its own is the code's, whatever its purpose.
    assert online.landing_for(partner.referral_code, "uk") == product_uk
    assert online.landing_for(partner.referral_code, "ru") == product_uk
    assert online.landing_for("anna-recruiting-uk", "uk") == recruiting_uk
    product_uk.state, product_uk.published_at = LandingState.DRAFT, None
    product_uk.save(update_fields=["state", "published_at"])
    assert online.landing_for(partner.referral_code, "uk") == recruiting_uk


def test_a_slug_names_its_landing_or_the_same_purpose_in_the_visitors_language(
    partner, make_landing
):
    english = make_landing(partner, purpose=Purpose.EVENT, slug="anna-event")
    assert online.landing_for("anna-event", "ru") == english
    russian = make_landing(partner, purpose=Purpose.EVENT, language="ru")
    make_landing(partner, purpose=Purpose.RECRUITING, language="ru", slug="anna-ru")
    assert online.landing_for("ANNA-EVENT", "ru") == russian
    assert online.landing_for("anna-event", "en") == english


def test_the_codes_of_partners_without_a_landing_are_not_slugs(partner, make_landing, make_partner):
    other = make_partner(email="bob@example.com")
    make_landing(partner, slug=other.referral_code.lower())
    assert online.landing_for(other.referral_code, "en") is None
