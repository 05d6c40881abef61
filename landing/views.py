"""A partner's public landing at /<lang>/<code-or-slug>/ and its lead form.

The address pattern sits before Wagtail's pages and matches any one-segment address of a
code's shape, so when no partner or landing answers to it the request is handed to
Wagtail and the site's own pages (/en/about/) are served as before.
"""

import json

from django.contrib import messages
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.views import serve as serve_wagtail_page

from . import conversions, leads, online, page_cache, rendering, targeting
from .forms import LeadForm

JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def landing_page(request, address):
    language = get_language()
    if request.method in ("GET", "HEAD"):
        response = None
        if request.GET.get(conversions.PARAMETER) == "signup":  # never the cached path
            response = conversions.signup_frame(request, address, language)
        if response is not None:
            return response
        response = show_landing(request, address, language)
        if response is None:
            return serve_wagtail_page(request, f"{address}/")
        add_never_cache_headers(response)
        return response
    landing = online.landing_for(address, language)
    if landing is None:
        return serve_wagtail_page(request, f"{address}/")
    if landing.language != language:
        response = _to_language(request, landing.get_url())
    elif request.method == "POST":
        response = submit_lead(request, landing)
    else:
        response = HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    add_never_cache_headers(response)
    return response


def _to_language(request, url):
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(url + (f"?{query}" if query else ""))


def show_landing(request, address, language):
    """GET or HEAD: the landing's page (None when the address names no landing).

    An anonymous visitor with no pending message gets the cached page (landing/
    page_cache.py), rendered here on a miss; others get a page of their own. A GET counts
    the visit and remembers the sponsor as a referral link does; HEAD (link checkers)
    does not.
    """
    entry, landing = page_cache.cached_entry(language, address), None
    if entry is None:
        entry, landing = page_cache.resolve(address, language)
    if not entry or entry["landing"] is None:
        return None
    if entry["language"] != language:
        return _to_language(request, entry["url"])
    cacheable = page_cache.cacheable(request)
    body = cache.get(page_cache.page_key(request, entry)) if cacheable else None
    if body is None and landing is None:  # to be rendered: the landing, fresh
        entry, landing = page_cache.resolve(address, language)
        if entry is None:
            return None
        if entry["language"] != language:
            return _to_language(request, entry["url"])
    if not cacheable:
        response = render_landing(request, landing, LeadForm())
    else:
        key = page_cache.page_key(request, entry)
        if body is None:
            rendered = page_cache.render_for_cache(
                request, lambda request, **extra: render_landing(
                    request, landing, LeadForm(), extra_context=extra),
            )
            body, csp_update = rendered.content, getattr(rendered, "_csp_update", None)
            cache.set_many({key: body, f"{key}:csp": csp_update}, page_cache.PAGE_SECONDS)
        else:
            csp_update = cache.get(f"{key}:csp")
        response = HttpResponse(page_cache.personalize(request, body))
        if csp_update:  # the landing's own ad hosts (landing/targeting.py)
            response._csp_update = csp_update
        response.landing_page_key = key  # LandingCacheMiddleware keeps its headers
    if request.method == "GET":  # link checkers probe with HEAD; they are not visits
        partner = landing.partner if landing is not None else page_cache.partner_of(entry)
        page_cache.track(request, response, partner)
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
    created = True  # a bot is thanked like a person and leaves nothing behind
    if not form.is_spam:
        _lead, created = leads.create_lead(request, landing, form.cleaned_data,
                                           consent["consent_text"])
    name = {"name": landing.partner.name}
    if created:
        text = _("Thank you! %(name)s will contact you soon.") % name
    else:
        text = _("We already have your message: %(name)s will contact you soon. There is no "
                 "need to send it again.") % name
    # Shown where the form was (the page opens at it), and a new lead is reported to the
    # partner's ad pixels as a conversion (landing/targeting.py).
    messages.success(request, text,
                     extra_tags=LEAD_SENT if created else f"{LEAD_SENT} {LEAD_KNOWN}")
    return HttpResponseRedirect(f"{request.get_full_path()}#lead-form")


LEAD_SENT, LEAD_KNOWN = "lead-sent", "lead-known"


def _lead_result(request):
    """(the lead form's result message or None, the page's other messages)."""
    result, others = None, []
    for message in messages.get_messages(request):
        if LEAD_SENT in message.extra_tags.split():
            result = message
        else:
            others.append(message)
    return result, others


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


def render_landing(request, landing, form, status=200, draft=None, extra_context=None):
    """The public page; with `draft` (StreamField JSON) the builder's preview of it."""
    canonical_url = request.build_absolute_uri(landing.get_url())
    partner = landing.partner
    # The builder's preview leaves the partner's messages alone (its extra_context).
    lead_result, other_messages = _lead_result(request) if draft is None else (None, ())
    pixels = []
    if draft is None:
        # The blocks come from the cache; the lead form among them is rendered per request.
        sections, description = rendering.published_sections(landing)
        pixels = targeting.page_pixels(request, landing)
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
        "lead_result": lead_result,
        "messages": other_messages,  # the lead's result is shown in the form's place
        "ad_pixels": pixels,
        "ad_platform_names": ", ".join(pixel["name"] for pixel in pixels),
        "ad_config": targeting.page_config(
            landing, pixels,
            conversion="lead" if lead_result and LEAD_KNOWN not in lead_result.extra_tags.split()
            else None),
        **(extra_context or {}),
    }
    response = render(request, "landing/landing.html", context, status=status)
    if pixels:  # these ad hosts, on this landing's page alone
        response._csp_update = targeting.csp_update(pixels)
    return response
