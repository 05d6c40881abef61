"""Referral codes: generated ones are short and unambiguous, every code is
case-insensitive and URL-safe, and a partner may choose a vanity code once."""

from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError

from network import codes, services
from network.models import Partner
from network.services import NetworkError


def test_generated_codes_are_short_and_unambiguous():
    generated = {codes.generate_code() for _ in range(2000)}
    assert len(generated) > 1990
    for code in generated:
        assert len(code) == codes.GENERATED_LENGTH == 7
        assert set(code) <= set(codes.ALPHABET)
        assert not set(code) & set("ILOU")  # nothing reads as 1, 0 or V
        assert quote(code) == code


def test_normalize_ignores_case_and_surrounding_space():
    assert codes.normalize("  ab12-cd \n") == "AB12-CD"
    assert codes.normalize(None) == ""


@pytest.mark.parametrize("code", ["ANN", "ANNA-2026", "TEAM-ANNA-AND-BORIS", "A" * 20, "007"])
def test_good_vanity_codes(code):
    codes.validate_vanity_code(code)
    assert quote(code) == code


@pytest.mark.parametrize("code", [
    "AB", "A" * 21, "-ANNA", "ANNA-", "AN--NA", "ANNA BORIS", "ANNA_B", "ANNA/B", "ANNA.B",
    "ÄNNA", "АННА", "", "ANNA?", "%41NNA",
])
def test_bad_vanity_codes(code):
    with pytest.raises(ValidationError) as failure:
        codes.validate_vanity_code(code)
    assert failure.value.code == "invalid"


@pytest.mark.parametrize("code", ["ADMIN", "API", "CABINET", "ACCOUNTS", "STATIC", "MEDIA"])
def test_codes_that_would_shadow_a_page_are_reserved(code):
    with pytest.raises(ValidationError) as failure:
        codes.validate_vanity_code(code)
    assert failure.value.code == "reserved"


def test_every_partner_gets_a_unique_generated_code(make_partner, network_root):
    partners = [network_root] + [make_partner() for _ in range(5)]
    issued = [p.referral_code for p in partners]
    assert len(set(issued)) == len(issued)
    assert all(len(code) == 7 and set(code) <= set(codes.ALPHABET) for code in issued)
    assert not any(p.vanity_code_chosen for p in partners)


def test_a_code_already_issued_is_drawn_again(make_partner, network_root, monkeypatch):
    drawn = iter([network_root.referral_code, network_root.referral_code, "NEWC0DE"])
    monkeypatch.setattr(codes, "generate_code", lambda: next(drawn))
    partner = make_partner()
    assert partner.referral_code == "NEWC0DE"
    assert Partner.objects.get(pk=partner.pk).referral_code == "NEWC0DE"


def test_codes_are_found_in_any_letter_case(make_partner):
    partner = make_partner()
    code = partner.referral_code
    assert services.find_by_code(code) == partner
    assert services.find_by_code(code.lower()) == partner
    assert services.find_by_code(f"  {code.lower()} ") == partner
    assert services.find_by_code("NOSUCH1") is None
    assert services.find_by_code("") is None and services.find_by_code(None) is None


def test_a_vanity_code_is_chosen_once(make_partner):
    partner = make_partner()
    services.choose_vanity_code(partner, " anna-2026 ")
    partner.refresh_from_db()
    assert partner.referral_code == "ANNA-2026" and partner.vanity_code_chosen
    assert services.find_by_code("Anna-2026") == partner

    with pytest.raises(NetworkError) as failure:
        services.choose_vanity_code(partner, "ANNA-2027")
    assert failure.value.code == "already_chosen"
    # A stale copy that still thinks no code was chosen is refused by the database write.
    stale = Partner.objects.get(pk=partner.pk)
    stale.vanity_code_chosen = False
    with pytest.raises(NetworkError) as failure:
        services.choose_vanity_code(stale, "ANNA-2027")
    assert failure.value.code == "already_chosen"
    assert Partner.objects.get(pk=partner.pk).referral_code == "ANNA-2026"


def test_a_vanity_code_is_unique_whatever_the_case(make_partner):
    anna, other = make_partner(), make_partner()
    services.choose_vanity_code(anna, "ANNA")
    with pytest.raises(NetworkError) as failure:
        services.choose_vanity_code(other, "anna")
    assert failure.value.code == "taken"
    other.refresh_from_db()
    assert not other.vanity_code_chosen and other.referral_code != "ANNA"
    # Another partner's generated code is taken too.
    third = make_partner()
    with pytest.raises(NetworkError) as failure:
        services.choose_vanity_code(other, third.referral_code.lower())
    assert failure.value.code == "taken"


def test_an_invalid_or_reserved_vanity_code_changes_nothing(make_partner):
    partner = make_partner()
    code = partner.referral_code
    for bad in ["no", "admin", "two--hyphens"]:
        with pytest.raises(ValidationError):
            services.choose_vanity_code(partner, bad)
    partner.refresh_from_db()
    assert partner.referral_code == code and not partner.vanity_code_chosen
