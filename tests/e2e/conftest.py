"""The browser tests' Chromium and page, and the sites they drive: the demo, or a home page
with a partner and their team (served live)."""

import os
import shutil

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from network import services
from network.models import NetworkSettings, PlacementPolicy
from tests.e2e.helpers import ensure_wagtail_baseline
from tests.factories import HomePageFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if REQUIRE_BROWSER:
            pytest.fail(f"Chromium is required (REQUIRE_BROWSER=1) but {CHROMIUM} is missing")
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Once Playwright's event loop runs in this thread, Django hands out new connection
    # objects (asgiref keeps them per async context), without the serialized contents
    # that serialized_rollback restores between transactional tests: carry them over.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server):
    """The demo seeded and served live; its network has 300 partners, not 3,000: the
    browser tests read the site, not the network, and seeding stays quick."""
    ensure_wagtail_baseline()
    call_command("seed_demo", quiet_logins=True, partners=300)
    return live_server.url


@pytest.fixture
def site_url(live_server):
    """A home page as the site's root (where a referral link lands), served live."""
    ensure_wagtail_baseline()
    for welcome in Page.objects.filter(depth=2):  # Wagtail's own welcome page takes "home"
        welcome.slug = f"old-{welcome.pk}"
        welcome.save(update_fields=["slug"])
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Home", slug="home")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return live_server.url


@pytest.fixture
def sponsor(site_url):
    """Marta, a partner with a small team already, under the company's root."""
    settings = NetworkSettings.load()
    settings.placement_policy = PlacementPolicy.WEAKER_LEG
    settings.save()
    root = services.create_root(display_name="Company")
    marta = services.enrol(
        UserFactory(email="marta@example.com", first_name="Marta", last_name="Sponsor"), root
    )
    for number in range(3):
        services.enrol(UserFactory(first_name="Team", last_name=f"Member{number}"), marta)
    return marta
