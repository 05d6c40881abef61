"""Ticks the 90-day plan's automatic tasks from what the platform already knows, as it
happens: each check listens to the event of the app that knows it and calls
`journey.tick` (a task is written once; only partners in their first 90 days are ticked,
checked on the partner at hand before any query).

- first_partner: network's `partner_enrolled` (the new partner's sponsor is ticked);
- first_order: orders' `order_paid`;
- profile_completed: network's `partner_changed`, when achievements.profile_completed;
- landing_published: landing's `landing_published` (published at once or approved);
- first_lead: landing's `lead_created`;
- lesson_completed, stage_passed, course_completed: learning's own signals, for the task
  whose page is that lesson, stage or course (or a translation of it);
- first_bonus: a commission run saved as posted (the way compensation/ranks.py listens),
  ticked in bulk for the newcomers with a positive total in that run, after it commits.

link_shared has no event on purpose: visits are high-volume (every click on every
partner's link) and a signal per visit would cost every visit a query for the sake of one
task per partner. The 90-day page reconciles it instead (journey.reconcile asks
achievements.link_shared while the task is due), as it does for any event missed.
"""

import functools
import logging
from datetime import timedelta

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from compensation.models import CommissionRun, PeriodResult
from landing.signals import landing_published, lead_created
from network.signals import partner_changed, partner_enrolled
from orders.signals import order_paid

from . import achievements, journey, signals
from .models import TaskCheck

logger = logging.getLogger(__name__)


def safely(receiver):
    """A tick never stops what sent the event (a sign-up, a payment, a publication): it
    runs in a savepoint of its own, and a failure is logged, not raised; the 90-day page's
    reconciliation ticks the task later."""

    @functools.wraps(receiver)
    def wrapped(sender, **kwargs):
        try:
            with transaction.atomic():
                receiver(sender, **kwargs)
        except Exception:
            logger.exception("could not tick the 90-day plan from %s", receiver.__name__)

    return wrapped


@safely
def _partner_enrolled(sender, partner, **kwargs):
    sponsor = partner.sponsor if partner.sponsor_id else None
    if sponsor is not None and journey.is_newcomer(sponsor):
        journey.tick(sponsor, TaskCheck.FIRST_PARTNER)


@safely
def _order_paid(sender, order, **kwargs):
    if order.partner_id:
        journey.tick(order.partner, TaskCheck.FIRST_ORDER)


@safely
def _partner_changed(sender, partner, **kwargs):
    if journey.is_newcomer(partner) and achievements.profile_completed(partner):
        journey.tick(partner, TaskCheck.PROFILE_COMPLETED)


@safely
def _landing_published(sender, landing, **kwargs):
    journey.tick(landing.partner, TaskCheck.LANDING_PUBLISHED)


@safely
def _lead_created(sender, lead, **kwargs):
    journey.tick(lead.partner, TaskCheck.FIRST_LEAD)


@safely
def _lesson_completed(sender, partner, lesson, **kwargs):
    journey.tick(partner, TaskCheck.LESSON_COMPLETED, page=lesson)


@safely
def _stage_passed(sender, partner, stage, **kwargs):
    journey.tick(partner, TaskCheck.STAGE_PASSED, page=stage)


@safely
def _course_completed(sender, partner, course, **kwargs):
    journey.tick(partner, TaskCheck.COURSE_COMPLETED, page=course)


def _run_saved(sender, instance, update_fields=None, **kwargs):
    if instance.state == CommissionRun.State.POSTED and "state" in (update_fields or ()):
        run_pk = instance.pk
        transaction.on_commit(lambda: tick_first_bonus(run_pk))


def tick_first_bonus(run_pk, now=None):
    """Newcomers who earned a bonus in the posted run get their first-bonus task ticked,
    in bulk."""
    now = now or timezone.now()
    if TaskCheck.FIRST_BONUS not in journey.active_checks():
        return 0
    since = now - timedelta(days=journey.PLAN_DAYS)
    newcomers = (PeriodResult.objects.filter(run_id=run_pk, total__gt=0,
                                             partner__joined_at__gte=since)
                 .values_list("partner_id", flat=True))
    return journey.tick_in_bulk(list(newcomers), TaskCheck.FIRST_BONUS, now)


def connect():
    journey.connect()
    partner_enrolled.connect(_partner_enrolled, dispatch_uid="learning.journey.enrolled")
    order_paid.connect(_order_paid, dispatch_uid="learning.journey.order_paid")
    partner_changed.connect(_partner_changed, dispatch_uid="learning.journey.partner_changed")
    landing_published.connect(_landing_published, dispatch_uid="learning.journey.landing")
    lead_created.connect(_lead_created, dispatch_uid="learning.journey.lead")
    signals.lesson_completed.connect(_lesson_completed, dispatch_uid="learning.journey.lesson")
    signals.stage_passed.connect(_stage_passed, dispatch_uid="learning.journey.stage")
    signals.course_completed.connect(_course_completed, dispatch_uid="learning.journey.course")
    post_save.connect(_run_saved, sender=CommissionRun, dispatch_uid="learning.journey.run")
