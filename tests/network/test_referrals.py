"""Referral links: visits recorded server-side, the signed sponsor cookie and its window,
first- and last-touch attribution, safe redirects."""

from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from network import referrals
from network.models import AttributionModel, PartnerStatus, ReferralVisit
from tests.factories import PASSWORD
from tests.network.helpers import follow, sponsor_of

pytestmark = pytest.mark.django_db

def crafted_cookie(partner, touched_at):
    """A correctly signed cookie value whose touch happened at `touched_at`."""
    response = HttpResponse()
    response.set_signed_cookie(
        referrals.SPONSOR_COOKIE,
        f"{partner.pk}:{partner.referral_code}:{int(touched_at.timestamp())}",
        salt=referrals.SPONSOR_SALT,
    )
    return response.cookies[referrals.SPONSOR_COOKIE].value


def shift_clock(monkeypatch, delta):
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + delta)


def test_visit_is_recorded_with_utm_referrer_and_landing(client, make_partner):
    partner = make_partner()
    response = follow(
        client, partner,
        "utm_source=telegram&utm_medium=chat&utm_campaign=spring&utm_content=card&utm_term=tea",
        language="ru", HTTP_REFERER="https://t.me/some_channel",
    )

    assert response.status_code == 302
    assert response["Location"] == "/ru/"
    visit = ReferralVisit.objects.get(partner=partner)
    assert (visit.utm_source, visit.utm_medium, visit.utm_campaign) == (
        "telegram", "chat", "spring"
    )
    assert (visit.utm_content, visit.utm_term) == ("card", "tea")
    assert visit.referrer == "https://t.me/some_channel"
    assert visit.landing == f"/ru/r/{partner.referral_code}/"
    assert visit.visitor_id == response.cookies[referrals.VISITOR_COOKIE].value
    assert len(visit.visitor_id) == 32


def test_long_utm_values_are_cut_to_fit(client, make_partner):
    partner = make_partner()
    follow(
        client, partner, "utm_source=" + "x" * 300, HTTP_REFERER="https://a.example/" + "y" * 900
    )
    visit = ReferralVisit.objects.get(partner=partner)
    assert visit.utm_source == "x" * 100
    assert len(visit.referrer) == 500


def test_sponsor_cookie_is_signed_httponly_lax_and_lasts_the_window(
    client, make_partner, network_settings
):
    network_settings.attribution_window_days = 14
    network_settings.save()
    partner = make_partner()

    cookie = follow(client, partner).cookies[referrals.SPONSOR_COOKIE]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]
    assert cookie["max-age"] == 14 * 24 * 3600
    assert partner.referral_code in cookie.value and cookie.value.count(":") >= 3
    assert sponsor_of(client) == partner


def test_cookie_is_secure_on_https(client, make_partner):
    partner = make_partner()
    response = follow(client, partner, secure=True)
    assert response.cookies[referrals.SPONSOR_COOKIE]["secure"] is True
    assert response.cookies[referrals.VISITOR_COOKIE]["secure"] is True


def test_code_is_case_insensitive(client, make_partner):
    partner = make_partner()
    response = follow(client, partner, code=partner.referral_code.lower())
    assert response.status_code == 302
    assert ReferralVisit.objects.filter(partner=partner).count() == 1
    assert sponsor_of(client) == partner


def test_unknown_or_terminated_code_is_the_friendly_404(client, make_partner):
    partner = make_partner()
    response = follow(client, partner, code="NOSUCH1")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()

    partner.status = PartnerStatus.TERMINATED
    partner.save()
    response = follow(client, partner)
    assert response.status_code == 404
    assert referrals.SPONSOR_COOKIE not in response.cookies
    assert not ReferralVisit.objects.exists()


def test_tampered_cookie_is_ignored(client, make_partner):
    partner, other = make_partner(), make_partner()
    follow(client, partner)
    value = client.cookies[referrals.SPONSOR_COOKIE].value
    client.cookies[referrals.SPONSOR_COOKIE] = value.replace(f"{partner.pk}:", f"{other.pk}:", 1)
    assert sponsor_of(client) is None


def test_window_expiry_is_enforced_server_side(client, make_partner, network_settings, monkeypatch):
    network_settings.attribution_window_days = 30
    network_settings.save()
    partner = make_partner()
    follow(client, partner)

    shift_clock(monkeypatch, timedelta(days=29))
    assert sponsor_of(client) == partner
    shift_clock(monkeypatch, timedelta(days=2))  # 31 days after the touch
    assert sponsor_of(client) is None


def test_a_kept_cookie_with_an_old_touch_does_not_count(client, make_partner):
    """A browser that ignores max-age still loses the attribution after the window."""
    partner = make_partner()
    client.cookies[referrals.SPONSOR_COOKIE] = crafted_cookie(
        partner, timezone.now() - timedelta(days=31)
    )
    assert sponsor_of(client) is None
    client.cookies[referrals.SPONSOR_COOKIE] = crafted_cookie(
        partner, timezone.now() - timedelta(days=29)
    )
    assert sponsor_of(client) == partner


def test_first_touch_keeps_the_first_partner(client, make_partner, network_settings):
    network_settings.attribution_model = AttributionModel.FIRST_TOUCH
    network_settings.save()
    first, second = make_partner(), make_partner()

    follow(client, first)
    response = follow(client, second)

    assert referrals.SPONSOR_COOKIE not in response.cookies
    assert sponsor_of(client) == first
    # Both visits still count for each partner's statistics.
    assert ReferralVisit.objects.filter(partner=second).count() == 1


def test_first_touch_gives_way_once_the_window_has_passed(
    client, make_partner, network_settings
):
    network_settings.attribution_model = AttributionModel.FIRST_TOUCH
    network_settings.save()
    first, second = make_partner(), make_partner()
    client.cookies[referrals.SPONSOR_COOKIE] = crafted_cookie(
        first, timezone.now() - timedelta(days=40)
    )
    follow(client, second)
    assert sponsor_of(client) == second


def test_last_touch_takes_the_credit(client, make_partner, network_settings):
    network_settings.attribution_model = AttributionModel.LAST_TOUCH
    network_settings.save()
    first, second = make_partner(), make_partner()

    follow(client, first)
    follow(client, second)

    assert sponsor_of(client) == second


def test_cookie_for_a_partner_terminated_since_is_ignored(client, make_partner):
    partner = make_partner()
    follow(client, partner)
    partner.status = PartnerStatus.TERMINATED
    partner.save()
    assert sponsor_of(client) is None


def test_reloads_count_once_per_half_hour_but_keep_the_cookie(client, make_partner, monkeypatch):
    partner = make_partner()
    follow(client, partner)
    again = follow(client, partner)
    assert ReferralVisit.objects.filter(partner=partner).count() == 1
    assert referrals.VISITOR_COOKIE in again.cookies

    shift_clock(monkeypatch, timedelta(minutes=31))
    follow(client, partner)
    assert ReferralVisit.objects.filter(partner=partner).count() == 2


def test_crawlers_and_head_requests_are_not_visits(client, make_partner):
    partner = make_partner()
    response = follow(
        client, partner, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)"
    )
    assert response.status_code == 302
    assert client.head(f"/en/r/{partner.referral_code}/").status_code == 302
    assert not ReferralVisit.objects.exists()


def test_a_partner_following_their_own_link_is_not_counted(client, make_partner):
    partner = make_partner()
    client.login(email=partner.user.email, password=PASSWORD)
    response = follow(client, partner)
    assert response.status_code == 302
    assert referrals.SPONSOR_COOKIE not in response.cookies
    assert not ReferralVisit.objects.exists()


@pytest.mark.parametrize("target", [
    "https://evil.example/steal", "//evil.example/", "http://evil.example", "/\\evil.example",
    "javascript:alert(1)",
])
def test_next_to_another_site_is_refused(client, make_partner, target):
    partner = make_partner()
    response = client.get(f"/uk/r/{partner.referral_code}/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/uk/"


def test_next_on_this_site_is_followed(client, make_partner):
    partner = make_partner()
    response = client.get(f"/en/r/{partner.referral_code}/", {"next": "/en/accounts/signup/"})
    assert response["Location"] == "/en/accounts/signup/"


def test_conversion_marks_the_visitors_latest_visit(client, make_partner, monkeypatch):
    sponsor = make_partner()
    follow(client, sponsor, "utm_source=first")
    shift_clock(monkeypatch, timedelta(hours=2))
    follow(client, sponsor, "utm_source=second")
    newcomer = make_partner(sponsor=sponsor)

    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    visit = referrals.mark_converted(request, sponsor, newcomer)

    assert visit.utm_source == "second"
    assert list(
        ReferralVisit.objects.filter(converted=newcomer).values_list("utm_source", flat=True)
    ) == ["second"]
