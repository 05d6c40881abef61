"""The demo (`make demo`, the dev settings) shows the site's own 404 and 500 pages in the
visitor's language, not Django's debug pages; DEBUG_PAGES=1 brings those back."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "from django.conf import settings; from django.urls import resolve;"
    "print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS,"
    " resolve('/media/images/demo.jpg').url_name)"
)


def dev_settings(**env):
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DEBUG", "DEBUG_PAGES", "DJANGO_SETTINGS_MODULE")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.dev", **env)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_demo_shows_the_sites_own_error_pages_and_still_serves_static_and_media():
    # Pinned: the demo answered an unknown address with Django's yellow debug page.
    assert dev_settings() == "False True media"


def test_debug_pages_bring_back_djangos_debug_pages_for_developers():
    assert dev_settings(DEBUG_PAGES="1") == "True True media"


def test_the_500_page_speaks_the_visitors_language():
    from website.views import server_error

    with translation.override("uk"):
        response = server_error(RequestFactory().get("/uk/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="uk">' in html and 'href="/uk/"' in html
