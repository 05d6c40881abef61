"""Visits to partner landings, counted by the referral link's rules but written to the
database after the response, many at a time.

A landing visit follows the referral module's rules (`network.referrals.visit_to_record`:
no crawlers, not the partner themselves, the visitor's id from their cookie, once per
visitor and partner in `VISIT_DEDUP_MINUTES`, that window claimed in the cache). Only the
writing moves out of the request:

- `queue()` takes the visit from the referral module and appends it to this process's
  pending list;
- the pending list goes to the Celery task `landing.tasks.write_visits` (one message for
  many visits) once BATCH visits wait or the oldest has waited
  `LANDING_VISITS_WAIT_SECONDS`: when a response has been sent (`request_finished`), from
  a thread of the process when the requests stop, and when the process exits. With Celery
  eager (the demo) the task runs in this process right there, after the response went
  out; with a broker a worker writes them;
- the task stores them with `network.referrals.record_visits`, which checks the window
  again against the database (the referral link's own visits, a cleared cache, another
  web process, a task delivered twice) and inserts the rest in one statement.

`settings.LANDING_VISITS_WAIT_SECONDS` (default 1) sets the wait; 0 writes each visit as
soon as its response is sent (the test suite).
"""

import atexit
import logging
import threading
import time

from django.conf import settings
from django.core.signals import request_finished
from django.db import connections

from network import referrals

from .tasks import write_visits

logger = logging.getLogger(__name__)

BATCH = 500


def wait_seconds():
    return float(getattr(settings, "LANDING_VISITS_WAIT_SECONDS", 1.0))


class PendingVisits:
    """This process's visits waiting to be written; safe across request threads. A thread
    of its own (started with the first visit) writes what waits once traffic stops."""

    def __init__(self):
        self.lock = threading.Lock()
        self.visits = []
        self.since = 0.0
        self.flusher = None

    def add(self, visit):
        with self.lock:
            self.visits.append(visit)
            if len(self.visits) == 1:
                self.since = time.monotonic()
            if self.flusher is None and wait_seconds() > 0:
                self.flusher = threading.Thread(
                    target=self._flush_when_due, name="landing-visits", daemon=True)
                self.flusher.start()

    def take(self):
        with self.lock:
            visits, self.visits = self.visits, []
        return visits

    def due(self):
        return bool(self.visits) and (
            len(self.visits) >= BATCH or time.monotonic() - self.since >= wait_seconds()
        )

    def _flush_when_due(self):
        while True:
            time.sleep(max(wait_seconds(), 0.1))
            if wait_seconds() <= 0:  # responses write their own visits now
                with self.lock:
                    self.flusher = None
                return
            if self.due():
                try:
                    flush()
                except Exception:  # the next round tries the following visits
                    logger.exception("could not hand landing visits over")
                finally:
                    connections.close_all()  # this thread's own connections only


pending = PendingVisits()


def queue(request, partner):
    """Count a visit through `partner`'s landing, to be written shortly; False when it
    does not count (see network.referrals.record_visit)."""
    visit = referrals.visit_to_record(request, partner)
    if visit is None:
        return False
    pending.add(visit)
    return True


def flush():
    """Hand every pending visit to the writing task now."""
    visits = pending.take()
    if visits:
        write_visits.delay(visits)
    return len(visits)


def flush_if_due(**kwargs):
    if pending.due():
        flush()


request_finished.connect(flush_if_due, dispatch_uid="landing.visits.flush_if_due")
atexit.register(flush)

