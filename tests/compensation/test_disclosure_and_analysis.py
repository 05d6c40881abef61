"""Income disclosure over a posted run (figures worked out from the reference example's
results), its CSV export, the plan analysis of a draft (nothing written, totals equal a
calculation), two versions compared, and who may read these reports."""

import csv
import io
from decimal import Decimal

import pytest
from django.db.models import Sum

from compensation import analysis, commission_runs, disclosure
from compensation.commission import calculate_period
from compensation.models import CommissionLine, CommissionRun, PeriodResult
from orders.models import Order
from wallet.models import LedgerTransaction

pytestmark = pytest.mark.django_db
DISCLOSURE = "/api/v1/reports/income-disclosure/"
ANALYSIS = "/api/v1/reports/plan-analysis/"

# The example's October results (results.csv): 7 members earning nothing; 6 consultants,
# one earning 10.05; one manager earning 323.20.
EXPECTED = {
    "member": {"count": 7, "median": "0.00", "mean": "0.00",
               "top_10_percent_average": "0.00", "earning_nothing_percent": "100.00"},
    "consultant": {"count": 6, "median": "0.00", "mean": "1.68",  # 10.05 / 6
                   "top_10_percent_average": "10.05", "earning_nothing_percent": "83.33"},
    "manager": {"count": 1, "median": "323.20", "mean": "323.20",
                "top_10_percent_average": "323.20", "earning_nothing_percent": "0.00"},
    # 14 partners: 333.25 / 14; the top tenth is 2 partners: (323.20 + 10.05) / 2
    "all": {"count": 14, "median": "0.00", "mean": "23.80",
            "top_10_percent_average": "166.63", "earning_nothing_percent": "85.71"},
}


@pytest.fixture
def posted(example, plan):
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.approve_run(run, None)
    return commission_runs.post_run(run)


def stored_rows():
    return [model.objects.count() for model in
            (CommissionRun, CommissionLine, PeriodResult, LedgerTransaction)]


def test_disclosure_of_a_posted_period_by_rank(posted):
    result = disclosure.disclose("2026-10")
    assert result["periods"] == ["2026-10"]
    rows = {row["rank"]: row for row in result["rows"]}
    assert [row["rank"] for row in result["rows"]] == ["member", "consultant", "manager", "all"]
    for rank, figures in EXPECTED.items():
        assert {key: str(value) if key != "count" else value
                for key, value in rows[rank].items() if key not in ("rank", "rank_name")
                } == figures, rank
    assert rows["manager"]["rank_name"] == "Manager"


def test_the_company_account_earns_nothing_and_is_left_out_and_the_report_says_so(
        example, plan, client):
    from django.urls import reverse

    from network.models import Partner
    from tests.factories import UserFactory
    from tests.helpers import sign_in_to_admin

    root = example["P00600000"]  # the example's manager, earning 323.20 as a partner
    Partner.objects.filter(pk=root.pk).update(is_company=True, display_name="Downline Co")
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.approve_run(run, None)
    commission_runs.post_run(run)
    assert not CommissionLine.objects.filter(run=run, partner=root).exists()
    result = disclosure.disclose("2026-10")
    rows = {row["rank"]: row for row in result["rows"]}
    assert "manager" not in rows
    assert rows["all"]["count"] == 13  # the 14 partners but the company
    assert str(rows["all"]["mean"]) == "0.77"  # 10.05 / 13
    assert "Downline Co" in result["counted"] and "left out" in result["counted"]
    sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("network_disclosure:index"), {"scope": "2026-10"})
    assert "The company&#x27;s own account (Downline Co) is left out" in page.content.decode()


def test_a_year_adds_up_the_year_s_posted_runs_and_unposted_runs_do_not_count(example, plan):
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    assert disclosure.disclose("2026")["rows"] == [
        {"rank": "all", "rank_name": "All partners", "count": 0, "median": 0, "mean": 0,
         "top_10_percent_average": 0, "earning_nothing_percent": 0}
    ]  # calculated, not posted: nothing to disclose
    commission_runs.approve_run(run, None)
    commission_runs.post_run(run)
    rows = {row["rank"]: row for row in disclosure.disclose("2026")["rows"]}
    assert rows["all"]["count"] == 14 and str(rows["all"]["mean"]) == "23.80"


def test_disclosure_api_json_and_csv_for_staff_only(api, posted, staff, example):
    api.force_authenticate(staff)
    body = api.get(DISCLOSURE, {"period": "2026-10"}).json()
    assert body["rows"][-1] == {"rank": "all", "rank_name": "All partners", **EXPECTED["all"]}
    response = api.get(DISCLOSURE, {"period": "2026-10", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "income-disclosure-2026-10.csv" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.splitlines()[0] == (
        "rank,rank_name,count,median,mean,top_10_percent_average,earning_nothing_percent"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[1] == {"rank": "consultant", "rank_name": "Consultant", "count": "6", **{
        key: value for key, value in EXPECTED["consultant"].items() if key != "count"}}
    assert rows[-1]["rank_name"] == "All partners"
    assert api.get(DISCLOSURE, {"period": "October"}).status_code == 400
    api.force_authenticate(_partner_user(example))
    assert api.get(DISCLOSURE, {"period": "2026-10"}).status_code == 403


def _partner_user(example):
    from tests.factories import UserFactory

    partner = example["P00600000"]
    partner.user = UserFactory()
    partner.save(update_fields=["user"])
    return partner.user


def test_analysis_of_a_draft_writes_nothing_and_equals_a_calculation(example, plan, richer_draft):
    before = stored_rows()
    result = analysis.analyse(richer_draft, 1, until="2026-10")
    assert stored_rows() == before
    expected = commission_runs.totals_of(
        calculate_period(commission_runs.plan_of(richer_draft), "2026-10").lines
    )
    assert {kind: str(amount) for kind, amount in result["by_bonus"].items()} == expected
    volume = Order.objects.filter(created_at__year=2026, created_at__month=10,
                                  status="paid").aggregate(total=Sum("volume"))["total"]
    assert result["volume"] == volume
    paid = sum(Decimal(amount) for amount in expected.values())
    assert result["paid"] == paid
    assert result["payout_percent"] == (paid * 100 / volume).quantize(Decimal("0.01"))
    assert sum(row["paid"] for row in result["by_rank"]) == paid
    assert result["deciles"][-1] == max(
        r.total for r in calculate_period(commission_runs.plan_of(richer_draft), "2026-10").results)
    assert result["partners"] == 14


def test_analysis_over_several_periods_and_compare(example, plan, richer_draft):
    three = analysis.analyse(plan, 3, until="2026-11")
    assert [row["period"] for row in three["periods"]] == ["2026-09", "2026-10", "2026-11"]
    october = analysis.analyse(plan, 1, until="2026-10")
    assert three["periods"][1]["paid"] == october["paid"]
    side = analysis.compare(plan, richer_draft, 1, until="2026-10")
    assert side["difference"]["by_bonus"]["unilevel"] == (
        side["b"]["by_bonus"]["unilevel"] - side["a"]["by_bonus"]["unilevel"]
    )
    assert side["difference"]["by_bonus"]["unilevel"] > 0  # level 1 pays 10 % instead of 5 %
    assert Decimal(side["a"]["by_bonus"]["unilevel"]) == Decimal("109.79")


def test_analysis_api_for_staff_only(api, example, plan, richer_draft, staff):
    api.force_authenticate(staff)
    before = stored_rows()
    response = api.get(ANALYSIS, {"version": richer_draft.pk, "periods": 1, "until": "2026-10",
                                  "compare": plan.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["a"]["version"]["state"] == "draft"
    assert body["b"]["by_bonus"]["unilevel"] == "109.79"
    assert stored_rows() == before
    assert api.get(ANALYSIS, {"version": richer_draft.pk, "periods": 99}).status_code == 400
    assert api.get(ANALYSIS, {"version": 999999}).status_code == 404
    api.force_authenticate(_partner_user(example))
    assert api.get(ANALYSIS, {"version": richer_draft.pk}).status_code == 403


def test_the_reports_are_in_the_schema(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    assert {"/api/v1/reports/rank-card/", "/api/v1/reports/income-disclosure/",
            "/api/v1/reports/plan-analysis/"} <= set(paths)
