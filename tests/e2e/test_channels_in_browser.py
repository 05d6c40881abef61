"""The Channels page in real headless Chromium, under the site's strict CSP: the browser
notification switch runs (no inline script, nothing refused), registers the service worker
for the whole site and shows its state; "Connect Telegram" gives the bot's one-time link."""

import re

import pytest
from playwright.sync_api import expect

from notifications.telegram.models import TelegramLinkToken
from notifications.webpush.models import PushSubscription
from tests.e2e.helpers import sign_in
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_channels_page_registers_the_worker_and_links_telegram(
        browser, site_url, sponsor, settings):
    settings.TELEGRAM_BOT_USERNAME = "DownlineTestBot"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["notifications"], origin=site_url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    sign_in(page, site_url, "marta@example.com", PASSWORD)
    page.goto(f"{site_url}/en/cabinet/notifications/settings/")
    page.get_by_role("link", name="Telegram and browser notifications").click()
    page.wait_for_url(re.compile(r"/en/cabinet/channels/$"))

    status = page.locator("[data-push-status]")
    expect(status).to_have_text("Browser notifications are off in this browser.")
    page.get_by_role("button", name="Turn on in this browser").click()
    # Headless Chromium has no push service to reach here, so subscribing may fail; the
    # worker is registered either way, at the site's root, for the whole site.
    expect(status).to_have_text(re.compile(
        r"^(Browser notifications are on in this browser\.|That did not work\. Please try "
        r"again\.)$"))
    scope = page.evaluate(
        "navigator.serviceWorker.getRegistration('/').then(r => r && r.scope)")
    assert scope == f"{site_url}/"
    if status.inner_text().startswith("Browser notifications are on"):
        assert PushSubscription.objects.filter(user=sponsor.user).exists()

    page.get_by_role("button", name="Connect Telegram").click()
    link = page.locator("a[data-telegram-link]")
    expect(link).to_have_attribute("href", re.compile(
        r"^https://t\.me/DownlineTestBot\?start=[A-Za-z0-9_-]{32}$"))
    assert TelegramLinkToken.objects.filter(user=sponsor.user).count() == 1
    assert not [problem for problem in problems if "Content Security Policy" in problem]
    context.close()
