"""The reports in the Wagtail admin: the income disclosure of a posted run, shown and
downloaded; the plan analysis of a draft, which writes nothing; who may open them."""

from decimal import Decimal

import pytest

from compensation import disclosure
from compensation.models import CommissionLine, CommissionRun, PeriodResult, PlanVersion
from tests.compensation.helpers import reference_rules
from tests.helpers import operator_client, page, sign_in_to_admin, staff_with
from wallet.models import LedgerTransaction

pytestmark = pytest.mark.django_db

DISCLOSURE = "/admin/network/income-disclosure/"
ANALYSIS = "/admin/network/plan-analysis/"


def test_the_income_disclosure_of_a_posted_run_is_shown_and_downloaded(posted_run):
    client, _user = operator_client()
    html = page(client.get(DISCLOSURE, {"scope": "2026-10"}))
    assert "Income disclosure for 2026-10" in html and "@media print" in html
    expected = disclosure.disclose("2026-10")
    manager = next(row for row in expected["rows"] if row["rank"] == "manager")
    assert manager["count"] == 1 and manager["mean"] == Decimal("323.20")
    row = html.split("<td>Manager</td>", 1)[1].split("</tr>", 1)[0]  # the rank by its name
    assert ">323.20<" in row and ">1<" in row
    assert "All partners" in html

    response = client.get(DISCLOSURE, {"scope": "2026-10", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "income-disclosure-2026-10.csv" in response["Content-Disposition"]
    text = response.content.decode()
    assert text == disclosure.as_csv(expected)
    assert "manager,Manager,1,323.20,323.20,323.20,0.00" in text.splitlines()

    # The year holds the same single posted period; a bad scope is shown on the form.
    assert "2026-10" in page(client.get(DISCLOSURE, {"scope": "2026"}))
    html = page(client.get(DISCLOSURE, {"scope": "2026-13"}))
    assert "The period must be YYYY-MM or a year YYYY." in html
    assert "No commission run is posted" in page(client.get(DISCLOSURE, {"scope": "2025-10"}))


def test_the_analysis_of_a_draft_compares_versions_and_writes_nothing(example, published):
    rules = reference_rules()
    draft = PlanVersion.objects.create(
        name="Summer", version=2, state=PlanVersion.State.DRAFT, rules=rules,
        effective_from="2026-12-01",
    )
    before = [model.objects.count() for model in
              (CommissionRun, CommissionLine, PeriodResult, LedgerTransaction)]
    client, _user = operator_client()
    form = page(client.get(ANALYSIS))
    assert "Summer v2 (Draft)" in form  # drafts can be chosen

    html = page(client.post(ANALYSIS, {"version": draft.pk, "periods": "1", "until": "2026-10"},
                            follow=True))
    assert "Payout, percent of volume" in html and "Unilevel" in html and "109.79" in html
    assert "Difference" not in html

    html = page(client.post(ANALYSIS, {"version": draft.pk, "periods": "2",
                                       "until": "2026-10", "compare": published.pk},
                            follow=True))
    assert "2026-09" in html and "Reference v1" in html and "Difference" in html
    assert "90 %" in html  # the deciles

    html = page(client.post(ANALYSIS, {"version": draft.pk, "periods": "99"}))
    assert "Ensure this value is less than or equal to 24." in html
    after = [model.objects.count() for model in
             (CommissionRun, CommissionLine, PeriodResult, LedgerTransaction)]
    assert after == before
    draft.refresh_from_db()
    assert draft.state == PlanVersion.State.DRAFT


def test_reports_are_refused_to_staff_without_their_permissions(client, published):
    sign_in_to_admin(client, staff_with("view_planversion", "view_payoutrequest"))
    assert client.get(DISCLOSURE, {"scope": "2026-10"}).status_code in (302, 403)
    assert client.get(DISCLOSURE, {"scope": "2026-10", "format": "csv"}).status_code in (
        302, 403)
    assert client.get(ANALYSIS, {"version": published.pk}).status_code in (302, 403)
    menu = page(client.get("/admin/"))
    assert "Income disclosure" not in menu and "Plan analysis" not in menu


def test_reports_are_open_to_staff_with_their_permissions(client, published):
    sign_in_to_admin(client, staff_with("view_commissionrun", "change_planversion"))
    assert client.get(DISCLOSURE).status_code == 200
    assert client.get(ANALYSIS).status_code == 200
    menu = page(client.get("/admin/"))
    assert "Income disclosure" in menu and "Plan analysis" in menu and "Payouts" not in menu
