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

from . import leads, page_cache, rendering, services
from .forms import LeadForm

JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def landing_page(request, address):
    language = get_language()
    if request.method in ("GET", "HEAD"):
        response = show_landing(request, address, language)
        if response is None:
            return serve_wagtail_page(request, f"{address}/")
        add_never_cache_headers(response)
        return response
    landing = services.landing_for(address, language)
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
            body = page_cache.render_for_cache(
                request, lambda request, **extra: render_landing(
                    request, landing, LeadForm(), extra_context=extra),
            ).content
            cache.set(key, body, page_cache.PAGE_SECONDS)
        response = HttpResponse(page_cache.personalize(request, body))
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


def render_landing(request, landing, form, status=200, draft=None, extra_context=None):
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
        **(extra_context or {}),
    }
    return render(request, "landing/landing.html", context, status=status)
