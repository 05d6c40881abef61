"""A partner's public landing at /<lang>/<code-or-slug>/ and its lead form.

The address pattern sits before Wagtail's pages and matches any one-segment address of a
code's shape, so when no partner or landing answers to it the request is handed to
Wagtail and the site's own pages (/en/about/) are served as before.
"""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.views import serve as serve_wagtail_page

from network import referrals

from . import leads, rendering, services
from .forms import LeadForm

JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def landing_page(request, address):
    language = get_language()
    landing = services.landing_for(address, language)
    if landing is None:
        return serve_wagtail_page(request, f"{address}/")
    if landing.language != language:
        query = request.META.get("QUERY_STRING", "")
        response = HttpResponseRedirect(landing.get_url() + (f"?{query}" if query else ""))
    elif request.method == "POST":
        response = submit_lead(request, landing)
    elif request.method in ("GET", "HEAD"):
        response = render_landing(request, landing, LeadForm())
        if request.method == "GET":  # link checkers probe with HEAD; they are not visits
            referrals.track(request, response, landing.partner)
    else:
        response = HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    add_never_cache_headers(response)
    return response


def submit_lead(request, landing):
    consent = landing.lead_form()
    if consent is None:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    form = LeadForm(request.POST)
    if leads.over_rate_limit(request):
        messages.error(request, _("Too many messages from your address. Please try later."))
        return render_landing(request, landing, form, status=429)
    if not form.is_valid():
        return render_landing(request, landing, form)
    if not form.is_spam:  # a bot is thanked like a person and leaves nothing behind
        leads.create_lead(request, landing, form.cleaned_data, consent["consent_text"])
    messages.success(
        request,
        _("Thank you! %(name)s will contact you soon.") % {"name": landing.partner.name},
    )
    return HttpResponseRedirect(request.get_full_path())


def _person(request, landing, canonical_url):
    partner = landing.partner
    person = {"@context": "https://schema.org", "@type": "Person", "name": partner.name,
              "url": canonical_url}
    if partner.photo:
        person["image"] = request.build_absolute_uri(partner.photo.url)
    if partner.phone:
        person["telephone"] = partner.phone
    return mark_safe(  # <, > and & escaped: cannot close the element
        json.dumps(person, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    )


def render_landing(request, landing, form, status=200, draft=None):
    """The public page; with `draft` (StreamField JSON) the builder's preview of it."""
    canonical_url = request.build_absolute_uri(landing.get_url())
    partner = landing.partner
    if draft is None:
        # The blocks come from the cache; the lead form among them is rendered per request.
        sections, description = rendering.published_sections(landing)
    else:
        sections = rendering.render_sections(
            landing, body=rendering.stream_of(draft), live=rendering.LIVE_BLOCKS
        )
        description = ""
    context = {
        "landing": landing,
        "partner": partner,
        "sections": sections,
        "lead_form": form,
        "canonical_url": canonical_url,
        "description": description,
        "share_image_url": request.build_absolute_uri(partner.photo.url) if partner.photo else "",
        "person_json_ld": _person(request, landing, canonical_url),
    }
    return render(request, "landing/landing.html", context, status=status)
