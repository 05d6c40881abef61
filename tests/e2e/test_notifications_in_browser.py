"""Reaching partners in real headless Chromium: a sponsor is signed in while a newcomer signs
up through their link, and the bell in the sponsor's cabinet shows the new notification
without a reload; then the sponsor answers a company webinar and downloads its .ics."""

import re
from pathlib import Path

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect
from wagtail.models import Site

from events.models import EventPage, Rsvp
from network.models import Partner
from notifications.models import Notification
from tests.e2e.helpers import NEWCOMER_PASSWORD, sign_in
from tests.events.helpers import make_event, make_index
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_up(visitor, email):
    visitor.fill("input[name=first_name]", "Olena")
    visitor.fill("input[name=last_name]", "Newcomer")
    visitor.fill("input[name=email]", email)
    visitor.fill("input[name=password1]", NEWCOMER_PASSWORD)
    visitor.fill("input[name=password2]", NEWCOMER_PASSWORD)
    visitor.click("form.signup-form button[type=submit]")
    visitor.wait_for_url(re.compile(r"/en/accounts/confirm-email/$"))
    confirmation = next(message for message in mail.outbox if email in message.to
                        and "/accounts/confirm-email/" in message.body)
    link = re.search(r"https?://\S+/en/accounts/confirm-email/\S+/", confirmation.body)
    visitor.goto(link.group(0))
    visitor.locator("main form button[type=submit]").click()
    visitor.wait_for_load_state("networkidle")


def test_the_bell_rings_without_a_reload_and_the_sponsor_answers_a_webinar(
        browser, site_url, sponsor, settings, tmp_path):
    settings.NOTIFICATIONS_POLL_SECONDS = 2
    home = Site.objects.get(is_default_site=True).root_page
    webinar = make_event(make_index(home), title="Product webinar", capacity=30)

    marta = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = marta.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, site_url, "marta@example.com", PASSWORD)
    page.goto(f"{site_url}/en/cabinet/")
    bell = page.locator("[data-notification-bell]")
    expect(bell).to_be_visible()
    before = Notification.objects.filter(recipient=sponsor.user, read_at__isnull=True).count()
    badge = page.locator("[data-unread-badge]")
    if before:
        expect(badge).to_have_text(str(before))
    else:
        expect(badge).to_be_hidden()

    # Olena joins through Marta's link in another browser while Marta's page stays open.
    visitor = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    visitor.set_default_timeout(20_000)
    visitor.goto(f"{site_url}/en/r/{sponsor.referral_code.lower()}/")
    visitor.wait_for_url(f"{site_url}/en/")
    visitor.goto(f"{site_url}/en/accounts/signup/")
    sign_up(visitor, "olena@example.com")
    olena = Partner.objects.get(user__email="olena@example.com")
    assert olena.sponsor_id == sponsor.pk
    told = Notification.objects.filter(recipient=sponsor.user, read_at__isnull=True)
    assert told.count() == before + 1

    # No reload: the polling script moves the badge on and shows the notification.
    expect(badge).to_have_text(str(before + 1), timeout=20_000)
    expect(page.locator("[data-notification-toasts]")).to_contain_text("Olena",
                                                                       timeout=20_000)
    assert "/en/cabinet/" in page.url

    # The webinar: Marta answers "going" and downloads the event for her calendar.
    page.goto(f"{site_url}{webinar.url}")
    page.click("#rsvp-going")
    expect(page.locator("#event-answer")).to_have_attribute("data-answer", "going")
    assert Rsvp.objects.filter(user=sponsor.user, status="going").count() == 1
    with page.expect_download() as download:
        page.click("#event-ics-link")
    saved = Path(tmp_path) / "webinar.ics"
    download.value.save_as(saved)
    calendar = Calendar.from_ical(saved.read_bytes())
    event = next(component for component in calendar.walk("VEVENT"))
    assert str(event["SUMMARY"]) == "Product webinar"
    assert event.decoded("DTSTART") == EventPage.objects.get(pk=webinar.pk).starts_at
    marta.close()
