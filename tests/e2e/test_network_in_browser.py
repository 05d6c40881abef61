"""The network in real headless Chromium: a visitor joins through a partner's referral link
and the partner finds the newcomer in their genealogy viewer."""


import pytest
from django.core import mail

from network.models import Partner, ReferralVisit
from tests.e2e.helpers import sign_in, sign_up_and_confirm
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

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
    assert [message.to for message in mail.outbox
            if "olena@example.com" in message.to] == [["olena@example.com"]]
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
