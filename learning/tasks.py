"""Learning's background work: counting the first-90-days cohorts (learning/reports.py
says why they are counted ahead and stored)."""

from celery import shared_task

from . import reports


@shared_task(name="learning.count_cohorts", acks_late=True)
def count_cohorts():
    """Count every join month's cohort and store it for the report; returns the months."""
    return reports.count_cohorts()
