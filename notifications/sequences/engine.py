"""The sequence engine: enters the partners a trigger fired for, scores and closes entries
by their goal and exit condition, and does each step that is due: a notification (and
the sponsor's, when the step says so) for the sent group, a recorded send without one for
the holdout, so the funnel and the experiment compare like with like.

`run(now)` is the periodic pass (tasks.run_sequences, every few minutes); `enter_event`
is the signal path for events. Every write is guarded by the database (one entry per
entry number, one open entry, one send per step and entry, one notification per dedupe
key), so a pass run twice, or a signal racing the pass, sends each step once.
"""

import inspect
import logging
from collections import Counter
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from notifications import services
from notifications.models import Notification

from . import conditions, kinds, triggers
from .holdout import group_of
from .models import LANGUAGES, Enrollment, ExitReason, Group, Sequence, StepSend

logger = logging.getLogger(__name__)
BATCH = 1000
# Steps go out on the channels they name where the notification centre takes a channel
# list; otherwise on each partner's chosen channels for the sequence kinds.
_TAKES_CHANNELS = "channels" in inspect.signature(services.notify).parameters


def run(now=None):
    """One pass over every switched-on sequence; the counts of what it did."""
    now = now or timezone.now()
    done = Counter()
    for sequence in Sequence.objects.filter(active=True).prefetch_related("steps"):
        try:
            done.update(run_sequence(sequence, now))
        except Exception:
            # One sequence's failure (a broken step, a query the data trips) must not
            # stop the others; the next pass tries it again.
            logger.exception("sequence %s: the pass failed", sequence.pk)
            done["failed"] += 1
    return dict(done)


def run_sequence(sequence, now):
    """Enter, score, close and send for one sequence, in that order: nobody gets a step
    after the pass that saw them reach the exit condition."""
    done = Counter()
    candidates = triggers.fired(sequence, now)
    if candidates is not None:
        done["entered"] += enter(sequence, candidates, now)
    done["goals"] += score_goals(sequence, now)
    done["exited"] += close(sequence, now)
    done["sent"] += send_due(sequence, now)
    return done


def enter_event(trigger, partner_ids, triggered_at, *, rank="", now=None):
    """The signal path: `partner_ids` had the `trigger` event at `triggered_at`; they
    enter each switched-on sequence on it (within its cap) and get its due steps now."""
    now = now or timezone.now()
    entered = 0
    for sequence in Sequence.objects.filter(active=True, trigger=trigger).prefetch_related(
            "steps"):
        if sequence.trigger_rank and rank and sequence.trigger_rank != rank:
            continue
        candidates = triggers.partners().filter(pk__in=partner_ids).annotate(
            triggered_at=triggers.moment(triggered_at))
        entered += enter(sequence, candidates, now)
        send_due(sequence, now, partner_ids=partner_ids)
    return entered


def enter(sequence, candidates, now):
    """Enters the eligible candidates, BATCH at a time; how many entered."""
    eligible = triggers.eligible(sequence, candidates).order_by("pk")
    entered, last = 0, 0
    while True:
        rows = list(eligible.filter(pk__gt=last).values_list(
            "pk", "user_id", "triggered_at", "entries")[:BATCH])
        if not rows:
            return entered
        Enrollment.objects.bulk_create([
            Enrollment(sequence=sequence, partner_id=partner_id, user_id=user_id,
                       entry=entries + 1, triggered_at=triggered_at, entered_at=now,
                       group=group_of(sequence.pk, partner_id, sequence.holdout_percent))
            for partner_id, user_id, triggered_at, entries in rows
        ], ignore_conflicts=True)
        entered += Enrollment.objects.filter(
            sequence=sequence, partner_id__in=[row[0] for row in rows], entered_at=now,
        ).count()
        last = rows[-1][0]


def _open(sequence):
    return Enrollment.objects.filter(sequence=sequence, exited_at__isnull=True)


def score_goals(sequence, now):
    """Marks the entries that reached the sequence's goal within its window (both groups:
    the experiment compares them)."""
    met = conditions.met(sequence.goal_condition)
    if met is None:
        return 0
    window = now - timedelta(days=sequence.goal_days)
    return Enrollment.objects.filter(
        sequence=sequence, goal_at__isnull=True, entered_at__gte=window,
    ).filter(met).update(goal_at=now)


def close(sequence, now):
    """Closes the open entries whose exit condition is met, whose account was closed, or
    whose goal window (or, if later, the last step's delay) is over."""
    closed = 0
    met = conditions.met(sequence.exit_condition)
    if met is not None:
        closed += _open(sequence).filter(met).update(exited_at=now,
                                                     exit_reason=ExitReason.GOAL)
    closed += _open(sequence).filter(user__is_active=False).update(
        exited_at=now, exit_reason=ExitReason.INACTIVE)
    last_delay = max((step.delay for step in sequence.steps.all()), default=timedelta())
    over = now - max(timedelta(days=sequence.goal_days), last_delay)
    closed += _open(sequence).filter(entered_at__lt=over).update(
        exited_at=now, exit_reason=ExitReason.FINISHED)
    return closed


def send_due(sequence, now, partner_ids=None):
    """Does every step due for the open entries; how many steps were done."""
    done = 0
    for position, step in enumerate(sequence.steps.all(), start=1):
        due = _open(sequence).filter(entered_at__lte=now - step.delay).exclude(
            Exists(StepSend.objects.filter(enrollment_id=OuterRef("pk"), step=step)))
        if partner_ids is not None:
            due = due.filter(partner_id__in=partner_ids)
        while True:
            held = list(due.filter(group=Group.HOLDOUT).values_list("pk", flat=True)[:BATCH])
            if not held:
                break
            StepSend.objects.bulk_create([
                StepSend(enrollment_id=pk, step=step, position=position, sent_at=now)
                for pk in held], ignore_conflicts=True)
            done += len(held)
        while True:
            batch = list(due.filter(group=Group.SENT).select_related(
                "user", "partner__sponsor__user").order_by("pk")[:BATCH])
            if not batch:
                break
            for enrollment in batch:
                send_step(enrollment, step, position, now)
            done += len(batch)
    return done


def step_texts(step, title, body):
    """{language: [title, body]} of the step's `title` and `body` fields, English where a
    language has none: what a notification's params carry."""
    return {language: [getattr(step, f"{title}_{language}") or getattr(step, f"{title}_en"),
                       getattr(step, f"{body}_{language}") or getattr(step, f"{body}_en")]
            for language in LANGUAGES}


def _notify(user, kind, *, params, url, dedupe_key, source, channels, now):
    extra = {"channels": list(channels)} if _TAKES_CHANNELS else {}
    created = services.notify(user, kind, params=params, url=url, dedupe_key=dedupe_key,
                              source=source, now=now, **extra)
    if created is not None:
        return created
    # Sent before (a pass run twice): link the notification it made.
    return Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).first()


def _mentor_view(user):
    language = getattr(user, "language", "") or "en"
    try:
        with translation.override(language):
            return reverse("cabinet:mentees")
    except NoReverseMatch:
        return ""


def send_step(enrollment, step, position, now):
    """The step's notification to the partner (and the sponsor's), then its record."""
    sequence_id = enrollment.sequence_id
    source = f"sequence:{sequence_id}:step:{position}"
    key = f"sequence:{enrollment.pk}:step:{step.pk}"
    partner = enrollment.partner
    notification = _notify(
        enrollment.user, kinds.MESSAGE, url=step.url, dedupe_key=key, source=source,
        channels=step.channels, now=now,
        params={"sequence": sequence_id, "step": step.pk,
                "texts": step_texts(step, "title", "body"),
                "name": enrollment.user.first_name or partner.name})
    sponsor_notification = None
    sponsor = partner.sponsor
    if step.tell_sponsor and sponsor is not None and sponsor.user is not None \
            and not sponsor.is_company:
        sponsor_notification = _notify(
            sponsor.user, kinds.SPONSOR, url=_mentor_view(sponsor.user),
            dedupe_key=f"{key}:sponsor", source=f"{source}:sponsor", channels=step.channels,
            now=now,
            params={"sequence": sequence_id, "step": step.pk, "partner": partner.pk,
                    "texts": step_texts(step, "sponsor_title", "sponsor_body"),
                    "name": sponsor.user.first_name or sponsor.name,
                    "newcomer": partner.name})
    StepSend.objects.bulk_create([StepSend(
        enrollment=enrollment, step=step, position=position, notification=notification,
        sponsor_notification=sponsor_notification, sent_at=now)], ignore_conflicts=True)
    return notification
