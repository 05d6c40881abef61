"""Celery tasks of compensation; each is idempotent (at-least-once delivery).

The tasks keep the names they were registered under when they lived in `network.tasks`, so
work queued before an upgrade is still picked up by the upgraded workers.
"""

from celery import shared_task
from django.contrib.auth import get_user_model

from compensation import analysis_jobs, commission_runs, run_progress
from compensation.models import CommissionRun


@shared_task(acks_late=True, name="network.tasks.calculate_commission_run")
def calculate_commission_run(run_id):
    """Recalculating a draft is idempotent: the run's lines are replaced each time. The
    stages and the outcome are recorded on the run (run_progress); a failure is recorded
    and logged there, not raised again (retrying it would fail the same way)."""
    try:
        with run_progress.tracking(run_id) as progress:
            run = commission_runs.calculate_run(CommissionRun.objects.get(pk=run_id), progress)
    except Exception:
        return None
    return run.totals


@shared_task(acks_late=True, name="network.tasks.post_commission_run")
def post_commission_run(run_id, user_id=None, open_period=False):
    """Posting is idempotent: a redelivered task skips what was already written. The
    operator who asked (`user_id`) is who posts, for the two-people rule."""
    try:
        with run_progress.tracking(run_id, run_progress.Stage.POSTING):
            user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
            run = commission_runs.post_run(CommissionRun.objects.get(pk=run_id), user,
                                           open_period=open_period)
    except Exception:
        return None
    return run.state


@shared_task(acks_late=True, name="network.tasks.analyse_plan")
def analyse_plan(token):
    """The operators' plan analysis (analysis_jobs): it only reads, and a job already done
    is not run again, so a redelivered task is harmless. A failure is recorded on the job
    and logged there, not raised again."""
    job = analysis_jobs.run(token)
    return job["state"] if job is not None else None
