"""The background work on a commission run as the operator sees it: queued when asked for,
running through its stages (reading -> calculating -> storing, or posting), then idle
again (with how long it took) or failed (with a message the operator can act on).

Every change is a single `UPDATE` of the run's progress fields, outside the run's own
transaction, so the admin sees the stage while the work is still going on.
"""

import logging
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compensation.commission_runs import BUSY, RunError, busy_message
from compensation.models import CommissionRun

logger = logging.getLogger(__name__)

State = CommissionRun.TaskState
Stage = CommissionRun.TaskStage
CALCULATION_STEPS = (Stage.READING, Stage.CALCULATING, Stage.STORING)


def _update(run_id, **fields):
    CommissionRun.objects.filter(pk=run_id).update(**fields)


def queue(run):
    """Mark the run queued before its task is sent; refuses while work is queued or running
    (a second click, or a second operator), so the task is never sent twice."""
    taken = (
        CommissionRun.objects.filter(pk=run.pk).exclude(task_state__in=BUSY)
        .update(task_state=State.QUEUED, task_stage=Stage.QUEUED, task_started_at=None,
                task_finished_at=None, task_error="")
    )
    if not taken:
        raise RunError(busy_message())


@contextmanager
def tracking(run_id, stage=""):
    """Run the body as the run's background work: running (from `stage`), each stage the
    body reports to the yielded `progress(stage)`, then idle or failed. The exception is
    re-raised after it is recorded."""
    _update(run_id, task_state=State.RUNNING, task_stage=stage,
            task_started_at=timezone.now(), task_finished_at=None, task_error="")

    def progress(stage):
        _update(run_id, task_stage=stage)

    try:
        yield progress
    except RunError as error:
        _update(run_id, task_state=State.FAILED, task_finished_at=timezone.now(),
                task_error=" ".join(error.messages))
        raise
    except Exception:
        logger.exception("Background work on commission run %s failed", run_id)
        _update(run_id, task_state=State.FAILED, task_finished_at=timezone.now(),
                task_error=_("The work stopped on an unexpected error; it is logged for "
                             "the technical team. Try again, and if it fails again, tell "
                             "them the run and the time."))
        raise
    _update(run_id, task_state=State.IDLE, task_stage="", task_finished_at=timezone.now())


def elapsed_seconds(run, now=None):
    """Seconds the work has run (so far, or in all when finished); None before it starts."""
    if run.task_started_at is None:
        return None
    end = run.task_finished_at if run.task_state not in BUSY and run.task_finished_at else (
        now or timezone.now()
    )
    return max(0, int((end - run.task_started_at).total_seconds()))


def steps(run):
    """The stages shown as steps, each (stage, label, "done" / "current" / "todo")."""
    if run.task_stage == Stage.POSTING or run.state in (CommissionRun.State.APPROVED,
                                                         CommissionRun.State.POSTED):
        return [(Stage.POSTING, Stage.POSTING.label, "current")]
    order = list(CALCULATION_STEPS)
    current = order.index(run.task_stage) if run.task_stage in order else -1
    return [
        (stage, stage.label,
         "done" if index < current else "current" if index == current else "todo")
        for index, stage in enumerate(order)
    ]


def status(run):
    """The JSON the run page polls."""
    return {
        "state": run.task_state,
        "state_label": str(run.get_task_state_display()),
        "stage": run.task_stage,
        "stage_label": str(run.get_task_stage_display()) if run.task_stage else "",
        "busy": run.task_state in BUSY,
        "elapsed_seconds": elapsed_seconds(run),
        "error": run.task_error if run.task_state == State.FAILED else "",
        "run_state": run.state,
        "run_state_label": str(run.get_state_display()),
    }


def send(run, task, **arguments):
    """Queue the run, then send `task(run.pk, **arguments)` once the current transaction
    commits; a broker that cannot be reached leaves the run failed with a message, not
    queued."""
    queue(run)

    def deliver():
        try:
            task.delay(run.pk, **arguments)
        except Exception:
            logger.exception("Could not send the background work of commission run %s", run.pk)
            _update(run.pk, task_state=State.FAILED, task_finished_at=timezone.now(),
                    task_error=_("The background workers could not be reached. Try again in "
                                 "a moment."))

    transaction.on_commit(deliver)


def clock(seconds):
    """Seconds as m:ss, or h:mm:ss from an hour on."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
