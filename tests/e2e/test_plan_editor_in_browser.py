"""The plan version editor in headless Chromium, as an operator uses it: a level and a rank
added with the page's own buttons, a level removed, names in three languages, a problem
shown at its field, then saved; the draft's rules are what the page showed. Screenshots
are kept under test-artifacts/plan-editor/ (TEST_ARTIFACTS_DIR moves them)."""

import json
import os
import re
from pathlib import Path

import pytest

from compensation.engine.plan import parse_plan
from compensation.models import PlanVersion
from tests.accounts.helpers import enable_totp, totp_code
from tests.compensation.helpers import REFERENCE
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR") or ROOT / "test-artifacts") / "plan-editor"


@pytest.fixture
def draft(site_url):
    return PlanVersion.objects.create(
        name="Reference plan", version=2, rules=json.loads((REFERENCE / "plan.json").read_text()),
        effective_from="2026-11-01",
    )


def sign_in_as_operator(page, site_url):
    operator = UserFactory(email="ops@example.com", is_staff=True, is_superuser=True)
    enable_totp(operator)
    page.goto(f"{site_url}/en/accounts/login/")
    page.fill("input[name=login]", operator.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/2fa/authenticate/"))
    page.fill("input[name=code]", totp_code())
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_an_operator_edits_a_draft_in_the_forms(page, site_url, draft):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sign_in_as_operator(page, site_url)
    page.goto(f"{site_url}/admin/network/plans/{draft.pk}/edit/")
    page.wait_for_load_state("networkidle")

    unilevel = page.locator("#plan-unilevel-section")
    unilevel.get_by_role("button", name="Add a level").click()
    page.fill("[name='unilevel-7-percent']", "0.5")
    fast_start = page.locator("#plan-fast-start-section")
    fast_start.get_by_role("button", name="Remove").nth(1).click()

    page.locator("#plan-ranks-section").get_by_role("button", name="Add a rank").click()
    new_rank = {"code": "ambassador", "name_en": "Ambassador", "name_ru": "Посол",
                "name_uk": "Посол", "min_pv": "150", "min_gv": "50000", "unilevel_depth": "8",
                "binary_cap": "20000", "legs_count": "2", "legs_min_rank": "boss"}
    for name, value in new_rank.items():
        page.fill(f"[name='ranks-5-{name}']", value)
    page.click("footer button[type=submit]")
    page.wait_for_load_state("networkidle")
    error = page.locator("[data-field-wrapper]:has([name='ranks-5-legs_min_rank'])")
    assert "There is no rank with the code “boss”." in error.inner_text()
    error.scroll_into_view_if_needed()  # the admin scrolls inside its own frame
    page.screenshot(path=str(ARTIFACTS / "a-problem-at-its-field.png"))
    draft.refresh_from_db()
    assert len(draft.rules["ranks"]) == 5  # nothing saved

    page.fill("[name='ranks-5-legs_min_rank']", "executive")
    page.click("footer button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/network/plans/$"))
    draft.refresh_from_db()
    rules = draft.rules
    assert rules["unilevel"]["percent"] == ["5", "5", "4", "3", "2", "1", "1", "0.5"]
    assert rules["fast_start"]["percent"] == ["20"]
    assert rules["ranks"][-1]["name"] == {"en": "Ambassador", "ru": "Посол", "uk": "Посол"}
    assert rules["ranks"][-1]["legs"] == {"count": 2, "min_rank": "executive"}
    assert parse_plan(rules).rank_index["ambassador"] == 5
    page.goto(f"{site_url}/admin/network/plans/{draft.pk}/edit/")
    page.locator("[name='ranks-5-code']").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "the-saved-draft.png"))
