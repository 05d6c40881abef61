"""The demo's money half as a newcomer meets it in Chromium: the demo partner sees a year
of earnings and asks for a payout, and the demo admin approves it."""

import re

import pytest
from django.core.management import call_command

from tests.e2e.helpers import current_totp_code, ensure_wagtail_baseline
from wallet.models import PayoutRequest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_business(live_server):
    ensure_wagtail_baseline()
    call_command("seed_demo", "--partners", "300", quiet_logins=True)
    return live_server.url


def sign_in(page, site, email, password):
    page.goto(f"{site}/en/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")


@pytest.mark.heavy
def test_the_demo_partner_sees_earnings_and_the_admin_approves_their_payout(
        page, demo_business, browser):
    sign_in(page, demo_business, "partner@downline.demo", "demo-partner-2026")
    page.wait_for_url(re.compile(r"/cabinet/|/en/$"))
    page.goto(f"{demo_business}/en/cabinet/earnings/")
    # the chart of the last twelve months has a bar for the months that paid
    assert page.locator("svg.chart-svg rect.bar-earnings").count() >= 6
    assert "Unilevel" in page.content()

    page.goto(f"{demo_business}/en/cabinet/wallet/")
    page.fill("input[name=amount]", "50")
    page.get_by_role("button", name="Request payout").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Payout of €50.00 requested.").count()
    request = PayoutRequest.objects.get(partner__user__email="partner@downline.demo",
                                        amount=50)

    admin = browser.new_page()
    sign_in(admin, demo_business, "admin@downline.demo", "demo-admin-2026")
    admin.wait_for_url(re.compile(r"/2fa/authenticate/"))
    admin.fill("input[name=code]", current_totp_code())
    admin.click("form button[type=submit]")
    admin.wait_for_load_state("networkidle")
    admin.goto(f"{demo_business}/admin/network/payouts/")
    row = admin.locator("tr", has_text="50.00 EUR").filter(has_text="Pavlo Partner").first
    row.get_by_role("button", name="Approve").click()
    admin.wait_for_load_state("networkidle")
    request.refresh_from_db()
    assert request.state == PayoutRequest.State.APPROVED
    admin.close()
