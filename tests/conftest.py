import os

import pytest
from django.core.cache import cache
from wagtail.models import Locale, Page, Site

from tests.factories import (
    BlogIndexPageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    UserFactory,
)

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LANGUAGES = ["en", "ru", "uk"]


@pytest.fixture(autouse=True, scope="session")
def _fresh_media(tmp_path_factory):
    """Uploads and generated pictures go to a folder of this run's own: a file left by an
    earlier run under the same ids (a fresh test database numbers from 1 again) would
    otherwise be found instead of made."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def frozen_totp_clock(monkeypatch):
    """allauth checks second-factor codes against a fixed instant in the middle of a
    30-second window, the one `tests.accounts.helpers.totp_code` computes codes for: a
    test signing in with a code never fails because the window turned between computing
    the code and checking it (it did, once in three runs)."""
    from allauth.mfa.totp.internal import auth

    from tests.accounts.helpers import FrozenTotpClock

    monkeypatch.setattr(auth, "time", FrozenTotpClock)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request through the test client leaves
    its page's language active in the thread (LocaleMiddleware), which would otherwise
    leak into the next test's messages."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}


def publish_translation(page, locale, **fields):
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation.specific


@pytest.fixture
def home(locales):
    """A HomePage in three languages as the default site's root."""
    root = Page.get_first_root_node()
    for welcome in Page.objects.filter(depth=2):
        welcome.slug = f"old-{welcome.pk}"
        welcome.save(update_fields=["slug"])
    home = HomePageFactory(parent=root, title="Home", slug="home")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    publish_translation(home, locales["ru"], title="Главная")
    publish_translation(home, locales["uk"], title="Головна")
    return home


def translated_index(factory, home, locales, slug, titles):
    index = factory(parent=home, title=titles["en"], slug=slug)
    for language in ("ru", "uk"):
        publish_translation(index, locales[language], title=titles[language])
    return index


@pytest.fixture
def news_index(home, locales):
    titles = {"en": "News", "ru": "Новости", "uk": "Новини"}
    return translated_index(NewsIndexPageFactory, home, locales, "news", titles)


@pytest.fixture
def blog_index(home, locales):
    titles = {"en": "Blog", "ru": "Блог", "uk": "Блог"}
    return translated_index(BlogIndexPageFactory, home, locales, "blog", titles)


@pytest.fixture
def user(db):
    return UserFactory()


def pytest_collection_modifyitems(config, items):
    """Every transactional test restores the database it found (serialized_rollback).
    One that does not is flushed with Django's post_migrate signal, which makes content
    types afresh under new ids; the next browser test restoring its snapshot then fails
    on every content type (it did, for all fourteen of them)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get(
            "serialized_rollback"
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: a transactional test needs serialized_rollback=True"
            )
