from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core.api import api_not_found
from landing.views import landing_page
from notifications.webpush import views as push_views
from website import views
from website.sitemaps import LocalizedSitemap

handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalizedSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The web push service worker, at the root so that its scope is the whole site.
    path("sw.js", push_views.service_worker, name="service_worker"),
    path("telegram/", include("notifications.telegram.urls")),
    # The demo's stand-in CRM for outgoing webhooks (answers only in the demo).
    path("webhooks/", include("webhooks.urls")),
    path("api/v1/", include("config.api_urls")),
    # Calendar programs (.ics downloads, private feeds) read these without a language.
    path("calendar/", include("events.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Unknown API addresses answer JSON 404 instead of being sent to a language prefix.
    re_path(r"^api/", api_not_found),
]

if settings.SERVE_MEDIA:
    # django.conf.urls.static.static() serves nothing without DEBUG, and the demo runs
    # without it to show the site's own error pages.
    from django.views.static import serve as serve_media

    urlpatterns.append(re_path(
        rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_media,
        {"document_root": settings.MEDIA_ROOT}, name="media",
    ))

urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("untranslated/<int:page_id>/", views.page_untranslated, name="page_untranslated"),
    path("accounts/", include("allauth.urls")),
    path("cabinet/notifications/", include("cabinet.notification_urls")),
    # Unsubscribing from a mail and its open pixel, without signing in (signed links).
    path("mail/", include("notifications.email_urls")),
    path("cabinet/", include("cabinet.urls")),
    path("r/", include("network.urls")),
    # A partner's landing by referral code or slug; other addresses go on to Wagtail.
    re_path(r"^(?P<address>[A-Za-z0-9](?:[A-Za-z0-9-]{1,38}[A-Za-z0-9]))/$", landing_page,
            name="landing"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
