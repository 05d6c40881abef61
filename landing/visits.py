"""Visits to partner landings, counted by the referral link's rules but written to the
database after the response, many at a time.

A landing visit follows `network.referrals.record_visit` exactly: no crawlers, not the
partner themselves, the visitor's id from their cookie, once per visitor and partner in
`VISIT_DEDUP_MINUTES`. Only the writing moves out of the request:

- `queue()` checks those rules, claims the visitor's slot for the window with one
  `cache.add` (a reload inside the window is not counted again) and appends the visit to
  this process's pending list;
- the pending list goes to the Celery task `landing.tasks.write_visits` (one message for
  many visits) once BATCH visits wait or the oldest has waited
  `LANDING_VISITS_WAIT_SECONDS`: when a response has been sent (`request_finished`), from
  a thread of the process when the requests stop, and when the process exits. With Celery
  eager (the demo) the task runs in this process right there, after the response went
  out; with a broker a worker writes them;
- `write()` checks the window again against the database (the referral link's own visits,
  a cleared cache, another web process, a task delivered twice) and inserts the rest in
  one statement.

`settings.LANDING_VISITS_WAIT_SECONDS` (default 1) sets the wait; 0 writes each visit as
soon as its response is sent (the test suite).
"""

import atexit
import logging
import threading
import time
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from network import referrals
from network.models import ReferralVisit

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


MAX_LENGTHS = {field: ReferralVisit._meta.get_field(field).max_length
               for field in ("referrer", "landing", *referrals.UTM_FIELDS)}


def _clip(field, value):
    return (value or "")[: MAX_LENGTHS[field]]


def queue(request, partner):
    """Count a visit through `partner`'s landing, to be written shortly; False when it
    does not count (see network.referrals.record_visit)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and partner.user_id == user.pk:
        return False
    if referrals.is_bot(request):
        return False
    visitor = referrals.visitor_id(request)
    window = referrals.VISIT_DEDUP_MINUTES * 60
    if not cache.add(f"landing:visit:{partner.pk}:{visitor}", 1, window):
        return False
    pending.add({
        # A visitor id made for this request cannot have been seen before.
        "new_visitor": not referrals.VISITOR_ID.match(
            request.COOKIES.get(referrals.VISITOR_COOKIE, "")),
        "partner": partner.pk,
        "visitor_id": visitor,
        "visited_at": timezone.now().isoformat(),
        "referrer": _clip("referrer", request.META.get("HTTP_REFERER")),
        "landing": _clip("landing", request.path),
        **{field: _clip(field, request.GET.get(field, "").strip())
           for field in referrals.UTM_FIELDS},
    })
    return True


def flush():
    """Hand every pending visit to the writing task now."""
    visits = pending.take()
    if visits:
        from .tasks import write_visits

        write_visits.delay(visits)
    return len(visits)


def flush_if_due(**kwargs):
    if pending.due():
        flush()


request_finished.connect(flush_if_due, dispatch_uid="landing.visits.flush_if_due")
atexit.register(flush)


FIELDS = ("partner", "visited_at", "visitor_id", "referrer", "landing", *referrals.UTM_FIELDS)


def write(visits):
    """Store `visits` (queue()'s dicts) but those within the window of one already stored
    for the same returning visitor and partner, or of an earlier one among them, and those
    already stored (a task delivered twice). Returns how many were stored."""
    window = timedelta(minutes=referrals.VISIT_DEDUP_MINUTES)
    rows = sorted(
        ({**visit, "visited_at": parse_datetime(visit["visited_at"])} for visit in visits),
        key=lambda visit: visit["visited_at"],
    )
    if not rows:
        return 0
    partners = {row["partner"] for row in rows}
    stored = defaultdict(list)
    for partner_id, visitor, visited_at in ReferralVisit.objects.filter(
        partner_id__in=partners,
        visited_at__gte=rows[0]["visited_at"], visited_at__lte=rows[-1]["visited_at"],
    ).values_list("partner_id", "visitor_id", "visited_at"):
        stored[partner_id, visitor].append(visited_at)
    returning = {row["visitor_id"] for row in rows if not row.get("new_visitor")}
    if returning:
        for partner_id, visitor, visited_at in ReferralVisit.objects.filter(
            partner_id__in=partners, visitor_id__in=returning,
            visited_at__gte=rows[0]["visited_at"] - window,
            visited_at__lte=rows[-1]["visited_at"] + window,
        ).values_list("partner_id", "visitor_id", "visited_at"):
            stored[partner_id, visitor].append(visited_at)
    fresh = []
    for row in rows:
        times = stored[row["partner"], row["visitor_id"]]
        if any(abs(row["visited_at"] - when) <= window for when in times):
            continue
        times.append(row["visited_at"])
        fresh.append(row)
    _insert(fresh)
    return len(fresh)


def _insert(rows):
    """One INSERT run over all the rows: bulk_create spends about 0.15 ms of CPU a row
    preparing each field of each model instance, more than the rest of a cached request."""
    if not rows:
        return
    meta = ReferralVisit._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in FIELDS)
    sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(FIELDS))})")
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, [
            (row["partner"], adapt(row["visited_at"]),
             *(row.get(field, "") for field in FIELDS[2:]))
            for row in rows
        ])
