"""Leads: taking one from a landing's form, holding back floods, announcing it; the
partner's own leads for the cabinet, and linking a lead to the partner it became (at once
when they sign up under the lead's partner with the lead's email).
"""

import datetime

from allauth.core.internal import ratelimit
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from network import owners, referrals

from . import signals
from .models import Landing, Lead, LeadStatus

# Lead form posts one address may send in RATE_WINDOW_SECONDS, valid or not, counted by
# allauth's rate limiter (the one sign-in uses: the same client address, the same cache).
LEADS_PER_ADDRESS = 5
RATE_WINDOW_SECONDS = 10 * 60
RATE_LIMITS = {"lead": f"{LEADS_PER_ADDRESS}/{RATE_WINDOW_SECONDS}s/ip"}
# The same person's lead again within this many minutes is the one they already sent.
DUPLICATE_MINUTES = 15


def over_rate_limit(request):
    """Count this post against the sender's address; True once they have sent too many."""
    return not ratelimit.consume(request, app="landing", action="lead", config=RATE_LIMITS)


def _clip(field, value):
    return (value or "")[: Lead._meta.get_field(field).max_length]


def create_lead(request, landing, details, consent_text):
    """(lead, created): a new lead for the landing's partner from the form's cleaned
    `details`, announced (`lead_created`) once it is stored; or, when the same person (email and
    phone) sent this landing a lead in the last DUPLICATE_MINUTES, that lead, with any new
    words of theirs added to its message, and nothing new stored."""
    with transaction.atomic():
        # One lead at a time per landing: two quick sends cannot both miss each other.
        Landing.objects.select_for_update().filter(pk=landing.pk).first()
        earlier = _recent_duplicate(landing, details)
        if earlier is not None:
            _add_message(earlier, details.get("message", ""))
            return earlier, False
        return _store(request, landing, details, consent_text), True


def _recent_duplicate(landing, details):
    since = timezone.now() - datetime.timedelta(minutes=DUPLICATE_MINUTES)
    return (
        Lead.objects.filter(landing=landing, created_at__gte=since,
                            email__iexact=details.get("email", ""),
                            phone=details.get("phone", ""))
        .order_by("-created_at", "-pk").first()
    )


def _add_message(lead, message):
    message = (message or "").strip()
    if message and message not in lead.message:
        lead.message = f"{lead.message}\n\n{message}".strip()
        lead.save(update_fields=["message"])


def _store(request, landing, details, consent_text):
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
    # The partner hears of it through the notification centre, which listens.
    transaction.on_commit(lambda: signals.lead_created.send(sender=Lead, lead=lead))
    return lead


# --- the partner's leads in the cabinet --------------------------------------------------


def partner_leads(partner):
    """The leads of `partner`'s landings, and no one else's: every cabinet read starts here."""
    return Lead.objects.filter(partner=partner)


def new_lead_count(partner):
    return partner_leads(partner).filter(status=LeadStatus.NEW).count()


def filter_leads(leads, filters):
    """Narrow `leads` by the cleaned filters: status, landing, received from/until (the
    site's local days, inclusive) and a search over name, email and phone."""
    if filters.get("status"):
        leads = leads.filter(status=filters["status"])
    if filters.get("landing"):
        leads = leads.filter(landing=filters["landing"])
    if filters.get("received_after"):
        leads = leads.filter(created_at__date__gte=filters["received_after"])
    if filters.get("received_before"):
        leads = leads.filter(created_at__date__lte=filters["received_before"])
    search = (filters.get("q") or "").strip()
    if search:
        leads = leads.filter(
            Q(name__icontains=search) | Q(email__icontains=search) | Q(phone__icontains=search)
        )
    return leads


def signed_up_partner(lead):
    """The partner who signed up with the lead's email under the lead's partner as their
    sponsor, or None: the one a converted lead may be linked to."""
    return owners.recruit_with_email(lead.partner_id, lead.email)


def link_converted(lead, partner):
    """Mark `lead` converted into `partner` (who must be the one `signed_up_partner` finds);
    `lead_converted` is sent once the lead is first linked and that commits."""
    first_link = Lead.objects.filter(pk=lead.pk, converted_partner__isnull=True).update(
        converted_partner=partner, status=LeadStatus.CONVERTED
    )
    lead.converted_partner = partner
    lead.status = LeadStatus.CONVERTED
    if first_link:
        _announce_converted([lead.pk])
    else:
        lead.save(update_fields=["converted_partner", "status"])
    return lead


def convert_on_signup(sender, partner, **kwargs):
    """On `network.signals.partner_enrolled`: the sponsor's unlinked leads with the new
    partner's email become converted into them (`lead_converted` for each, after commit)."""
    email = partner.user.email if partner.user_id else ""
    if not email or partner.sponsor_id is None:
        return 0
    unlinked = list(Lead.objects.filter(
        partner_id=partner.sponsor_id, email__iexact=email, converted_partner__isnull=True
    ).values_list("pk", flat=True))
    converted = Lead.objects.filter(pk__in=unlinked, converted_partner__isnull=True).update(
        converted_partner=partner, status=LeadStatus.CONVERTED
    )
    _announce_converted(unlinked)
    return converted


def _announce_converted(lead_ids):
    def announce():
        for lead in Lead.objects.filter(pk__in=lead_ids).select_related(
            "converted_partner__user", "partner__user", "landing"
        ):
            signals.lead_converted.send(sender=Lead, lead=lead, partner=lead.converted_partner)

    if lead_ids:
        transaction.on_commit(announce)
