"""Celery tasks of the network; each is idempotent (at-least-once delivery)."""

from celery import shared_task

from . import commission_runs, placement, snapshots
from .models import CommissionRun


@shared_task(acks_late=True)
def recompute_snapshots():
    return snapshots.recompute()


@shared_task(acks_late=True)
def place_expired_holding_tank():
    return placement.place_expired_holding_tank()


@shared_task(acks_late=True)
def calculate_commission_run(run_id):
    """Recalculating a draft is idempotent: the run's lines are replaced each time."""
    run = commission_runs.calculate_run(CommissionRun.objects.get(pk=run_id))
    return run.totals


@shared_task(acks_late=True)
def post_commission_run(run_id):
    """Posting is idempotent: a redelivered task skips what was already written."""
    return commission_runs.post_run(CommissionRun.objects.get(pk=run_id)).state
