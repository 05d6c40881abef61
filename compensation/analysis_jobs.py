"""The operators' plan analysis as background work: started from the admin form, run by
the `analyse_plan` task, followed on its result page, and kept for a while.

A job is known by a random token. Its record lives in the Django cache (Redis where the
workers run, process-local in the demo) for `KEPT` seconds: the state (queued, running,
done, failed), the parameters and who asked, when it started and finished, the progress
(which period of which version) and the result, as `compensation.analysis` returns it (the
cache pickles its Decimals). Nothing is written to the database.

The same parameters asked again while their job is queued, running or done are answered
by that job, so a double submit or a reload does no work twice; a failed job, one no
worker has been heard of for `STALLED` seconds, or "Run again" starts a new one. A
draft's rules are part of the parameters: an edited draft is analysed afresh.
"""

import hashlib
import json
import logging
import secrets

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from compensation import analysis
from compensation.commission_runs import RunError
from compensation.models import PlanVersion

logger = logging.getLogger(__name__)

KEPT = 6 * 3600
STALLED = 15 * 60

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
BUSY = (QUEUED, RUNNING)


def _job_key(token):
    return f"network:analysis-job:{token}"


def _parameters_key(fingerprint):
    return f"network:analysis-parameters:{fingerprint}"


def _save(job):
    job["updated_at"] = timezone.now()
    cache.set(_job_key(job["token"]), job, KEPT)


def stalled(job):
    """Queued or running, but nothing heard of it for `STALLED` seconds (a worker lost it):
    it is not reused, and it may be run again."""
    return job["state"] in BUSY and (
        timezone.now() - job["updated_at"]
    ).total_seconds() > STALLED


def reusable(job):
    """A job that answers its parameters when they are asked again."""
    return job is not None and (job["state"] == DONE or (job["state"] in BUSY
                                                         and not stalled(job)))


def get(token):
    """The job, or None when there is no such token (or it is no longer kept)."""
    if not isinstance(token, str) or not token.isalnum():
        return None
    return cache.get(_job_key(token))


def _fingerprint(versions, periods, until):
    """The parameters as they decide the result: the versions' rules included."""
    text = json.dumps(
        [[[v.pk, v.rules] for v in versions], periods, until], sort_keys=True, default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()


def start(versions, periods, until, user, task, again=False):
    """The job for these parameters: the one already queued, running or done for them
    (unless `again`), or a new one whose `task(token)` is sent. `versions` are one or two
    plan versions, analysed over the same `periods` months ending with `until` (None:
    the last complete month, fixed here so the job says which months it covers)."""
    until = analysis.last_periods(1, until)[0]
    key = _parameters_key(_fingerprint(versions, periods, until))
    if not again:
        job = get(cache.get(key))
        if reusable(job):
            return job
    token = secrets.token_hex(16)
    job = {
        "token": token,
        "state": QUEUED,
        "versions": [{"id": v.pk, "label": f"{v.name} v{v.version}"} for v in versions],
        "periods": periods,
        "until": until,
        "asked_by": (user.get_full_name() or user.get_username()) if user else "",
        "asked_at": timezone.now(),
        "started_at": None,
        "finished_at": None,
        "progress": {"done": 0, "total": periods * len(versions), "period": 0,
                     "version": 0},
        "result": None,
        "error": "",
    }
    _save(job)
    if again or not cache.add(key, token, KEPT):
        other = get(cache.get(key))
        if not again and reusable(other):  # the same asked at the same moment: one job
            cache.delete(_job_key(token))
            return other
        cache.set(key, token, KEPT)
    try:
        task.delay(token)
    except Exception:
        logger.exception("Could not send the plan analysis %s", token)
        _finish(job, FAILED, error=_("The background workers could not be reached. Try "
                                     "again in a moment."))
    return get(token) or job


def _finish(job, state, result=None, error=""):
    job.update(state=state, result=result, error=error, finished_at=timezone.now())
    _save(job)


def run(token):
    """Run the job's analysis (the task's body): progress is recorded after each period,
    then the result, or the failure with a message for the operator (an unexpected error
    is logged with its traceback and shown as a general message). Never raises. A job
    already done is left as it is (the task may be delivered twice)."""
    job = get(token)
    if job is None or job["state"] == DONE:
        return job
    job.update(state=RUNNING, started_at=timezone.now(), finished_at=None, error="")
    _save(job)
    try:
        versions = PlanVersion.objects.in_bulk([v["id"] for v in job["versions"]])
        results = []
        for index, entry in enumerate(job["versions"]):
            if entry["id"] not in versions:
                raise analysis.AnalysisError(
                    _("%(version)s no longer exists.") % {"version": entry["label"]}
                )

            def progress(done, total, index=index):
                report(job, index, done)

            report(job, index, 0)
            results.append(analysis.analyse(versions[entry["id"]], job["periods"],
                                            job["until"], progress=progress))
    except analysis.AnalysisError as error:
        _finish(job, FAILED, error=str(error))
    except RunError as error:
        _finish(job, FAILED, error=" ".join(error.messages))
    except Exception:
        logger.exception("The plan analysis %s failed", token)
        _finish(job, FAILED, error=_(
            "The analysis stopped on an unexpected error; it is logged for the technical "
            "team. Try again, and if it fails again, tell them the time."
        ))
    else:
        _finish(job, DONE, result=results)
    return job


def report(job, version_index, done):
    """Record that `done` periods of the job's version number `version_index` (from 0)
    are analysed."""
    periods = job["periods"]
    job["progress"] = {
        "done": version_index * periods + done,
        "total": periods * len(job["versions"]),
        "period": min(done + 1, periods),
        "version": version_index,
    }
    _save(job)


def progress_label(job):
    """What is being worked on, e.g. "Period 2 of 3, Summer v2"."""
    if job["state"] == QUEUED:
        return _("Waiting for a background worker")
    if job["state"] != RUNNING:
        return ""
    step = job["progress"]
    return _("Period %(period)s of %(periods)s, %(version)s") % {
        "period": max(step["period"], 1), "periods": job["periods"],
        "version": job["versions"][step["version"]]["label"],
    }


def elapsed_seconds(job, now=None):
    """Seconds the analysis has run (so far, or in all when finished); None before."""
    if job["started_at"] is None:
        return None
    end = job["finished_at"] if job["state"] not in BUSY and job["finished_at"] else (
        now or timezone.now()
    )
    return max(0, int((end - job["started_at"]).total_seconds()))


def percent(job):
    step = job["progress"]
    if job["state"] == DONE:
        return 100
    return int(step["done"] * 100 / step["total"]) if step["total"] else 0


def status(job):
    """The JSON the result page polls (the keys run-progress.js reads)."""
    labels = {QUEUED: _("Queued"), RUNNING: _("Running"), DONE: _("Done"),
              FAILED: _("Failed")}
    return {
        "state": job["state"],
        "state_label": labels[job["state"]],
        "stage": "",
        "stage_label": progress_label(job),
        "busy": job["state"] in BUSY,
        "done": job["progress"]["done"],
        "total": job["progress"]["total"],
        "percent": percent(job),
        "elapsed_seconds": elapsed_seconds(job),
        "error": job["error"] if job["state"] == FAILED else "",
    }


def periods_of(job):
    """The months the job covers, oldest first."""
    return analysis.last_periods(job["periods"], job["until"])
