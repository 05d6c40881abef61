"""Template tags for the site chrome: menu, footer, language switcher, share metadata.

The menu's items, the rendered footer and the home link are the same on every page of a
site in a language, so they are computed once and kept in website/chrome.py's cache (each page
marks its own menu item active from the item's path).
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from website import chrome
from website.models import Footer, NavigationMenu

register = template.Library()


def _active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


def _localized(snippet_model):
    locale = _active_locale()
    item = snippet_model.objects.filter(locale=locale).first()
    return item or snippet_model.objects.filter(locale=Locale.get_default()).first()


def _menu_items(request):
    """[{"url", "title", "path"}] of the menu in the active language ("path" is the
    linked page's tree path, "" for a plain link)."""
    menu = _localized(NavigationMenu)
    items = []
    if menu:
        for block in menu.items:
            value = block.value
            page = value.get("page")
            if page:
                page = page.specific.localized
                if not page.live:
                    continue
                items.append({"url": page.get_url(request),
                              "title": value.get("title") or page.title, "path": page.path})
            else:
                items.append({"url": value.get("url"),
                              "title": value.get("title") or value.get("url"), "path": ""})
    return items


@register.inclusion_tag("website/tags/menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else None
    items = [
        {**item, "active": bool(current_path and item["path"]
                                and current_path.startswith(item["path"]))}
        for item in chrome.remembered(request, "menu", lambda: _menu_items(request))
    ]
    return {"items": items, "request": request}


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer's HTML: the same on every page of a site in a language, so it is kept
    rendered beside the rest of the chrome."""
    request = context.get("request")
    return chrome.remembered(request, "footer-html", lambda: render_to_string(
        "website/tags/footer.html",
        {"footer": _localized(Footer), "settings": context.get("settings")},
    ))


def _home_url(request):
    site = Site.find_for_request(request) if request else None
    if site is None:
        return f"/{get_language()}/"
    return site.root_page.localized.get_url(request) or f"/{get_language()}/"


@register.simple_tag(takes_context=True)
def home_url(context):
    request = context.get("request")
    return chrome.remembered(request, "home", lambda: _home_url(request))


@register.inclusion_tag("website/tags/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    by_language = {}
    if isinstance(page, Page) and page.pk:
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            by_language[translated.locale.language_code] = translated
    query = request.META.get("QUERY_STRING", "")
    languages = []
    for code, name in settings.LANGUAGES:
        if code in by_language:
            url = by_language[code].get_url(request)
            if query:
                url = f"{url}?{query}"
        elif isinstance(page, Page) and page.pk:
            # No translation in this language yet: a page in that language says so and
            # offers the languages the page has (rather than the home page, silently).
            with translation.override(code):
                url = reverse("page_untranslated", args=[page.pk])
            languages.append({"code": code, "name": name, "url": url, "missing": True})
            continue
        else:
            url = translate_url(request.get_full_path(), code)
        languages.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"languages": languages}


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    request = context.get("request")
    if not url:
        return ""
    if url.startswith(("http://", "https://")) or request is None:
        return url
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """hreflang alternates of the current page, as (language, absolute URL) pairs."""
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk or request is None:
        return []
    return [
        (t.locale.language_code, t.get_full_url(request))
        for t in page.get_translations(inclusive=True).live().select_related("locale")
    ]
