"""Landings: one per partner, purpose and language; their own addresses follow the
vanity-code rules and cannot shadow a page or another partner's code."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from landing.models import Landing, Purpose

pytestmark = pytest.mark.django_db


def test_one_landing_per_partner_purpose_and_language(partner, make_landing):
    make_landing(partner, language="en")
    make_landing(partner, language="ru")
    make_landing(partner, language="en", purpose=Purpose.EVENT, slug="anna-event")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_landing(partner, language="en", slug="anna-again")


def test_one_landing_per_language_answers_to_the_code(partner, make_landing):
    """Rough edge: a second landing in a language shared the code and was unreachable."""
    make_landing(partner, language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_landing(partner, language="en", purpose=Purpose.EVENT)


@pytest.mark.parametrize("slug", ["anna", "anna-team-2026", "a1b", "x" * 40])
def test_good_addresses(partner, slug):
    Landing(partner=partner, language="en", title="T", slug=slug).full_clean()


@pytest.mark.parametrize("slug", [
    "ab", "Anna", "anna--team", "-anna", "anna-", "anna team", "анна", "x" * 41, "about",
    "admin", "cabinet", "r", "search", "anna/../admin",
])
def test_bad_or_reserved_addresses_are_refused(partner, slug):
    with pytest.raises(ValidationError) as error:
        Landing(partner=partner, language="en", title="T", slug=slug).full_clean()
    assert "slug" in error.value.message_dict


def test_an_address_that_is_someones_referral_code_is_refused(partner, make_partner):
    other = make_partner()
    with pytest.raises(ValidationError) as error:
        Landing(partner=partner, language="en", title="T",
                slug=other.referral_code.lower()).full_clean()
    assert error.value.message_dict["slug"] == ["This address is taken; choose another."]


def test_addresses_are_unique(partner, make_partner, make_landing):
    make_landing(partner, slug="anna-team")
    with pytest.raises(ValidationError):
        Landing(partner=make_partner(), language="en", title="T", slug="anna-team").full_clean()


def test_the_address_is_the_slug_or_the_code(partner, make_landing):
    landing = make_landing(partner, language="ru")
    assert landing.get_url() == f"/ru/{partner.referral_code}/"
    landing.slug = "anna-ru"
    assert landing.get_url() == "/ru/anna-ru/"
