"""When an entry's exit condition or goal is met: each condition is a filter over
enrollments (an EXISTS over the partner's orders, lessons, leads or team, or the user's
last sign-in after the entry), so the engine closes or scores every entry of a sequence in
one UPDATE however many partners are in it.

Only what happened after the partner entered counts: an order placed the day before the
welcome message does not end the welcome.
"""

from django.db.models import Exists, F, OuterRef, Q

from landing.models import Lead, LeadStatus
from learning.models import CourseCompletion, Learner
from network.models import Partner
from orders.models import Order, OrderStatus

from .models import Condition

PAID = (OrderStatus.PAID, OrderStatus.SHIPPED)


def met(condition):
    """A Q over Enrollment: the condition happened after the entry. None for "no
    condition" (never met)."""
    partner, entered = OuterRef("partner_id"), OuterRef("entered_at")
    if condition == Condition.ORDERED:
        return Q(Exists(Order.objects.filter(partner_id=partner, status__in=PAID,
                                             created_at__gt=entered)))
    if condition == Condition.SIGNED_IN:
        return Q(user__last_login__gt=F("entered_at"))
    if condition == Condition.LEARNING_RESUMED:
        return Q(Exists(Learner.objects.filter(partner_id=partner,
                                               last_activity_at__gt=entered)))
    if condition == Condition.COURSE_COMPLETED:
        return Q(Exists(CourseCompletion.objects.filter(partner_id=partner,
                                                        completed_at__gt=entered)))
    if condition == Condition.LEADS_CONTACTED:
        # Every lead that was waiting when the partner entered has been answered.
        return ~Q(Exists(Lead.objects.filter(partner_id=partner, status=LeadStatus.NEW,
                                             created_at__lte=entered)))
    if condition == Condition.SPONSORED:
        return Q(Exists(Partner.objects.filter(sponsor_id=partner, joined_at__gt=entered)))
    return None
