"""Leads: taking one from a landing's form, holding back floods, telling the partner."""

import logging

from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from network import referrals
from network.forms import client_ip

from .models import Lead

logger = logging.getLogger(__name__)

# Lead form posts one address may send in RATE_WINDOW_SECONDS, valid or not.
LEADS_PER_ADDRESS = 5
RATE_WINDOW_SECONDS = 10 * 60


def over_rate_limit(request):
    """Count this post against the sender's address; True once they have sent too many."""
    key = f"landing:lead-posts:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        posts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        posts = 1
    return posts > LEADS_PER_ADDRESS


def _clip(field, value):
    return (value or "")[: Lead._meta.get_field(field).max_length]


def create_lead(request, landing, details, consent_text):
    """A new lead for the landing's partner from the form's cleaned `details`; the partner
    is emailed once the lead is stored."""
    lead = Lead.objects.create(
        landing=landing,
        partner=landing.partner,
        name=details["name"],
        email=details.get("email", ""),
        phone=details.get("phone", ""),
        message=details.get("message", ""),
        consent_text=consent_text,
        consent_given=bool(details.get("consent")),
        visitor_id=referrals.visitor_id(request),
        **{field: _clip(field, request.GET.get(field, "").strip())
           for field in referrals.UTM_FIELDS},
    )
    transaction.on_commit(lambda: notify_partner(lead))
    return lead


def notify_partner(lead):
    """Email the partner about a new lead, in their own language."""
    partner = lead.partner
    user = partner.user if partner.user_id else None
    if user is None or not user.email:
        return
    with translation.override(user.language or "en"):
        subject = _("A new lead from your page: %(name)s") % {"name": lead.name}
        body = render_to_string("landing/email/new_lead.txt", {"lead": lead, "partner": partner})
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # a mail outage must not lose the lead
        logger.exception("could not notify partner %s of lead %s", partner.pk, lead.pk)
