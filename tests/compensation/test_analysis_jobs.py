"""The plan analysis as background work, as the operator meets it: the form starts a job
and leads to its page, which shows the tables (the task runs at once without a broker);
the same parameters asked again are answered by the same job; "Run again" starts a new
one; the progress (which period of which version) is in the JSON the page polls while
the job runs; a failure is shown with its message; and who may read a job."""

import json
import re

import pytest
from django.test import Client

from compensation import analysis, analysis_jobs, tasks
from compensation.models import CommissionLine, CommissionRun, PlanVersion
from tests.factories import UserFactory
from tests.helpers import page, sign_in_to_admin, staff_with
from wallet.models import LedgerTransaction

pytestmark = pytest.mark.django_db
ANALYSIS = "/admin/network/plan-analysis/"
JOB = re.compile(r"^/admin/network/plan-analysis/([0-9a-f]{32})/$")


@pytest.fixture
def operator():
    return sign_in_to_admin(Client(), UserFactory(is_staff=True, is_superuser=True,
                                                first_name="Olga", last_name="Operator"))


@pytest.fixture
def sent(monkeypatch):
    """The tokens sent to the task; the task still runs (eagerly) unless `held` is set."""
    tokens = []
    deliver = tasks.analyse_plan.delay

    def spy(token):
        tokens.append(token)
        if not spy.held:
            return deliver(token)
        return None

    spy.held = False
    monkeypatch.setattr(tasks.analyse_plan, "delay", spy)
    return spy, tokens


def submit(client, version, periods=1, until="2026-10", compare=None):
    data = {"version": version.pk, "periods": periods, "until": until}
    if compare is not None:
        data["compare"] = compare.pk
    response = client.post(ANALYSIS, data)
    assert response.status_code == 302
    return JOB.match(response["Location"]).group(1)


def status(client, token):
    response = client.get(f"{ANALYSIS}{token}/status/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_submitting_starts_the_job_and_its_page_shows_the_tables(operator, example, plan,
                                                                richer_draft, sent):
    _spy, tokens = sent
    before = [m.objects.count() for m in (CommissionRun, CommissionLine, LedgerTransaction)]
    token = submit(operator, richer_draft, periods=2, compare=plan)
    assert tokens == [token]  # the task was sent with the job's token

    html = page(operator.get(f"{ANALYSIS}{token}/"))
    expected = analysis.analyse(richer_draft, 2, "2026-10")
    assert "Payout, percent of volume" in html and "Unilevel" in html
    assert "Richer first level v2" in html and "Reference v1" in html and "Difference" in html
    assert f">{expected['paid']:,.2f}<" in html  # the draft's total, computed by the task
    assert "2026-09 – 2026-10" in html and "Olga Operator" in html
    assert "Run again" in html and "data-busy" not in html
    assert status(operator, token)["state"] == "done"
    assert [m.objects.count() for m in (CommissionRun, CommissionLine, LedgerTransaction)] \
        == before

    # invalid parameters stay on the form, nothing is sent
    response = operator.post(ANALYSIS, {"version": richer_draft.pk, "periods": "99"})
    assert "Ensure this value is less than or equal to 24." in page(response)
    assert tokens == [token]


def test_the_form_page_has_no_result_and_posts_the_parameters(operator, plan):
    html = page(operator.get(ANALYSIS, {"version": plan.pk, "periods": "5"}))
    assert 'method="POST"' in html and "csrfmiddlewaretoken" in html
    assert 'value="5"' in html  # the parameters carried over from a job's page
    assert "Payout, percent of volume" not in html


def test_the_same_parameters_reuse_the_job(operator, example, plan, richer_draft, sent,
                                           monkeypatch):
    spy, tokens = sent
    spy.held = True  # a worker has not taken it yet: a double submit
    first = submit(operator, richer_draft)
    assert submit(operator, richer_draft) == first
    assert tokens == [first]
    html = page(operator.get(f"{ANALYSIS}{first}/"))
    assert "Analysing in the background" in html and "js/run-progress.js" in html
    assert "Waiting for a background worker" in html  # what it is doing now
    assert f'data-status-url="{ANALYSIS}{first}/status/"' in html and "data-busy" in html
    assert "Run again" not in html  # not while it is queued

    # a job no worker has been heard of for a long time is not reused, and may run again
    with monkeypatch.context() as later:
        later.setattr(analysis_jobs, "STALLED", -1)
        assert "Run again" in page(operator.get(f"{ANALYSIS}{first}/"))
        lost = submit(operator, richer_draft)
    assert lost != first and tokens == [first, lost]

    tasks.analyse_plan(lost)  # a worker runs the new one; done is reused as well
    assert "Payout, percent of volume" in page(operator.get(f"{ANALYSIS}{lost}/"))
    assert submit(operator, richer_draft) == lost
    assert tokens == [first, lost]
    # other parameters, or the draft's rules changed, are another analysis
    assert submit(operator, richer_draft, until="2026-09") not in (first, lost)
    richer_draft.rules["unilevel"]["percent"][0] = "11"
    richer_draft.save()
    assert submit(operator, richer_draft) not in (first, lost)
    assert len(tokens) == 4


def test_run_again_starts_a_new_job_with_the_same_parameters(operator, example, plan, richer_draft,
                                                            sent):
    _spy, tokens = sent
    first = submit(operator, plan, compare=richer_draft)
    response = operator.post(f"{ANALYSIS}{first}/")
    second = JOB.match(response["Location"]).group(1)
    assert second != first and tokens == [first, second]
    html = page(operator.get(f"{ANALYSIS}{second}/"))
    assert "Payout, percent of volume" in html and "2026-10" in html
    # the fresh job now answers the same parameters
    assert submit(operator, plan, compare=richer_draft) == second


def test_the_progress_is_in_the_status_while_the_job_runs(operator, example, plan, richer_draft,
                                                          sent, monkeypatch):
    spy, _tokens = sent
    spy.held = True
    token = submit(operator, plan, periods=2, compare=richer_draft)
    queued = status(operator, token)
    assert queued["state"] == "queued" and queued["busy"] is True
    assert (queued["done"], queued["total"], queued["percent"]) == (0, 4, 0)
    assert queued["stage_label"] == "Waiting for a background worker"

    seen, pages = [], []
    report = analysis_jobs.report

    def watching(job, version_index, done):
        report(job, version_index, done)
        now = status(operator, token)
        seen.append((now["state"], now["done"], now["total"], now["stage_label"]))
        pages.append(page(operator.get(f"{ANALYSIS}{token}/")))

    monkeypatch.setattr(analysis_jobs, "report", watching)
    analysis_jobs.run(token)
    assert seen == [
        ("running", 0, 4, "Period 1 of 2, Reference v1"),
        ("running", 1, 4, "Period 2 of 2, Reference v1"),
        ("running", 2, 4, "Period 2 of 2, Reference v1"),
        ("running", 2, 4, "Period 1 of 2, Richer first level v2"),
        ("running", 3, 4, "Period 2 of 2, Richer first level v2"),
        ("running", 4, 4, "Period 2 of 2, Richer first level v2"),
    ]
    assert "Analysing in the background" in pages[3]
    assert 'max="4" value="2"' in pages[3] and "Period 1 of 2, Richer first level v2" in pages[3]
    done = status(operator, token)
    assert done["state"] == "done" and done["busy"] is False and done["percent"] == 100
    assert done["elapsed_seconds"] is not None


def test_an_unexpected_failure_shows_a_general_message_and_logs_it(operator, example, plan,
                                                                   monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(analysis, "analyse", broken)
    token = submit(operator, plan)
    html = page(operator.get(f"{ANALYSIS}{token}/"))
    assert "The analysis failed" in html and "unexpected error" in html
    assert "secret internals" not in html and "Run again" in html
    assert "ZeroDivisionError: secret internals" in caplog.text
    now = status(operator, token)
    assert now["state"] == "failed" and "unexpected error" in now["error"]

    # a failed job is not reused: the same parameters, the fault gone, give the result
    monkeypatch.undo()
    again = submit(operator, plan)
    assert again != token
    assert "Payout, percent of volume" in page(operator.get(f"{ANALYSIS}{again}/"))


def test_a_plan_that_cannot_be_read_fails_with_its_problem(operator, example):
    broken = PlanVersion.objects.create(name="Broken", version=1, rules={"ranks": []},
                                        effective_from="2026-01-01")
    token = submit(operator, broken)
    html = page(operator.get(f"{ANALYSIS}{token}/"))
    assert "The analysis failed" in html and "unexpected error" not in html
    assert status(operator, token)["error"] in html


def test_another_operator_with_the_permission_reads_the_job(client, operator, example,
                                                            plan):
    token = submit(operator, plan)
    sign_in_to_admin(client, staff_with("change_planversion"))
    assert status(client, token)["state"] == "done"
    assert "Payout, percent of volume" in page(client.get(f"{ANALYSIS}{token}/"))


@pytest.mark.parametrize("who", ["partner", "staff without the permission"])
def test_jobs_are_refused_to_the_unauthorised(client, operator, example, plan, sent, who):
    spy, tokens = sent
    token = submit(operator, plan)
    if who == "partner":
        client.force_login(UserFactory())
    else:
        sign_in_to_admin(client, staff_with("view_planversion", "view_commissionrun"))
    for response in (client.get(f"{ANALYSIS}{token}/status/"),
                     client.get(f"{ANALYSIS}{token}/"),
                     client.post(f"{ANALYSIS}{token}/"),
                     client.post(ANALYSIS, {"version": plan.pk, "periods": 1})):
        assert response.status_code in (302, 403)
        assert b"Payout" not in response.content and b"done" not in response.content
    assert tokens == [token]  # nothing started by them


def test_an_unknown_job(operator):
    assert operator.get(f"{ANALYSIS}{'0' * 32}/status/").status_code == 404
    html = page(operator.get(f"{ANALYSIS}{'0' * 32}/", follow=True))
    assert "This analysis is no longer kept" in html
