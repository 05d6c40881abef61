"""The landing builder end to end in real headless Chromium: a partner builds a landing
from a company template, changes the headline and photo, and publishes; a visitor in a
fresh browser opens it, leaves a lead and signs up; the partner finds the lead and the
new partner in their cabinet."""

import io
import re

import pytest
from PIL import Image

from landing.models import Landing, LandingState, LandingTemplate, Lead
from network.models import Partner
from tests.e2e.helpers import sign_in, sign_up_and_confirm
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEGAL = "<p>Results vary from person to person.</p>"


@pytest.fixture
def template(site_url):
    return LandingTemplate.objects.create(
        name="Join my team", purpose="recruiting", language="en",
        body=[
            {"id": "hero", "type": "hero", "value": {
                "headline": "A headline from the company", "subline": "Join us",
                "image": None, "cta_label": "Talk to me", "cta_url": "#lead-form"}},
            {"id": "legal", "type": "rich_text", "value": LEGAL},
            {"id": "form", "type": "lead_form", "value": {
                "heading": "Leave your details", "intro": "",
                "consent_text": "I agree that Marta may contact me.", "button_label": "Send"}},
            {"id": "join", "type": "signup_cta", "value": {
                "heading": "Ready?", "text": "", "button_label": "Sign up with me"}},
        ],
        rules={"blocks": {"hero": "editable", "legal": "locked", "form": "editable",
                          "join": "removable"},
               "addable": ["faq"]},
    )


def photo_file(tmp_path):
    path = tmp_path / "me.png"
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (200, 80, 40)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_partner_builds_a_landing_and_a_visitor_becomes_a_lead_and_a_partner(
    browser, site_url, sponsor, template, tmp_path
):
    partner_page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    partner_page.set_default_timeout(20_000)
    sign_in(partner_page, site_url, "marta@example.com", PASSWORD)

    # Start from the company's template.
    partner_page.goto(f"{site_url}/en/cabinet/landings/")
    partner_page.check("input[name=template]")
    partner_page.click("text=Start from this template")
    partner_page.wait_for_url(re.compile(r"/en/cabinet/landings/\d+/$"))
    partner_page.locator("#builder[data-ready=true]").wait_for()
    landing = Landing.objects.get(partner=sponsor)

    # The legal note is the company's: shown, but with no form to change it.
    legal = partner_page.locator("[data-block-id=legal]")
    assert "Set by the company" in legal.inner_text()
    assert legal.locator("input, textarea, [contenteditable]").count() == 0

    # Change the headline: it is saved as typed and the preview shows it.
    hero = partner_page.locator("[data-block-id=hero]")
    headline = hero.locator("input[type=text]").first
    headline.fill("Healthy food, a friendly team")
    partner_page.locator("#builder-status", has_text="Saved at").wait_for()
    partner_page.frame_locator("#preview").locator(
        "h1", has_text="Healthy food, a friendly team").wait_for()

    # A picture over the limit is refused in the browser, before anything is sent.
    sent = []
    partner_page.on("request", lambda request: sent.append(request.url)
                    if request.url.endswith("/photos/") else None)
    hero.locator("input[type=file]").set_input_files(
        {"name": "huge.png", "mimeType": "image/png", "buffer": b"\x89PNG" + b"\0" * 6_000_000})
    hero.locator(".field-errors", has_text="The file is too large: at most 5.0").wait_for()
    assert sent == [] and hero.locator(".image-thumb img").count() == 0

    # Upload a photo for the hero.
    hero.locator("input[type=file]").set_input_files(str(photo_file(tmp_path)))
    hero.locator(".image-thumb img").wait_for()
    partner_page.locator("#builder-status", has_text="Saved at").wait_for()
    partner_page.frame_locator("#preview").locator(".landing-hero img").wait_for()

    # The phone preview is a phone's width.
    preview_width = "document.querySelector('#preview').getBoundingClientRect().width"
    assert partner_page.evaluate(preview_width) > 600  # the desktop page, scaled down
    partner_page.click("button[data-device=phone]")
    # after the frame's transition (a function, not a string: the page's CSP forbids eval)
    partner_page.wait_for_function(f"() => {preview_width} <= 390")
    assert partner_page.evaluate(preview_width) >= 300

    # Publish: the page is online at once (nothing forbidden in it).
    partner_page.click("#publish")
    partner_page.locator("#publish-result", has_text="Published").wait_for()
    landing.refresh_from_db()
    assert landing.state == LandingState.PUBLISHED
    assert landing.body[0].value["headline"] == "Healthy food, a friendly team"
    assert landing.body[0].value["image"] is not None

    # A visitor in a fresh browser opens the landing and leaves a lead.
    visitor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    visitor.set_default_timeout(20_000)
    visitor.goto(f"{site_url}/en/{sponsor.referral_code}/?utm_source=telegram")
    assert visitor.locator("h1").inner_text() == "Healthy food, a friendly team"
    assert visitor.locator(".landing-hero img").count() == 1
    visitor.fill("#lead-form input[name=name]", "Olena Newcomer")
    visitor.fill("#lead-form input[name=email]", "olena@example.com")
    visitor.check("#lead-form input[name=consent]")
    visitor.click("#lead-form button[type=submit]")
    visitor.locator("text=will contact you soon").wait_for()
    lead = Lead.objects.get(partner=sponsor)
    assert lead.name == "Olena Newcomer" and lead.utm_source == "telegram"

    # Then signs up from the landing's call to action, with Marta as sponsor.
    visitor.click("text=Sign up with me")
    visitor.wait_for_url(re.compile(r"/en/accounts/signup/"))
    assert "Marta Sponsor" in visitor.locator(".signup-sponsor").inner_text()
    sign_up_and_confirm(visitor, "Olena", "Newcomer", "olena@example.com")
    newcomer = Partner.objects.get(user__email="olena@example.com")
    assert newcomer.sponsor_id == sponsor.pk

    # Marta sees the lead, now converted into the new partner, and the partner in her tree.
    partner_page.goto(f"{site_url}/en/cabinet/leads/")
    row = partner_page.locator("tr", has_text="Olena Newcomer")
    row.wait_for()
    assert "Converted" in row.inner_text()
    partner_page.goto(f"{site_url}/en/cabinet/team/")
    partner_page.locator(".gcard", has_text="Olena Newcomer").wait_for()

    visitor.context.close()
    partner_page.context.close()
