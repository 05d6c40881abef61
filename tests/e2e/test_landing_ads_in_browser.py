"""A partner's ad pixels on their landing, in real headless Chromium: before the visitor
agrees, the page makes no request to any host but the site's own; after "Allow" it loads
the pixels from their platforms (stubbed here) within the page's CSP, and a lead sent from
the form, and then their sign-up, are reported to them; "Do not allow" keeps them out for
good. The thank-you shows where the form was, without scrolling."""

import os
import pathlib
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from landing.models import Landing, LandingSettings, LandingState, Lead, Purpose
from tests.e2e.helpers import NEWCOMER_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

META_ID, GOOGLE_ID = "123456789012345", "G-AB12CD34EF"
SCREENSHOTS = pathlib.Path(os.environ.get("E2E_SCREENSHOTS", "test-artifacts/screenshots"))


@pytest.fixture
def landing_with_pixels(sponsor):
    settings = LandingSettings.load()
    settings.allow_meta_pixel = settings.allow_google_tag = True
    settings.save()
    return Landing.objects.create(
        partner=sponsor, language="en", purpose=Purpose.RECRUITING, title="Meet my team",
        state=LandingState.PUBLISHED, published_at=timezone.now(),
        meta_pixel_id=META_ID, google_tag_id=GOOGLE_ID,
        body=[
            {"type": "hero", "value": {"headline": "Work with me", "subline": "A friendly team",
                                       "cta_label": "Talk to me", "cta_url": "#lead-form"}},
            {"type": "rich_text", "value": "<p>" + "We grow together. " * 80 + "</p>"},
            {"type": "lead_form", "value": {
                "heading": "Leave your details", "intro": "",
                "consent_text": "I agree that Marta may contact me.", "button_label": "Send"}},
            {"type": "signup_cta", "value": {
                "heading": "Ready?", "text": "", "button_label": "Sign up with me"}},
        ],
    )


def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(20_000)
    outside = []

    def route(route):
        host = urlsplit(route.request.url).hostname
        if host in ("localhost", "127.0.0.1"):
            route.continue_()
            return
        outside.append(route.request.url)  # stubbed: nothing leaves the machine
        route.fulfill(status=200, content_type="application/javascript", body="/* stub */")

    context.route("**/*", route)
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    return page, outside, refused


def test_pixels_load_only_after_consent_and_a_lead_is_their_conversion(
    browser, site_url, landing_with_pixels
):
    page, outside, refused = phone(browser)
    address = f"{site_url}/en/{landing_with_pixels.partner.referral_code}/?utm_campaign=spring"
    page.goto(address)
    page.wait_for_load_state("networkidle")
    banner = page.locator("#ad-consent")
    assert banner.is_visible()
    assert "Meta Pixel, Google tag" in banner.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "landing-ad-consent-390.png"))
    assert outside == []  # no request to any ad host (or any other) before consent
    assert page.evaluate("() => typeof window.fbq") == "undefined"

    page.get_by_role("button", name="Allow", exact=True).click()
    page.wait_for_function("() => window.fbq && window.gtag")
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).hostname for url in outside}
    assert hosts == {"connect.facebook.net", "www.googletagmanager.com"}
    assert any(f"gtag/js?id={GOOGLE_ID}" in url for url in outside)
    assert not banner.is_visible()

    # The visitor leaves a lead: the thank-you is where the form was, in view, and the
    # pixels hear of it as their standard conversion events.
    page.fill("#lead-form input[name=name]", "Olena")
    page.fill("#lead-form input[name=email]", "olena@example.com")
    page.check("#lead-form input[name=consent]")
    page.click("#lead-form button[type=submit]")
    result = page.locator("#lead-result")
    result.wait_for()
    assert "will contact you soon" in result.inner_text()
    page.wait_for_load_state("load")  # pictures above it loaded: it must still be in view
    box = result.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 844
    assert page.locator("#lead-form form").count() == 0
    page.wait_for_function("() => window.fbq && window.fbq.queue")
    tracked = page.evaluate(
        "() => window.fbq.queue.map((call) => Array.from(call).slice(0, 2).join(':'))")
    assert f"init:{META_ID}" in tracked and "track:Lead" in tracked
    events = page.evaluate(
        "() => window.dataLayer.map((call) => Array.from(call).slice(0, 2).join(':'))")
    assert "event:generate_lead" in events
    assert not page.locator("#ad-consent").is_visible()  # the choice is remembered
    page.screenshot(path=str(SCREENSHOTS / "landing-lead-sent-390.png"))
    assert Lead.objects.get().utm_campaign == "spring"

    # Then they sign up: the next page reports it to the pixels, in a frame of the landing.
    page.click("text=Sign up with me")
    page.wait_for_url(re.compile(r"/en/accounts/signup/"))
    page.fill("input[name=first_name]", "Olena")
    page.fill("input[name=last_name]", "Newcomer")
    page.fill("input[name=email]", "olena@example.com")
    page.fill("input[name=password1]", NEWCOMER_PASSWORD)
    page.fill("input[name=password2]", NEWCOMER_PASSWORD)
    page.click("form.signup-form button[type=submit]")
    page.wait_for_url(re.compile(r"/en/accounts/confirm-email/$"))
    page.wait_for_load_state("networkidle")
    frame = next(frame for frame in page.frames if "ad-conversion=signup" in frame.url)
    frame.wait_for_function("() => window.fbq && window.fbq.queue")
    tracked = frame.evaluate(
        "() => window.fbq.queue.map((call) => Array.from(call).slice(0, 2).join(':'))")
    assert "track:CompleteRegistration" in tracked and "track:Lead" not in tracked
    events = frame.evaluate(
        "() => window.dataLayer.map((call) => Array.from(call).slice(0, 2).join(':'))")
    assert "event:sign_up" in events
    assert refused == []


def test_do_not_allow_keeps_every_ad_host_out(browser, site_url, landing_with_pixels):
    page, outside, refused = phone(browser)
    page.goto(f"{site_url}/en/{landing_with_pixels.partner.referral_code}/")
    page.get_by_role("button", name="Do not allow").click()
    assert not page.locator("#ad-consent").is_visible()
    page.reload()
    page.wait_for_load_state("networkidle")
    assert not page.locator("#ad-consent").is_visible()
    assert outside == [] and refused == []
    # The choice can be changed from the foot of the page.
    page.click("#ad-consent-open")
    assert page.locator("#ad-consent").is_visible()
