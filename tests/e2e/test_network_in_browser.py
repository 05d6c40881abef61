"""The network in real headless Chromium: a visitor joins through a partner's referral link
and the partner finds the newcomer in their genealogy viewer."""

import re

import pytest
from django.core import mail
from wagtail.models import Page, Site

from network import services
from network.models import NetworkSettings, Partner, PlacementPolicy, ReferralVisit
from tests.e2e.test_site_in_browser import ensure_wagtail_baseline
from tests.factories import PASSWORD, HomePageFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEWCOMER_PASSWORD = "a-long-and-unusual-passphrase-42"


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


def sign_in(page, site_url, email, password):
    page.goto(f"{site_url}/en/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")


def sign_up_and_confirm(visitor, first_name, last_name, email):
    """Fill in the sign-up form open in `visitor`, then confirm the address from the email."""
    visitor.fill("input[name=first_name]", first_name)
    visitor.fill("input[name=last_name]", last_name)
    visitor.fill("input[name=email]", email)
    visitor.fill("input[name=password1]", NEWCOMER_PASSWORD)
    visitor.fill("input[name=password2]", NEWCOMER_PASSWORD)
    visitor.click("form.signup-form button[type=submit]")
    visitor.wait_for_url(re.compile(r"/en/accounts/confirm-email/$"))
    link = re.search(r"https?://\S+/en/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    visitor.goto(link.group(0))
    visitor.locator("main form button[type=submit]").click()
    visitor.wait_for_load_state("networkidle")


def test_visitor_joins_through_a_referral_link_and_the_sponsor_sees_them(
    browser, site_url, sponsor
):
    sponsor_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(sponsor_page, site_url, "marta@example.com", PASSWORD)

    visitor = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    visitor.set_default_timeout(20_000)
    visitor.goto(f"{site_url}/en/r/{sponsor.referral_code.lower()}/?utm_source=whatsapp")
    visitor.wait_for_url(f"{site_url}/en/")
    assert ReferralVisit.objects.filter(partner=sponsor, utm_source="whatsapp").count() == 1

    visitor.goto(f"{site_url}/en/accounts/signup/")
    assert "Marta Sponsor" in visitor.locator(".signup-sponsor").inner_text()
    # Email verification is mandatory: the visitor confirms from the message they got.
    sign_up_and_confirm(visitor, "Olena", "Newcomer", "olena@example.com")
    assert len(mail.outbox) == 1
    newcomer = Partner.objects.get(user__email="olena@example.com")
    assert newcomer.sponsor_id == sponsor.pk and newcomer.is_placed

    # The newcomer's own cabinet names Marta as their sponsor.
    visitor.goto(f"{site_url}/en/cabinet/")
    assert "Marta Sponsor" in visitor.locator("#sponsor-heading + .person").inner_text()

    # Marta opens her tree: her first line is shown, the newcomer among them.
    sponsor_page.goto(f"{site_url}/en/cabinet/team/")
    card = sponsor_page.locator(".gcard", has_text="Olena Newcomer")
    card.wait_for()
    assert newcomer.referral_code in card.inner_text()
    assert "Active" in card.inner_text()

    # In the placement tree the newcomer sits deeper, at the outer edge of the weaker
    # leg: expand down to them level by level until their card shows.
    sponsor_page.click("button[data-tree=placement]")
    sponsor_page.locator(".gnode-top .gcard").wait_for()
    for _level in range(10):
        if sponsor_page.locator(".gcard", has_text="Olena Newcomer").count():
            break
        closed = sponsor_page.locator(".gtoggle[aria-expanded=false]").first
        closed.click()
        sponsor_page.wait_for_load_state("networkidle")
    card = sponsor_page.locator(".gcard", has_text="Olena Newcomer")
    card.wait_for()
    assert newcomer.placement_leg and card.locator(".chip").count() == 1

    # And search jumps straight to them from a fresh view.
    sponsor_page.reload()
    sponsor_page.fill("#genealogy-q", "Newcomer")
    sponsor_page.locator("#genealogy-results button", has_text="Olena Newcomer").click()
    found = sponsor_page.locator(".gcard-found")
    found.wait_for()
    assert "Olena Newcomer" in found.inner_text()

    visitor.context.close()
    sponsor_page.context.close()
