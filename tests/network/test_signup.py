"""Sign-up through allauth: the new account becomes a partner under the right sponsor,
placed by the policy in the same transaction, with bursts held for review."""

import re

import pytest
from django.core import mail

from accounts.models import User
from network import placement, referrals
from network.models import (
    NoSponsorRule,
    Partner,
    PartnerStatus,
    PlacementPolicy,
    ReferralVisit,
    SignupAttempt,
    SignupReview,
)
from tests.network.helpers import DEVICE, PASSWORD, SIGNUP, follow, sign_up

pytestmark = pytest.mark.django_db

def partner_of(email):
    return Partner.objects.select_related("sponsor").get(user__email=email)


def test_signup_page_names_the_sponsor_from_the_referral_link(client, make_partner):
    sponsor = make_partner(first_name="Marta", last_name="Sponsor")
    follow(client, sponsor, language="ru")

    page = client.get("/ru/accounts/signup/").content.decode()

    assert "Marta Sponsor" in page
    assert f'value="{sponsor.referral_code}"' in page
    assert 'name="device"' in page
    assert "/static/js/signup.js" in page


def test_signup_page_without_a_link_names_nobody(client, network_root):
    page = client.get(SIGNUP).content.decode()
    assert "Your sponsor" not in page
    assert 'name="sponsor_code"' in page


def test_signup_after_a_link_joins_the_sponsors_team_and_is_placed(
    client, make_partner, set_policy
):
    set_policy(PlacementPolicy.EXTREME_LEFT)
    sponsor = make_partner()
    follow(client, sponsor, "utm_source=instagram")

    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    partner = partner_of("newcomer@example.com")
    assert partner.sponsor == sponsor
    assert (partner.placement_parent_id, partner.placement_leg) == (sponsor.pk, "L")
    assert not partner.held_for_review
    assert partner.user.get_full_name() == "Olena Kovalenko"
    assert partner.name == "Olena Kovalenko"
    visit = ReferralVisit.objects.get(partner=sponsor)
    assert visit.converted == partner
    attempt = SignupAttempt.objects.get()
    assert (attempt.ip_address, attempt.device) == ("127.0.0.1", DEVICE)


def test_confirming_the_email_signs_the_new_partner_in(client, make_partner):
    sponsor = make_partner()
    follow(client, sponsor)
    sign_up(client)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/en/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    client.post(link.group(1))

    summary = client.get("/en/accounts/email/")
    assert summary.status_code == 200
    assert summary.wsgi_request.user.email == "newcomer@example.com"
    assert summary.wsgi_request.user.partner.sponsor == sponsor


def test_explicit_code_wins_over_the_cookie(client, make_partner):
    remembered, typed = make_partner(), make_partner()
    follow(client, remembered)

    sign_up(client, sponsor_code=typed.referral_code.lower())

    assert partner_of("newcomer@example.com").sponsor == typed
    assert not ReferralVisit.objects.filter(converted__isnull=False).exists()


def test_unknown_explicit_code_is_a_field_error_and_creates_nothing(client, make_partner):
    follow(client, make_partner())

    response = sign_up(client, sponsor_code="NOPE123")

    assert response.status_code == 200
    assert "No partner has the referral code “NOPE123”" in response.content.decode()
    assert "sponsor_code" in response.context["form"].errors
    assert not User.objects.filter(email="newcomer@example.com").exists()


def test_terminated_explicit_code_is_refused(client, make_partner):
    sponsor = make_partner()
    Partner.objects.filter(pk=sponsor.pk).update(status=PartnerStatus.TERMINATED)

    response = sign_up(client, sponsor_code=sponsor.referral_code)

    assert "This referral code is no longer valid." in response.content.decode()
    assert not User.objects.filter(email="newcomer@example.com").exists()


def test_without_any_sponsor_the_default_sponsor_is_used(
    client, network_root, make_partner, network_settings
):
    sign_up(client, email="first@example.com")
    assert partner_of("first@example.com").sponsor == network_root

    chosen = make_partner()
    network_settings.default_sponsor = chosen
    network_settings.save()
    sign_up(client, email="second@example.com")
    assert partner_of("second@example.com").sponsor == chosen


def test_the_default_sponsor_is_not_named_on_the_page(client, network_root):
    response = sign_up(client, password2="not-the-same-password")
    assert response.status_code == 200
    assert response.context["form"].sponsor == network_root
    assert "Your sponsor" not in response.content.decode()


def test_a_typed_code_names_the_sponsor_when_the_page_comes_back(client, make_partner):
    sponsor = make_partner(first_name="Marta", last_name="Sponsor")
    response = sign_up(client, sponsor_code=sponsor.referral_code, password2="different-one")
    assert response.status_code == 200
    assert "Marta Sponsor" in response.content.decode()


def test_without_any_sponsor_refusal_creates_nothing(client, network_root, network_settings):
    network_settings.no_sponsor_rule = NoSponsorRule.REFUSE
    network_settings.save()

    response = sign_up(client)

    assert response.status_code == 200
    assert "Joining needs a sponsor" in response.content.decode()
    assert not User.objects.filter(email="newcomer@example.com").exists()
    assert Partner.objects.count() == 1
    assert not mail.outbox


def test_a_partner_cannot_sign_up_under_their_own_code(client, make_partner):
    sponsor = make_partner(email="owner@example.com")
    follow(client, sponsor)

    sign_up(client, email="Owner@Example.com", sponsor_code=sponsor.referral_code)

    assert User.objects.filter(email__iexact="owner@example.com").count() == 1
    assert not sponsor.sponsored.exists()
    assert not SignupAttempt.objects.exists()


def test_a_failed_placement_leaves_no_account_behind(client, make_partner, monkeypatch):
    sponsor = make_partner()

    def busy(partner, settings=None):
        raise placement.PlacementError("The placement tree is too busy; please try again.")

    monkeypatch.setattr(placement, "place", busy)
    response = sign_up(client, sponsor_code=sponsor.referral_code)

    assert response.status_code == 200
    assert "The placement tree is too busy" in response.content.decode()
    assert not User.objects.filter(email="newcomer@example.com").exists()
    assert not Partner.objects.filter(sponsor=sponsor).exists()
    assert not SignupAttempt.objects.exists()
    assert not mail.outbox


def test_holding_tank_policy_leaves_the_newcomer_waiting(client, make_partner, set_policy):
    set_policy(PlacementPolicy.HOLDING_TANK, holding_tank_days=5)
    sponsor = make_partner()
    sign_up(client, sponsor_code=sponsor.referral_code)
    partner = partner_of("newcomer@example.com")
    assert partner.in_holding_tank
    assert partner.sponsor == sponsor


def test_a_burst_from_one_ip_is_held_for_review(client, make_partner, network_settings):
    network_settings.signup_burst_limit = 2
    network_settings.save()
    sponsor = make_partner()

    for number in range(2):
        sign_up(client, email=f"ok{number}@example.com", sponsor_code=sponsor.referral_code,
                device=f"{number:02d}" * 32)
        client.logout()
    response = sign_up(client, email="third@example.com", sponsor_code=sponsor.referral_code,
                       device="cd" * 32)

    assert response.status_code == 302
    assert not partner_of("ok1@example.com").held_for_review
    held = partner_of("third@example.com")
    assert held.held_for_review and not held.is_placed
    review = SignupReview.objects.get(partner=held)
    assert review.state == SignupReview.State.PENDING
    assert "127.0.0.1" in review.reason
    assert (review.ip_address, review.device) == ("127.0.0.1", "cd" * 32)
    page = client.get(response["Location"]).content.decode()
    assert "Your registration is being reviewed" in page


def test_a_burst_from_one_device_is_held_for_review(client, make_partner, network_settings):
    network_settings.signup_burst_limit = 1
    network_settings.save()
    sponsor = make_partner()

    sign_up(client, email="a@example.com", sponsor_code=sponsor.referral_code,
            extra={"REMOTE_ADDR": "10.0.0.1"})
    client.logout()
    client.post(SIGNUP, {
        "email": "b@example.com", "password1": PASSWORD, "password2": PASSWORD,
        "sponsor_code": sponsor.referral_code, "device": DEVICE,
    }, REMOTE_ADDR="10.0.0.2")

    assert not partner_of("a@example.com").held_for_review
    held = partner_of("b@example.com")
    assert held.held_for_review
    assert held.review.reason == "Many sign-ups from one device"


def test_a_garbage_device_value_is_not_stored(client, network_root):
    sign_up(client, device="<script>alert(1)</script>")
    assert SignupAttempt.objects.get().device == ""


def test_signup_page_renders_in_every_language(client, make_partner):
    sponsor = make_partner(first_name="Marta", last_name="Sponsor")
    for language in ("en", "ru", "uk"):
        follow(client, sponsor, language=language)
        response = client.get(f"/{language}/accounts/signup/")
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()
        assert "Marta Sponsor" in response.content.decode()


def test_visitor_cookie_not_needed_to_sign_up(client, make_partner):
    """A sign-up without any referral cookies converts no visit and still succeeds."""
    sponsor = make_partner()
    client.cookies.pop(referrals.VISITOR_COOKIE, None)
    response = sign_up(client, sponsor_code=sponsor.referral_code)
    assert response.status_code == 302
    assert partner_of("newcomer@example.com").sponsor == sponsor
