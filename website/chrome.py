"""The site chrome (the request's Wagtail site and site settings, menu items, footer,
home link) kept in the cache per site and language, so a page that is not itself cached
(a partner's landing, the cabinet) does not look them up on every request.

Any save or deletion of a page, a menu, a footer, a site, its settings (in any language)
or a locale moves the chrome's version on, so the next request computes it afresh;
CHROME_SECONDS bounds anything else (e.g. a page going live on schedule).
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished

from core import cache_versions
from website.models import Footer, NavigationMenu, SiteSettings, SiteSettingsTranslation

CHROME_SECONDS = 60 * 60
VERSION_KEY = "site:chrome:version"


def version():
    return cache_versions.current(VERSION_KEY)


def forget(**kwargs):
    """Move the chrome's version on: every cached menu, footer and home link is stale."""
    cache_versions.bump(VERSION_KEY)


def request_version(request):
    """The chrome's version as this request first read it (or as the landing cache's fast
    path read it with its own keys)."""
    current = getattr(request, "_chrome_version", None)
    if current is None:
        current = request._chrome_version = version()
    return current


def prime_site(request):
    """Give the request its Wagtail site and site settings from the cache, where Wagtail
    (Site.find_for_request, SiteSettings.for_request) would look them up: both read
    what this leaves on the request."""
    if hasattr(request, "_wagtail_site"):
        return
    hostname = split_domain_port(request._get_raw_host())[0]
    key = f"site:chrome:site:{hostname}:{request.get_port()}:{request_version(request)}"
    cached = cache.get(key)
    if cached is None:
        site = Site._find_for_request(request)
        site_settings = SiteSettings.for_site(site) if site is not None else None
        if site_settings is not None:
            site_settings.translated_details()  # cached with it: the name and address per language
        cached = (site, site_settings)
        cache.set(key, cached, CHROME_SECONDS)
    site, site_settings = cached
    request._wagtail_site = site
    if site_settings is not None:
        site_settings._request = request
        setattr(request, SiteSettings.get_cache_attr_name(), site_settings)


class SiteFromCacheMiddleware:
    """prime_site for the site's pages (the API, static files and media need no site)."""

    SKIPPED = ("/api/", "/static/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(self.SKIPPED):
            prime_site(request)
        return self.get_response(request)


def _site_id(request):
    if request is None:
        return 0
    site = Site.find_for_request(request)  # kept on the request by Wagtail
    return site.pk if site else 0


def remembered(request, name, compute):
    """`compute()`'s value for this site and language, from the cache when it is there.
    The chrome's version is read once per request."""
    current = request_version(request) if request is not None else version()
    key = f"site:chrome:{name}:{_site_id(request)}:{get_language()}:{current}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CHROME_SECONDS)
    return value


def _watched(sender, instance, **kwargs):
    if isinstance(instance, SiteSettings) and kwargs.get("created"):
        # Made with its defaults the first time a request asks for it (SiteSettings.for_site,
        # even from the admin's edit form): nothing shown has changed yet.
        return
    if isinstance(instance, (Page, NavigationMenu, Footer, Site, Locale, SiteSettings,
                             SiteSettingsTranslation)):
        forget()


def connect():
    """Called from the website app's ready(): saves of pages of any type are seen, so the
    receivers are not tied to one sender."""
    post_save.connect(_watched, dispatch_uid="site-chrome-save")
    post_delete.connect(_watched, dispatch_uid="site-chrome-delete")
    page_published.connect(forget, dispatch_uid="site-chrome-published")
    page_unpublished.connect(forget, dispatch_uid="site-chrome-unpublished")
