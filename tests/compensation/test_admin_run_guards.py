"""The commission run admin asks before running a period that has not ended, refuses a
second run of a period, and (when the company asks for it) lets only a second person
post what one approved."""

from datetime import date

import pytest
from django.utils import timezone

from compensation.admin.runs import default_period
from compensation.models import CommissionRun, PlanVersion
from tests.compensation.helpers import RUNS
from tests.factories import UserFactory
from tests.helpers import page, sign_in_to_admin
from wallet.models import LedgerTransaction

# The reference example's partners and orders, and its plan published.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published", "network")]
OPEN = "2099-01"


def test_starting_an_open_period_asks_for_confirmation(operator,
                                                       django_capture_on_commit_callbacks):
    html = page(operator.post(RUNS + "start/", {"period": OPEN}))
    assert "2099-01 has not ended yet" in html
    assert 'name="open_period"' in html and "Start it although the period has not ended" in html
    assert not CommissionRun.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(RUNS + "start/", {"period": OPEN, "open_period": "on"})
    run = CommissionRun.objects.get()
    assert response["Location"] == f"{RUNS}{run.pk}/"
    html = page(operator.get(f"{RUNS}{run.pk}/"))
    assert "2099-01 has not ended yet" in html  # the run page keeps warning

    operator.post(f"{RUNS}{run.pk}/approve/")
    html = page(operator.get(f"{RUNS}{run.pk}/"))
    assert "Post it although the period has not ended" in html
    with django_capture_on_commit_callbacks(execute=True):
        html = page(operator.post(f"{RUNS}{run.pk}/post/", follow=True))
    assert "Confirm that you want to run an open period." in html
    run.refresh_from_db()
    assert run.state == CommissionRun.State.APPROVED and run.task_state == "idle"
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(f"{RUNS}{run.pk}/post/", {"open_period": "1"})
    run.refresh_from_db()
    assert run.state == CommissionRun.State.POSTED


def test_a_second_run_of_a_period_is_refused_on_the_form_until_the_first_is_discarded(
    operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(RUNS + "start/", {"period": "2026-10"})
    first = CommissionRun.objects.get()
    html = page(operator.post(RUNS + "start/", {"period": "2026-10"}))
    assert "2026-10 already has a run (Calculated" in html
    assert CommissionRun.objects.count() == 1

    assert "Discard this run" in page(operator.get(f"{RUNS}{first.pk}/"))
    operator.post(f"{RUNS}{first.pk}/discard/")
    first.refresh_from_db()
    assert first.state == CommissionRun.State.DISCARDED
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(RUNS + "start/", {"period": "2026-10"})
    assert CommissionRun.objects.exclude(state="discarded").get().pk != first.pk


def test_with_two_people_required_the_approver_cannot_post(
    client, settings, django_capture_on_commit_callbacks
):
    settings.COMMISSION_RUN_TWO_PEOPLE = True
    approver = UserFactory(is_staff=True, is_superuser=True)
    sign_in_to_admin(client, approver)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RUNS + "start/", {"period": "2026-10"})
    run = CommissionRun.objects.get()
    client.post(f"{RUNS}{run.pk}/approve/")
    html = page(client.get(f"{RUNS}{run.pk}/"))
    assert "You approved this one, so another person must post it." in html
    assert "Post to the ledger" not in html
    with django_capture_on_commit_callbacks(execute=True):
        html = page(client.post(f"{RUNS}{run.pk}/post/", follow=True))
    assert "You approved this run; another person must post it." in html
    assert not LedgerTransaction.objects.exists()

    client.logout()
    poster = UserFactory(is_staff=True, is_superuser=True)
    sign_in_to_admin(client, poster)
    html = page(client.get(f"{RUNS}{run.pk}/"))
    assert "Post to the ledger" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{RUNS}{run.pk}/post/")
    run.refresh_from_db()
    assert (run.state, run.approved_by, run.posted_by) == ("posted", approver, poster)
    assert (poster.get_full_name() or poster.email) in page(client.get(f"{RUNS}{run.pk}/"))


def test_the_start_form_proposes_a_period_that_has_no_run_yet(operator, monkeypatch):
    """Pins a demo finding: the form proposed last month after it was already posted."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 6))
    last_month, this_month = "2026-11", "2026-12"
    assert default_period() == last_month
    assert f'value="{last_month}"' in page(operator.get(RUNS + "start/"))
    CommissionRun.objects.create(period=last_month, plan_version=PlanVersion.objects.first(),
                                 state=CommissionRun.State.POSTED)
    assert f'value="{this_month}"' in page(operator.get(RUNS + "start/"))
