"""Who a sequence's trigger has fired for: per trigger, a Partner queryset annotated with
`triggered_at` (when the event happened: the sign-up, the last sign-in, the period's
start, the first paid order, the last lesson move, the oldest waiting lead, the run that
paid a bonus or raised the rank). The database finds them; Python only sees the partners
who actually enter.

Events (joined, first order, bonus earned, rank reached) also arrive as signals
(receivers.py) so their first step goes out at once; the periodic pass catches any a
signal missed (an import, a worker down).

A state that has lasted long is not a new event: a trigger looks back only CATCH_UP_DAYS
beyond its own N, so switching on a win-back sequence does not message every partner who
left years ago, and a partner re-enters only after a new event (eligible() leaves out
anyone who entered at or after their `triggered_at`).
"""

from datetime import datetime, timedelta

from django.db.models import DateTimeField, Exists, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from compensation.models import CommissionRun, PeriodResult
from landing.models import Lead, LeadStatus
from learning.models import CourseCompletion, StageProgress
from network.models import Partner, PartnerStatus
from orders.models import Order

from .conditions import PAID
from .models import Enrollment, Trigger

CATCH_UP_DAYS = 7


def period_start(now):
    """The first moment of the commission period (the calendar month) `now` is in."""
    today = timezone.localdate(now)
    return timezone.make_aware(datetime(today.year, today.month, 1))


def partners():
    """Partners who can be messaged: active, with an active account, not the company."""
    return Partner.objects.filter(status=PartnerStatus.ACTIVE, is_company=False,
                                  user__isnull=False, user__is_active=True)


def joined(sequence, now):
    window = now - timedelta(days=CATCH_UP_DAYS)
    return partners().filter(joined_at__gte=window, joined_at__lte=now).annotate(
        triggered_at=F("joined_at"))


def no_sign_in(sequence, now):
    last_seen = now - timedelta(days=sequence.trigger_days)
    return partners().annotate(
        triggered_at=Coalesce("user__last_login", "joined_at"),
    ).filter(triggered_at__lte=last_seen,
             triggered_at__gte=last_seen - timedelta(days=CATCH_UP_DAYS))


def no_order_this_period(sequence, now):
    start = period_start(now)
    if timezone.localdate(now).day < sequence.trigger_days:
        return None
    ordered = Order.objects.filter(partner_id=OuterRef("pk"), status__in=PAID,
                                   created_at__gte=start)
    return partners().filter(joined_at__lt=start).exclude(Exists(ordered)).annotate(
        triggered_at=moment(start))


def moment(value):
    """A fixed moment as a `triggered_at` annotation."""
    return Value(value, output_field=DateTimeField())


def first_order(sequence, now):
    window = now - timedelta(days=CATCH_UP_DAYS)
    recent = Order.objects.filter(status__in=PAID, created_at__gte=window,
                                  created_at__lte=now).values("partner_id")
    first = Order.objects.filter(partner_id=OuterRef("pk"), status__in=PAID).order_by(
        "created_at").values("created_at")[:1]
    return partners().filter(pk__in=recent).annotate(triggered_at=Subquery(first)).filter(
        triggered_at__gte=window)


def course_stalled(sequence, now):
    last_move = now - timedelta(days=sequence.trigger_days)
    completed = CourseCompletion.objects.filter(partner_id=OuterRef("partner_id"),
                                                course_key=OuterRef("course_key"))
    stalled = (StageProgress.objects.exclude(Exists(completed))
               .values("partner_id", "course_key").annotate(last=Max("last_moved_at"))
               .filter(last__lte=last_move,
                       last__gte=last_move - timedelta(days=CATCH_UP_DAYS))
               .values("partner_id"))
    latest = StageProgress.objects.filter(partner_id=OuterRef("pk")).order_by(
        "-last_moved_at").values("last_moved_at")[:1]
    # A partner moving in another course is learning, not stalled.
    return partners().filter(pk__in=stalled).annotate(triggered_at=Subquery(latest)).filter(
        triggered_at__lte=last_move)


def lead_not_contacted(sequence, now):
    waited = now - timedelta(hours=sequence.trigger_days)
    waiting = Lead.objects.filter(status=LeadStatus.NEW, created_at__lte=waited,
                                  created_at__gte=waited - timedelta(days=CATCH_UP_DAYS))
    oldest = Lead.objects.filter(partner_id=OuterRef("pk"), status=LeadStatus.NEW,
                                 created_at__lte=waited).order_by("created_at").values(
        "created_at")[:1]
    return partners().filter(pk__in=waiting.values("partner_id")).annotate(
        triggered_at=Subquery(oldest))


def _posted_results(now):
    window = now - timedelta(days=CATCH_UP_DAYS)
    runs = CommissionRun.objects.filter(state=CommissionRun.State.POSTED,
                                        posted_at__gte=window, posted_at__lte=now)
    return PeriodResult.objects.filter(run__in=runs)


def bonus_earned(sequence, now):
    paid = _posted_results(now).filter(partner_id=OuterRef("pk"), total__gt=0).order_by(
        "-run__posted_at").values("run__posted_at")[:1]
    return partners().annotate(triggered_at=Subquery(paid)).filter(triggered_at__isnull=False)


def rank_reached(sequence, now):
    """Partners whose title (Partner.rank) is the sequence's rank (any rank above the
    first when empty) and was first reached in a run posted within the window."""
    results = _posted_results(now).filter(highest_rank=F("partner__rank"))
    earlier = PeriodResult.objects.filter(
        partner_id=OuterRef("partner_id"), highest_rank=OuterRef("highest_rank"),
        run__period__lt=OuterRef("run__period"))
    results = results.exclude(Exists(earlier))
    if sequence.trigger_rank:
        results = results.filter(highest_rank=sequence.trigger_rank)
    reached = results.filter(partner_id=OuterRef("pk")).order_by("-run__posted_at").values(
        "run__posted_at")[:1]
    return partners().filter(pk__in=results.values("partner_id")).annotate(
        triggered_at=Subquery(reached))


FIRED = {
    Trigger.JOINED: joined,
    Trigger.NO_SIGN_IN: no_sign_in,
    Trigger.NO_ORDER_THIS_PERIOD: no_order_this_period,
    Trigger.FIRST_ORDER: first_order,
    Trigger.BONUS_EARNED: bonus_earned,
    Trigger.RANK_REACHED: rank_reached,
    Trigger.COURSE_STALLED: course_stalled,
    Trigger.LEAD_NOT_CONTACTED: lead_not_contacted,
}


def fired(sequence, now):
    """Partners the trigger fired for, annotated `triggered_at`, or None."""
    return FIRED[sequence.trigger](sequence, now)


def eligible(sequence, candidates):
    """Of `candidates` (annotated `triggered_at`), those who may enter now: not in the
    sequence at the moment, not entered since this event, and under the cap; annotated
    `entries` (how many times they entered before)."""
    mine = Enrollment.objects.filter(sequence=sequence, user_id=OuterRef("user_id"))
    count = mine.order_by().values("user_id").annotate(n=Max("entry")).values("n")[:1]
    return (candidates
            .exclude(Exists(mine.filter(Q(exited_at__isnull=True)
                                        | Q(entered_at__gte=OuterRef("triggered_at")))))
            .annotate(entries=Coalesce(Subquery(count), 0))
            .filter(entries__lt=sequence.max_entries))
