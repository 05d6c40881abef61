"""Learning's background work: counting the first-90-days cohorts (learning/reports.py
says why they are counted ahead and stored) and putting the mentor view's roster right
(learning/roster.py), each hourly."""

from celery import shared_task

from . import reports, roster


@shared_task(name="learning.count_cohorts", acks_late=True)
def count_cohorts():
    """Count every join month's cohort and store it for the report; returns the months."""
    return reports.count_cohorts()


@shared_task(name="learning.sync_roster", acks_late=True)
def sync_roster():
    """Put the mentor view's roster right (learning/roster.py); returns [made, mended]."""
    return list(roster.sync())
