"""The background work on a commission run as the operator follows it: queued when asked
for (never twice), each stage recorded while the task runs, the outcome (idle with its
duration, or failed with a message and a way to try again), the JSON the run page polls,
the runs list's badge, and the command printing the stages."""

import json

import pytest
from django.core.management import call_command

from compensation import commission_runs, tasks
from compensation.models import CommissionRun
from tests.compensation.helpers import RUNS
from tests.factories import UserFactory
from tests.helpers import page, sign_in_to_admin, staff_with

pytestmark = pytest.mark.django_db

Stage = CommissionRun.TaskStage
State = CommissionRun.TaskState


@pytest.fixture
def run(published):
    return commission_runs.start_run("2026-10")


@pytest.fixture
def recorded(monkeypatch):
    """What the run's row says (state, stage) each time the calculation reports a stage,
    read back from the database as the admin would."""
    seen = []
    calculate = commission_runs.calculate_run

    def spying(run, progress=None):
        def spy(stage):
            progress(stage)
            row = CommissionRun.objects.get(pk=run.pk)
            seen.append((stage, row.task_state, row.task_stage))
        return calculate(run, spy)

    monkeypatch.setattr(commission_runs, "calculate_run", spying)
    return seen


def test_the_task_records_each_stage_in_order_then_idle_with_the_duration(
    network, run, recorded
):
    tasks.calculate_commission_run.delay(run.pk)
    assert recorded == [
        ("reading", State.RUNNING, Stage.READING),
        ("calculating", State.RUNNING, Stage.CALCULATING),
        ("storing", State.RUNNING, Stage.STORING),
    ]
    run.refresh_from_db()
    assert run.state == CommissionRun.State.CALCULATED
    assert run.task_state == State.IDLE and run.task_stage == "" and run.task_error == ""
    assert run.task_started_at <= run.task_finished_at


def test_the_admin_queues_the_run_before_sending_and_refuses_a_second_start(
    operator, network, run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as sent:
        operator.post(f"{RUNS}{run.pk}/recalculate/")
        # a double click: the run is queued, the second request is refused
        html = page(operator.post(f"{RUNS}{run.pk}/recalculate/", follow=True))
    assert len(sent) == 1
    assert "already being worked on in the background" in html
    run.refresh_from_db()
    assert (run.task_state, run.task_stage) == (State.QUEUED, Stage.QUEUED)
    # the page shows it is waiting, follows it and offers no second start
    assert "Waiting for a background worker" in html and "js/run-progress.js" in html
    assert f'data-status-url="{RUNS}{run.pk}/status/"' in html
    assert ">Recalculate<" not in html

    # while running, starting again is refused too
    CommissionRun.objects.filter(pk=run.pk).update(task_state=State.RUNNING)
    with django_capture_on_commit_callbacks(execute=True) as sent:
        html = page(operator.post(f"{RUNS}{run.pk}/recalculate/", follow=True))
    assert not sent and "already being worked on in the background" in html
    run.refresh_from_db()
    assert run.calculations == 0

    # once the work is done the page shows the result and how long it took
    CommissionRun.objects.filter(pk=run.pk).update(task_state=State.IDLE)
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(f"{RUNS}{run.pk}/recalculate/")
    run.refresh_from_db()
    assert run.calculations == 1 and run.task_state == State.IDLE
    html = page(operator.get(f"{RUNS}{run.pk}/"))
    assert "Last background work finished" in html and "data-run-progress" not in html


def test_a_run_error_is_stored_and_shown_as_it_is_with_try_again(
    operator, network, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(RUNS + "start/", {"period": "2026-10"})
    run = CommissionRun.objects.get()
    assert run.task_state == State.IDLE and run.calculations == 1
    # someone approves it meanwhile: the recalculation now fails with the run's message
    CommissionRun.objects.filter(pk=run.pk).update(state=CommissionRun.State.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.calculate_commission_run.delay(run.pk)
    run.refresh_from_db()
    assert run.task_state == State.FAILED
    assert run.task_error == "Only a draft can be recalculated."
    html = page(operator.get(f"{RUNS}{run.pk}/"))
    assert "The background work failed" in html
    assert "Only a draft can be recalculated." in html and "Try again" in html
    # Try again on an approved run posts it
    assert f'action="{RUNS}{run.pk}/post/"' in html.split("Try again")[0].rsplit("<form", 1)[1]
    assert "Failed" in page(operator.get(RUNS))  # the runs list's badge


def test_an_unexpected_error_stores_a_generic_message_and_logs_the_traceback(
    operator, network, run, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(commission_runs, "period_result", broken)
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(f"{RUNS}{run.pk}/recalculate/")
    run.refresh_from_db()
    assert run.task_state == State.FAILED
    assert "unexpected error" in run.task_error and "secret" not in run.task_error
    assert "ZeroDivisionError: secret internals" in caplog.text
    html = page(operator.get(f"{RUNS}{run.pk}/"))
    assert "unexpected error" in html and "secret internals" not in html
    # trying again after the fault is gone calculates the run
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(f"{RUNS}{run.pk}/recalculate/")
    run.refresh_from_db()
    assert run.task_state == State.IDLE and run.task_error == "" and run.calculations == 1


def test_posting_reports_posting(operator, network, run, django_capture_on_commit_callbacks):
    run = commission_runs.calculate_run(run)
    commission_runs.approve_run(run, None)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        operator.post(f"{RUNS}{run.pk}/post/")
    status = json.loads(operator.get(f"{RUNS}{run.pk}/status/").content)
    assert status["state"] == "queued" and status["busy"] is True
    html = page(operator.get(f"{RUNS}{run.pk}/"))
    assert "Posting to the ledger" in html and "Reading the network" not in html
    CommissionRun.objects.filter(pk=run.pk).update(task_state=State.RUNNING,
                                                   task_stage=Stage.POSTING)
    status = json.loads(operator.get(f"{RUNS}{run.pk}/status/").content)
    assert (status["stage"], status["stage_label"]) == ("posting", "Posting to the ledger")
    sent[0]()
    run.refresh_from_db()
    assert run.state == CommissionRun.State.POSTED and run.task_state == State.IDLE


def test_the_status_endpoint_returns_the_stage(operator, run):
    CommissionRun.objects.filter(pk=run.pk).update(task_state=State.RUNNING,
                                                   task_stage=Stage.CALCULATING)
    response = operator.get(f"{RUNS}{run.pk}/status/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    status = json.loads(response.content)
    assert status["state"] == "running" and status["busy"] is True
    assert (status["stage"], status["stage_label"]) == ("calculating", "Calculating")
    html = page(operator.get(f"{RUNS}{run.pk}/"))
    assert "Working in the background" in html
    assert 'network-step--done" data-stage="reading"' in html
    assert 'network-step--current" data-stage="calculating"' in html
    assert "Calculating" in page(operator.get(RUNS))  # the runs list's badge
    assert operator.get(f"{RUNS}{run.pk + 1000}/status/").status_code == 404


@pytest.mark.parametrize("who", ["partner", "staff without the permission"])
def test_the_status_endpoint_refuses_the_unauthorised(client, run, who):
    CommissionRun.objects.filter(pk=run.pk).update(task_state=State.RUNNING,
                                                   task_stage=Stage.CALCULATING)
    if who == "partner":
        client.force_login(UserFactory())
    else:
        sign_in_to_admin(client, staff_with("view_commissionrun"))
    response = client.get(f"{RUNS}{run.pk}/status/")
    assert response.status_code in (302, 403)
    assert b"calculating" not in response.content


def test_the_command_prints_the_stages_as_they_happen(network, published, capsys):
    call_command("commission_run", "2026-10", "--post")
    out = capsys.readouterr().out
    positions = [out.index(f"{stage}: ") for stage in
                 ("reading", "calculating", "storing", "posting")]
    assert positions == sorted(positions)
    assert "Reading the network" in out and "Posted" in out
    run = CommissionRun.objects.get()
    assert run.task_state == State.IDLE and run.task_finished_at is not None
