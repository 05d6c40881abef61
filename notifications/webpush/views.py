"""The service worker, served from the site's root (/sw.js) so its scope is the whole site:
a worker served from /static/ could only control /static/."""

from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(no_cache=True, max_age=0)  # browsers look for a new worker on each visit
def service_worker(request):
    response = render(request, "notifications_webpush/sw.js",
                      {"icon": static("img/favicon.svg")},
                      content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response
