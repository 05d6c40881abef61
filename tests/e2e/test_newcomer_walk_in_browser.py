"""A newcomer's first visit, walked in real headless Chromium: the sponsor's referral link
and landing, a lead whose thank-you shows where the form was, sign-up into the cabinet's
welcome, every entry of the cabinet's navigation at a phone's, a laptop's and a wide
screen's width (each one visible, no page scrolling sideways), the earnings chart and a
payout request; then the company's admin approves the payout.

Screenshots of every page at every width are kept under test-artifacts/newcomer-walk/
(TEST_ARTIFACTS_DIR moves them), so a person can look at what the walk saw.
"""

import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from compensation.models import CommissionLine, CommissionRun, PlanVersion
from landing.models import Landing, LandingState, Lead, Purpose
from network import services
from network.models import Partner
from tests.accounts.helpers import enable_totp, totp_code
from tests.compensation.helpers import REFERENCE
from tests.e2e.helpers import sign_up_and_confirm
from tests.factories import PASSWORD, UserFactory
from tests.landing.helpers import hero, lead_form_block
from wallet import ledger
from wallet.models import PayoutRequest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR") or ROOT / "test-artifacts")
WIDTHS = [390, 1280, 1920]
BONUS = Decimal("120.00")


@pytest.fixture
def shots():
    folder = ARTIFACTS / "newcomer-walk"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()

    def shoot(page, name, full_page=True):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)

    return shoot


ABOUT_MARTA = {"type": "about_me", "value": {
    "heading": "About me", "show_photo": False,
    "text": "I left an office job five years ago. " * 30,
}}
QUESTIONS = {"type": "faq", "value": {"heading": "Questions", "items": [
    {"question": f"Question {number}?", "answer": "A long and careful answer. " * 12}
    for number in range(1, 7)
]}}


@pytest.fixture
def sponsor(site_url):
    """Marta, with her contacts, a published recruiting landing with a lead form, and the
    company's plan in force."""
    PlanVersion.objects.create(
        name="Reference plan", version=1, state=PlanVersion.State.PUBLISHED,
        rules=json.loads((REFERENCE / "plan.json").read_text()), effective_from="2026-01-01",
    )
    root = services.create_root(display_name="Company")
    marta = services.enrol(
        UserFactory(email="marta@example.com", first_name="Marta", last_name="Sponsor"), root
    )
    marta.phone, marta.telegram = "+380 67 555 12 34", "marta_team"
    marta.save(update_fields=["phone", "telegram"])
    Landing.objects.create(
        partner=marta, language="en", purpose=Purpose.RECRUITING, title="Join Marta's team",
        state=LandingState.PUBLISHED, published_at=timezone.now(),
        # Long enough that the lead form starts well below a phone's first screen.
        body=[hero("Work from home with Marta"), ABOUT_MARTA, QUESTIONS, lead_form_block()],
    )
    return marta


@pytest.fixture
def admin_user(db):
    admin = UserFactory(email="admin@example.com", first_name="Ada", last_name="Admin",
                        is_staff=True, is_superuser=True)
    enable_totp(admin)
    return admin


def a_month_later_bonus(partner):
    """The newcomer's first posted bonus (a month after joining): a posted run's line and
    its ledger credit, as posting writes them."""
    period = "2026-10"
    run = CommissionRun.objects.create(
        period=period, plan_version=PlanVersion.objects.get(), state=CommissionRun.State.POSTED,
        posted_at=timezone.now(),
    )
    CommissionLine.objects.create(run=run, partner=partner, kind="fast_start", amount=BONUS,
                                  level=1)
    ledger.post_bonus(partner, BONUS, "EUR", f"bonus:{period}:{partner.pk}:fast_start",
                      f"fast_start {period}", commission_run_id=run.pk)


def in_view(page, locator):
    """The element is wholly inside the window as it is now (no scrolling either way)."""
    box = locator.bounding_box()
    size = page.viewport_size
    return (box is not None and box["x"] >= 0 and box["y"] >= 0
            and box["x"] + box["width"] <= size["width"]
            and box["y"] + box["height"] <= size["height"])


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def slug(href):
    name = href.strip("/").split("/", 1)[-1].replace("/", "-")
    return name or "cabinet"


@pytest.mark.heavy
def test_a_newcomer_walks_from_the_referral_link_to_a_payout_the_admin_approves(
    browser, site_url, sponsor, admin_user, shots
):
    visitor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    visitor.set_default_timeout(30_000)

    # The referral link, then the sponsor's landing: a lead, and its thank-you in view.
    visitor.goto(f"{site_url}/en/r/{sponsor.referral_code.lower()}/?utm_source=telegram")
    visitor.goto(f"{site_url}/en/{sponsor.referral_code}/")
    assert visitor.locator("h1", has_text="Work from home with Marta").is_visible()
    assert visitor.evaluate("document.querySelector('#lead-form').getBoundingClientRect().top"
                            ) > 844  # the form is below the first screen
    visitor.fill("input[name=name]", "Olena Newcomer")
    visitor.fill("input[name=email]", "olena@example.com")
    visitor.check("input[name=consent]")
    visitor.locator("#lead-form button[type=submit]").click()
    visitor.wait_for_load_state("networkidle")
    thanks = visitor.locator(".landing-lead-result")
    thanks.wait_for()
    shots(visitor, "0390-landing-lead-sent", full_page=False)  # what the visitor sees
    assert in_view(visitor, thanks), "the thank-you is out of view after sending the lead"
    assert Lead.objects.filter(landing__partner=sponsor, email="olena@example.com").count() == 1

    # Sign-up (the sponsor is remembered from the link) lands on the cabinet's welcome.
    visitor.goto(f"{site_url}/en/accounts/signup/")
    assert "Marta Sponsor" in visitor.locator(".signup-sponsor").inner_text()
    sign_up_and_confirm(visitor, "Olena", "Newcomer", "olena@example.com")
    assert visitor.url == f"{site_url}/en/cabinet/welcome/"
    newcomer = Partner.objects.get(user__email="olena@example.com")
    assert newcomer.sponsor_id == sponsor.pk
    welcome = visitor.locator("main").inner_text()
    assert "Welcome, Olena Newcomer!" in welcome and "Marta Sponsor" in welcome
    sponsor_card = visitor.locator("#sponsor-heading + p + .person")
    assert "+380 67 555 12 34" in sponsor_card.inner_text()
    assert sponsor_card.locator('a[href="https://t.me/marta_team"]').count() == 1
    assert visitor.locator(".first-step").count() == 3
    shots(visitor, "0390-welcome")

    a_month_later_bonus(newcomer)

    # Every navigation entry at each width: visible where it is, opened with one click,
    # and no page wider than the window.
    for width in WIDTHS:
        visitor.set_viewport_size({"width": width, "height": 900})
        visitor.goto(f"{site_url}/en/cabinet/welcome/")
        hrefs = visitor.locator(".cabinet-nav a").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))"
        )
        # Every entry of cabinet.navigation, the notifications' and the calendar's included.
        assert len(hrefs) == 22 and "/en/accounts/email/" in hrefs
        assert {"/en/cabinet/notifications/", "/en/cabinet/events/",
                "/en/cabinet/team/mailings/"} <= set(hrefs)
        for href in hrefs:
            link = visitor.locator(f'.cabinet-nav a[href="{href}"]')
            link.scroll_into_view_if_needed()
            assert link.is_visible() and in_view(visitor, link), (width, href)
            link.click()
            visitor.wait_for_url(f"{site_url}{href}")  # loaded: its layout is final
            assert no_sideways_scroll(visitor), (width, href)
            if width == 1280 or os.environ.get("E2E_ALL_SHOTS") == "1":
                shots(visitor, f"{width:04d}-{slug(href)}")
            if not href.startswith("/en/cabinet/"):  # the account's own pages: back
                visitor.go_back()
                visitor.wait_for_load_state()

    # The earnings chart, then a payout request from the wallet.
    visitor.set_viewport_size({"width": 1280, "height": 900})
    visitor.goto(f"{site_url}/en/cabinet/earnings/")
    assert visitor.locator("rect.bar-earnings").count() == 1
    assert visitor.locator("[data-total]").inner_text() == "€120.00"
    visitor.goto(f"{site_url}/en/cabinet/wallet/")
    visitor.fill("input[name=amount]", "100.00")
    visitor.select_option("select[name=currency]", "EUR")
    visitor.get_by_role("button", name="Request payout").click()
    visitor.wait_for_load_state("networkidle")
    assert "Payout of €100.00 requested." in visitor.locator("main").inner_text()
    shots(visitor, "1280-wallet-payout-requested")
    payout = PayoutRequest.objects.get(partner=newcomer)
    assert payout.state == PayoutRequest.State.REQUESTED and payout.amount == Decimal("100.00")

    # The company's admin signs in with a second factor and approves it.
    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    admin.set_default_timeout(30_000)
    admin.goto(f"{site_url}/en/accounts/login/")
    admin.fill("input[name=login]", admin_user.email)
    admin.fill("input[name=password]", PASSWORD)
    admin.click("form button[type=submit]")
    admin.wait_for_url(re.compile(r"/2fa/authenticate/"))
    admin.fill("input[name=code]", totp_code())
    admin.click("form button[type=submit]")
    admin.wait_for_load_state("networkidle")
    admin.goto(f"{site_url}{reverse('network_payouts:index')}")
    approve = reverse("network_payouts:approve", args=[payout.pk])
    admin.locator(f'form[action="{approve}"] button[type=submit]').click()
    admin.wait_for_load_state("networkidle")
    shots(admin, "1280-admin-payout-approved")
    payout.refresh_from_db()
    assert payout.state == PayoutRequest.State.APPROVED
    assert payout.first_approver_id == admin_user.pk

    admin.context.close()
    visitor.context.close()
