"""Targeting: a partner's own ad pixels on their landing (IDs checked per platform, only
the platforms the company allows), loaded by the page only after the visitor's consent,
with the page's CSP opened for those hosts on that landing alone; a lead reported as a
conversion; UTM links per ad network and the landing's statistics by campaign."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from landing import statistics
from landing.models import Landing, LandingSettings, Lead
from network.models import ReferralVisit
from tests.landing.helpers import BASE, BROWSER, post

pytestmark = pytest.mark.django_db

META_ID, GOOGLE_ID, TIKTOK_ID, YANDEX_ID = (
    "123456789012345", "G-AB12CD34EF", "C4ABCDEF0123456789GH", "98765432")


def visit(address, client=None, **extra):
    return (client or Client()).get(f"/en/{address}/", HTTP_USER_AGENT=BROWSER, **extra)


def ad_config(html):
    found = re.search(r'<script id="landing-ads" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1)) if found else None


# --- the partner's ad accounts ---------------------------------------------------------------


def test_ids_are_checked_strictly_per_platform(anna, built, allowed):
    url = f"{BASE}{built.pk}/targeting/"
    response = post(anna, url, {"meta": "12345", "google": "UA-12345-1",
                                "tiktok": "short", "yandex": "0123"})
    assert response.status_code == 400
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert errors == {
        "meta": "This is not a Meta Pixel ID. It looks like 123456789012345.",
        "google": "This is not a Google tag ID. It looks like G-AB12CD34EF.",
        "tiktok": "This is not a TikTok Pixel ID. It looks like C4ABCDEF0123456789GH.",
        "yandex": "This is not a Yandex Metrica ID. It looks like 98765432.",
    }
    built.refresh_from_db()
    assert (built.meta_pixel_id, built.google_tag_id) == ("", "")  # nothing half-saved

    response = post(anna, url, {"meta": f" {META_ID} ", "google": GOOGLE_ID.lower(),
                                "tiktok": TIKTOK_ID.lower(), "yandex": YANDEX_ID})
    assert response.status_code == 200
    assert response.json()["pixels"] == {"meta": META_ID, "google": GOOGLE_ID,
                                         "tiktok": TIKTOK_ID, "yandex": YANDEX_ID}
    assert post(anna, url, {"meta": ""}).json()["pixels"]["meta"] == ""


def test_only_the_platforms_the_company_allows(anna, built):
    settings = LandingSettings.load()
    settings.allow_google_tag = True
    settings.save()
    response = post(anna, f"{BASE}{built.pk}/targeting/", {"meta": META_ID})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "meta", "message": "Your company does not allow Meta Pixel on landings."}]
    html = anna.get(f"{BASE}{built.pk}/").content.decode()
    assert 'name="google"' in html and 'name="meta"' not in html


def test_another_partner_cannot_set_ids(client, built, allowed, make_partner):
    other = make_partner(first_name="Boris", last_name="Other")
    client.force_login(other.user)
    assert post(client, f"{BASE}{built.pk}/targeting/", {"meta": META_ID}).status_code == 404
    built.refresh_from_db()
    assert built.meta_pixel_id == ""


# --- the page --------------------------------------------------------------------------------


def test_a_landing_without_pixels_asks_nothing_and_opens_nothing(landing, partner, allowed):
    response = visit(partner.referral_code)
    html = response.content.decode()
    assert 'id="ad-consent"' not in html and "landing-ads.js" not in html
    assert "facebook" not in response["Content-Security-Policy"]


def test_the_pixels_wait_for_consent_and_open_the_csp_of_their_landing_only(
    home, partner, make_landing, make_partner, allowed
):
    landing = make_landing(partner, meta_pixel_id=META_ID, yandex_metrica_id=YANDEX_ID)
    other = make_partner(first_name="Boris", last_name="Other")
    make_landing(other)
    for attempt in ("rendered", "from the cache"):
        response = visit(partner.referral_code)
        html = response.content.decode()
        policy = response["Content-Security-Policy"]
        assert "https://connect.facebook.net" in policy, attempt
        assert "https://mc.yandex.ru" in policy and "googletagmanager" not in policy
        # The banner is there, hidden until the page's script finds no choice made, and
        # no ad host is named by any tag: the script loads them after "Allow".
        assert re.search(r'<div class="ad-consent" id="ad-consent"[^>]* hidden>', html)
        assert "would like to measure their ads with Meta Pixel, Yandex Metrica" in html
        assert not re.search(r'(src|href)="https://(connect\.facebook|mc\.yandex)', html)
        assert ad_config(html) == {"landing": landing.pk, "conversion": None, "pixels": [
            {"platform": "meta", "id": META_ID, "name": "Meta Pixel",
             "events": {"lead": "Lead", "signup": "CompleteRegistration"}},
            {"platform": "yandex", "id": YANDEX_ID, "name": "Yandex Metrica",
             "events": {"lead": "lead", "signup": "signup"}},
        ]}
    others = visit(other.referral_code)
    assert "facebook" not in others["Content-Security-Policy"]
    assert 'id="ad-consent"' not in others.content.decode()


def test_changes_to_pixels_and_to_what_the_company_allows_show_at_once(
    home, partner, make_landing, allowed, anna
):
    landing = make_landing(partner, meta_pixel_id=META_ID)
    assert "connect.facebook.net" in visit(partner.referral_code)["Content-Security-Policy"]
    post(anna, f"{BASE}{landing.pk}/targeting/", {"meta": "", "google": GOOGLE_ID})
    response = visit(partner.referral_code)
    assert "connect.facebook.net" not in response["Content-Security-Policy"]
    assert "https://www.googletagmanager.com" in response["Content-Security-Policy"]

    allowed.allow_google_tag = False
    allowed.save()
    response = visit(partner.referral_code)
    assert "googletagmanager" not in response["Content-Security-Policy"]
    assert ad_config(response.content.decode()) is None


def test_a_new_lead_is_reported_as_a_conversion_once(home, partner, make_landing, allowed):
    make_landing(partner, meta_pixel_id=META_ID)
    client = Client(HTTP_USER_AGENT=BROWSER)
    data = {"name": "Olena", "email": "olena@example.com", "phone": "", "message": "",
            "consent": "on", "website": ""}
    sent = client.post(f"/en/{partner.referral_code}/", data)
    thank_you = client.get(sent["Location"].split("#")[0]).content.decode()
    assert ad_config(thank_you)["conversion"] == "lead"
    assert ad_config(visit(partner.referral_code, client).content.decode())["conversion"] is None
    again = client.post(f"/en/{partner.referral_code}/", data)
    known = client.get(again["Location"].split("#")[0]).content.decode()
    assert "We already have your message" in known
    assert ad_config(known)["conversion"] is None  # the same lead is not counted twice


def test_the_builder_preview_loads_no_pixels(anna, built, allowed):
    post(anna, f"{BASE}{built.pk}/targeting/", {"meta": META_ID})
    response = anna.get(f"{BASE}{built.pk}/preview/")
    assert "landing-ads.js" not in response.content.decode()
    assert "facebook" not in response["Content-Security-Policy"]


# --- links for ads and the statistics by campaign --------------------------------------------


def test_the_builder_gives_a_tagged_link_per_network(anna, built, partner, allowed):
    html = anna.get(f"{BASE}{built.pk}/").content.decode()
    base = f"http://testserver/en/{partner.referral_code}/"
    for source, medium in [("facebook", "paid_social"), ("instagram", "paid_social"),
                           ("google", "cpc"), ("yandex", "cpc"), ("tiktok", "paid_social"),
                           ("telegram", "social"), ("vk", "paid_social")]:
        link = (f"{base}?utm_source={source}&amp;utm_medium={medium}"
                f"&amp;utm_campaign=recruiting-en")
        assert f'data-utm-source="{source}">{link}</textarea>' in html, source
        assert f'data-copy-target="utm-link-{source}"' in html
    for name in ("Meta Pixel", "Google tag", "TikTok Pixel", "Yandex Metrica"):
        assert f">{name}</label>" in html


def test_statistics_by_campaign(landing, partner, make_partner):
    now = timezone.now()

    def visit_row(source, campaign, **fields):
        return ReferralVisit.objects.create(
            partner=partner, visitor_id=f"v{ReferralVisit.objects.count()}", visited_at=now,
            landing=landing.get_url(), utm_source=source, utm_campaign=campaign, **fields)

    for _ in range(3):
        visit_row("facebook", "spring")
    crediting = visit_row("instagram", "spring")
    visit_row("", "")
    newcomer = make_partner(first_name="Ivan", last_name="New", sponsor=partner)
    crediting.converted = newcomer
    crediting.save(update_fields=["converted"])
    Lead.objects.create(landing=landing, partner=partner, name="Olena", consent_text="ok",
                        utm_source="facebook", utm_campaign="spring")
    today = timezone.localdate()
    stats = statistics.landing_stats(landing, today - datetime.timedelta(days=1), today)
    rows = {(row["campaign"], row["source"]): row for row in stats["by_campaign"]}
    assert set(rows) == {("spring", "facebook"), ("spring", "instagram")}
    assert (rows["spring", "facebook"]["visits"], rows["spring", "facebook"]["leads"]) == (3, 1)
    assert rows["spring", "facebook"]["lead_conversion"] == round(1 / 3, 4)
    assert (rows["spring", "instagram"]["visits"], rows["spring", "instagram"]["signups"]) == (
        1, 1)

    partner_client = Client()
    partner_client.force_login(partner.user)
    html = partner_client.get(f"/en/cabinet/landings/{landing.pk}/stats/").content.decode()
    table = html[html.index('id="stats-by-campaign"'):]
    assert '<tr data-campaign="spring" data-source="facebook"><th scope="row">spring</th>' in table


def test_admin_clean_checks_the_ids(partner):
    landing = Landing(partner=partner, language="en", title="T", google_tag_id="g-ab12cd34ef",
                      tiktok_pixel_id="nope")
    with pytest.raises(Exception) as refused:
        landing.clean()
    assert "tiktok_pixel_id" in refused.value.message_dict
    assert landing.google_tag_id == "G-AB12CD34EF"


def test_a_signup_from_the_landing_is_reported_once_from_the_next_page(
    home, partner, make_landing, allowed
):
    from tests.network.helpers import sign_up

    landing = make_landing(partner, tiktok_pixel_id=TIKTOK_ID)
    visitor = Client(HTTP_USER_AGENT=BROWSER)
    visit(partner.referral_code, visitor)
    response = sign_up(visitor, sponsor_code=partner.referral_code)
    assert response.status_code == 302
    page = visitor.get(response["Location"]).content.decode()
    frame = re.search(r'<iframe class="ad-conversion-frame" src="([^"]+)"', page)
    assert frame and frame.group(1) == f"/en/{partner.referral_code}/?ad-conversion=signup"
    conversion = visitor.get(frame.group(1))
    assert conversion["X-Frame-Options"] == "SAMEORIGIN"
    assert "https://analytics.tiktok.com" in conversion["Content-Security-Policy"]
    html = conversion.content.decode()
    assert ad_config(html) == {"landing": landing.pk, "conversion": "signup", "pixels": [
        {"platform": "tiktok", "id": TIKTOK_ID, "name": "TikTok Pixel",
         "events": {"lead": "SubmitForm", "signup": "CompleteRegistration"}}]}
    assert 'id="ad-consent"' not in html  # it only acts on the consent given on the landing
    # Once: the frame is gone from the next page, and the address is the landing again.
    assert "ad-conversion-frame" not in visitor.get(response["Location"]).content.decode()
    again = visitor.get(frame.group(1)).content.decode()
    assert ad_config(again)["conversion"] is None and 'id="ad-consent"' in again


def test_a_signup_from_a_landing_without_pixels_reports_nothing(home, landing, partner,
                                                                allowed):
    from tests.network.helpers import sign_up

    visitor = Client(HTTP_USER_AGENT=BROWSER)
    visit(partner.referral_code, visitor)
    response = sign_up(visitor, sponsor_code=partner.referral_code)
    assert "ad-conversion-frame" not in visitor.get(response["Location"]).content.decode()


def test_the_consent_banner_is_translated(home, partner, make_landing, allowed, bracketed):
    make_landing(partner, google_tag_id=GOOGLE_ID)
    html = visit(partner.referral_code).content.decode()
    for text in ("[Cookies for advertising]", "[Allow]", "[Do not allow]",
                 "[Anna Leader would like to measure their ads with [Google tag]. These"):
        assert text in html, text


def test_the_demo_company_allows_every_platform_once(db):
    from demo import landings as demo
    from landing import targeting

    demo.allow_ad_platforms()
    assert targeting.allowed_keys() == ("meta", "google", "tiktok", "yandex")
    settings = LandingSettings.load()
    settings.allow_tiktok_pixel = False
    settings.save()
    demo.allow_ad_platforms()  # seeding again keeps what the company chose
    assert targeting.allowed_keys() == ("meta", "google", "yandex")


def test_pixels_add_no_query_to_a_fresh_render(home, partner, make_landing, make_partner,
                                               allowed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from landing import services

    other = make_partner(first_name="Boris", last_name="Other")
    plain = make_landing(other)
    with_pixels = make_landing(partner, meta_pixel_id=META_ID, google_tag_id=GOOGLE_ID)
    counts = []
    for landing in (plain, with_pixels):
        visit(landing.partner.referral_code)  # the site's own caches are warm, as in production
        services.publish(landing, landing.partner.user)  # a new version: rendered afresh
        with CaptureQueriesContext(connection) as queries:
            visit(landing.partner.referral_code)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_the_company_chooses_the_platforms_in_the_landing_settings(client, home):
    from tests.factories import UserFactory
    from tests.helpers import sign_in_to_admin

    sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/settings/landing/landingsettings/", follow=True)
    assert page.status_code == 200
    url = page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"]
    html = page.content.decode()
    assert "Ad platforms partners may use on their landings" in html
    for field in ("allow_meta_pixel", "allow_google_tag", "allow_tiktok_pixel",
                  "allow_yandex_metrica"):
        assert f'name="{field}"' in html
    response = client.post(url, {"publishing": "unless_flagged", "allow_meta_pixel": "on",
                                 "allow_yandex_metrica": "on"})
    assert response.status_code == 302
    settings = LandingSettings.load()
    assert (settings.allow_meta_pixel, settings.allow_google_tag, settings.allow_yandex_metrica) \
        == (True, False, True)


def test_without_confirmation_the_welcome_reports_the_signup(home, partner, make_landing,
                                                             allowed, settings):
    from tests.network.helpers import sign_up

    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    make_landing(partner, yandex_metrica_id=YANDEX_ID)
    visitor = Client(HTTP_USER_AGENT=BROWSER)
    visit(partner.referral_code, visitor)
    response = sign_up(visitor, sponsor_code=partner.referral_code)
    assert response["Location"] == "/en/cabinet/welcome/"
    page = visitor.get(response["Location"]).content.decode()
    assert (f'<iframe class="ad-conversion-frame" src="/en/{partner.referral_code}/'
            f'?ad-conversion=signup"') in page
    assert ad_config(visitor.get(f"/en/{partner.referral_code}/?ad-conversion=signup")
                     .content.decode())["conversion"] == "signup"
