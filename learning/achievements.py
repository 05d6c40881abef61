"""What the platform already knows about a partner's first steps, one question each: a
stage may require one of these (gating.py) and the 90-day plan ticks tasks from them
(journey_checks.py). Each check is one indexed `exists()` query on another app's table,
through its models (learning sits above them all)."""

from django.db.models import Q

from compensation.models import CommissionRun, PeriodResult
from landing.models import Landing, LandingState, Lead
from network.models import Partner
from network.referrals import has_visits
from orders.models import Order, OrderStatus

PAID_STATES = (OrderStatus.PAID, OrderStatus.SHIPPED)


def profile_completed(partner):
    """A photo or a way to be reached (the cabinet's welcome counts the same)."""
    return bool(partner.photo) or any(
        (partner.phone, partner.telegram, partner.whatsapp, partner.viber))


def landing_published(partner):
    return Landing.objects.filter(partner=partner, state=LandingState.PUBLISHED).exists()


def link_shared(partner):
    return has_visits(partner)


def first_lead(partner):
    return Lead.objects.filter(partner=partner).exists()


def first_order(partner):
    return Order.objects.filter(partner=partner, status__in=PAID_STATES).exists()


def first_partner(partner):
    return Partner.objects.filter(sponsor=partner).exclude(pk=partner.pk).exists()


def first_bonus(partner):
    return PeriodResult.objects.filter(
        Q(partner=partner) & Q(total__gt=0), run__state=CommissionRun.State.POSTED).exists()


CHECKS = {
    "profile_completed": profile_completed,
    "landing_published": landing_published,
    "link_shared": link_shared,
    "first_lead": first_lead,
    "first_order": first_order,
    "first_partner": first_partner,
    "first_bonus": first_bonus,
}


def has(partner, key):
    """Whether `partner` has achievement `key` (a key of CHECKS)."""
    return CHECKS[key](partner)
