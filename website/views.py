"""The company site's own views: search, a page missing in a language, robots.txt and the
error pages."""

import re

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page, Site

from core.api import api_not_found

RESULTS_PER_PAGE = 10


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if re.search(r"\w", query):  # punctuation alone searches for nothing
        locale = Locale.get_active()
        results = Page.objects.live().public().filter(locale=locale).specific().search(query)
        Query.get(query).add_hit()
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return render(request, "website/search.html", {"query": query, "results": page})


def page_untranslated(request, page_id):
    """Where the language switcher sends a visitor from a page that has no translation in
    the language they chose: it says so and offers the page in the languages it has."""
    site = Site.find_for_request(request)
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or not _on_site(page, site, request):
        raise Http404  # nor the title of a page of another site or of none (the tree's root)
    translations = {
        translation.locale.language_code: translation
        for translation in page.get_translations(inclusive=True).live().public()
        .select_related("locale")
        if _on_site(translation, site, request)
    }
    language = Locale.get_active().language_code
    if language in translations:  # translated since the link was made
        return redirect(translations[language].get_url(request))
    available = [
        {"code": code, "name": name, "title": translations[code].title,
         "url": translations[code].get_url(request)}
        for code, name in settings.LANGUAGES if code in translations
    ]
    return render(request, "website/page_untranslated.html", {"available": available})


def _on_site(page, site, request):
    """Whether `page` is served by `site` (the one the request came to)."""
    parts = page.get_url_parts(request)
    return site is not None and parts is not None and parts[0] == site.pk


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /en/accounts/",
        "Disallow: /ru/accounts/",
        "Disallow: /uk/accounts/",
        "Disallow: /en/r/",
        "Disallow: /ru/r/",
        "Disallow: /uk/r/",
        "Disallow: /en/cabinet/",
        "Disallow: /ru/cabinet/",
        "Disallow: /uk/cabinet/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api_not_found(request, exception)
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors or database: the page must render when they are the problem.
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({}), status=500)
