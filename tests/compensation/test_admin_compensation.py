"""The operators' compensation admin: plan versions edited as checked JSON (the advanced
view; the forms are in test_plan_forms.py) and published, commission runs started,
approved and posted from the Wagtail admin."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from compensation.models import CommissionRun, PlanVersion
from tests.compensation.helpers import PLANS, RUNS, draft_data, field_errors, reference_rules
from tests.helpers import page, sign_in_to_admin, staff_with
from wallet.models import LedgerTransaction

pytestmark = pytest.mark.django_db

def test_bad_json_and_a_bad_key_are_shown_on_the_rules_field_and_nothing_is_saved(operator):
    html = page(operator.post(PLANS + "new/json/", draft_data('{"ranks": [')))
    assert "This is not valid JSON: Expecting value (line 1, column 12)." in field_errors(html)
    rules = reference_rules()
    rules["ranks"][0]["min_pv"] = "lots"
    html = page(operator.post(PLANS + "new/json/", draft_data(rules)))
    assert "ranks[0].min_pv: not a decimal number: &#x27;lots&#x27;" in field_errors(html)
    assert "&quot;min_pv&quot;: &quot;lots&quot;" in html  # the text typed is kept
    assert not PlanVersion.objects.exists()


def test_a_valid_draft_is_created_published_and_then_read_only(operator):
    response = operator.post(PLANS + "new/json/", draft_data(reference_rules()))
    assert response.status_code == 302
    plan = PlanVersion.objects.get()
    assert plan.state == PlanVersion.State.DRAFT and plan.rules == reference_rules()
    html = page(operator.get(PLANS))
    assert "Summer" in html and "Draft" in html and "Publish" in html

    # The draft's JSON view shows the rules as indented JSON.
    assert "&quot;ranks&quot;" in page(operator.get(f"{PLANS}{plan.pk}/edit/json/"))

    assert operator.post(f"{PLANS}{plan.pk}/publish/").status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanVersion.State.PUBLISHED and plan.published_at is not None

    # Published: the edit page refuses, and a POST changes nothing.
    edit = operator.get(f"{PLANS}{plan.pk}/edit/", follow=True)
    html = page(edit)
    assert "read-only" in html and "&quot;ranks&quot;" in html  # the rules, shown not edited
    assert "<textarea" not in html
    operator.post(f"{PLANS}{plan.pk}/edit/", draft_data(reference_rules(), name="Changed"))
    plan.refresh_from_db()
    assert plan.name == "Summer"

    # A new version copies the rules into a draft with the next number.
    response = operator.post(f"{PLANS}{plan.pk}/new-version/")
    copy = PlanVersion.objects.get(version=2)
    assert response["Location"] == f"{PLANS}{copy.pk}/edit/"
    assert copy.state == PlanVersion.State.DRAFT and copy.rules == plan.rules
    assert copy.name == "Summer"


def test_a_run_is_started_shows_totals_and_is_approved_and_posted(
    operator, published, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(RUNS + "start/", {"period": "2026-10"})
    run = CommissionRun.objects.get()
    assert response["Location"] == f"{RUNS}{run.pk}/"
    html = page(operator.get(f"{RUNS}{run.pk}/"))
    assert "Calculated" in html
    assert "Unilevel" in html and "109.79" in html  # the reference example's unilevel total
    assert "Approve" in html and "Post to the ledger" not in html
    # the top earner links to the partner's page
    top = run.lines.values("partner").annotate(total=Sum("amount")).order_by("-total").first()
    assert f'href="/admin/network/partners/{top["partner"]}/"' in html
    assert page(operator.get(RUNS)).count("2026-10") >= 1

    # Posting before approval is refused with the run's own message.
    html = page(operator.post(f"{RUNS}{run.pk}/post/", follow=True))
    assert "Only an approved run can be posted." in html
    assert not LedgerTransaction.objects.exists()

    # A recalculation shows the difference to the previous one (none here).
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(f"{RUNS}{run.pk}/recalculate/")
    html = page(operator.get(f"{RUNS}{run.pk}/"))
    assert "Previous calculation" in html and "Difference" in html
    run.refresh_from_db()
    assert run.calculations == 2

    operator.post(f"{RUNS}{run.pk}/approve/")
    run.refresh_from_db()
    assert run.state == CommissionRun.State.APPROVED
    html = page(operator.post(f"{RUNS}{run.pk}/approve/", follow=True))
    assert "Only a calculated run can be approved." in html

    with django_capture_on_commit_callbacks(execute=True):
        operator.post(f"{RUNS}{run.pk}/post/")
    run.refresh_from_db()
    assert run.state == CommissionRun.State.POSTED
    assert LedgerTransaction.objects.filter(commission_run_id=run.pk).exists()
    html = page(operator.get(f"{RUNS}{run.pk}/"))
    assert "Posted" in html and ">Recalculate<" not in html
    total = sum((Decimal(v) for v in run.totals.values()), Decimal(0))
    assert total > 0


def test_a_period_without_a_plan_in_force_is_refused_on_the_form(operator):
    html = page(operator.post(RUNS + "start/", {"period": "2026-10"}))
    assert "No published plan is in force for 2026-10." in html
    html = page(operator.post(RUNS + "start/", {"period": "2026-13"}))
    assert "The period must be YYYY-MM." in html
    assert not CommissionRun.objects.exists()


def test_staff_without_the_permissions_are_refused(client, published):
    run = CommissionRun.objects.create(period="2026-10", plan_version=published)
    sign_in_to_admin(client, staff_with("view_planversion", "view_commissionrun"))
    for url in (PLANS, PLANS + "new/", f"{PLANS}{published.pk}/", RUNS, RUNS + "start/",
                f"{RUNS}{run.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    client.post(RUNS + "start/", {"period": "2026-11"})
    client.post(f"{RUNS}{run.pk}/recalculate/")
    client.post(PLANS + "new/", draft_data(reference_rules()))
    assert CommissionRun.objects.count() == 1 and PlanVersion.objects.count() == 1
    run.refresh_from_db()
    assert run.calculations == 0


def test_staff_with_the_change_permissions_may_work(client, published):
    sign_in_to_admin(client, staff_with("change_planversion", "change_commissionrun"))
    assert client.get(PLANS).status_code == 200
    assert client.get(RUNS).status_code == 200
    assert client.get(RUNS + "start/").status_code == 200
