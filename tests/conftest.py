"""Fixtures every test folder may use: a fresh cache, media folder, language and TOTP clock
per test; the site's home in three languages; the network's root and partners; the
catalogue; the reference example with a posted run. Helpers are in tests/helpers.py."""

import io
import json
import os
from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from wagtail.models import Locale, Page, Site

from compensation import commission_runs
from compensation.models import PlanVersion
from network import services
from network.models import NetworkSettings
from network.partners_import import import_partners
from orders.imports import import_orders
from orders.models import Product, ProductPrice
from tests.compensation.helpers import EXAMPLE, REFERENCE
from tests.factories import (
    BlogIndexPageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    UserFactory,
)
from tests.helpers import publish_translation

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


# --- the network every folder's tests build on -----------------------------------------


@pytest.fixture
def network_settings(db):
    return NetworkSettings.load()


@pytest.fixture
def network_root(db):
    return services.create_root(display_name="Company")


@pytest.fixture
def make_partner(network_root):
    """make_partner(sponsor=None, **user fields) enrols a new user under `sponsor`."""

    def make_partner(sponsor=None, **user_fields):
        user = UserFactory(**user_fields)
        return services.enrol(user, sponsor or network_root)

    return make_partner


@pytest.fixture
def catalogue(db):
    """Two products sold in USD and EUR, and one no longer sold."""
    shake = Product.objects.create(sku="SHAKE", name="Protein shake", pv=Decimal("25.50"),
                                   bv=Decimal("20"))
    bar = Product.objects.create(sku="BAR", name="Energy bar", pv=Decimal("3.25"),
                                 bv=Decimal("2"))
    old = Product.objects.create(sku="OLD", name="Discontinued", pv=Decimal("10"),
                                 bv=Decimal("5"), active=False)
    ProductPrice.objects.create(product=shake, currency="USD", amount=Decimal("49.99"))
    ProductPrice.objects.create(product=shake, currency="EUR", amount=Decimal("45.00"))
    ProductPrice.objects.create(product=bar, currency="USD", amount=Decimal("2.10"))
    ProductPrice.objects.create(product=old, currency="USD", amount=Decimal("9.00"))
    return {"shake": shake, "bar": bar, "old": old}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def posted(db):
    """The reference example with October 2026's run posted (the cabinet's money pages'
    partners and figures)."""
    cache.clear()
    import_partners(io.StringIO((EXAMPLE / "partners.csv").read_text()),
                    recompute_snapshots=False)
    import_orders(io.StringIO((EXAMPLE / "orders.csv").read_text()))
    PlanVersion.objects.create(
        name="Reference", version=1, state=PlanVersion.State.PUBLISHED,
        rules=json.loads((REFERENCE / "plan.json").read_text()), effective_from="2026-01-01",
    )
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.approve_run(run, None)
    commission_runs.post_run(run)
    return run


def _database_group(item):
    """pytest-django's order of a test: 0 in a rolled-back transaction, 1 transactional,
    2 without the database (the order it sorts the tests in, as Django does)."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    if (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) \
            or "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    if marker or "db" in fixtures:
        return 0
    return 2


@pytest.hookimpl(trylast=True)
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
    # The tests marked `heavy` (tens of seconds each: seeding the whole demo, a long
    # browser walk) go first within their group, after pytest-django has grouped them:
    # the workers (pytest-xdist) take them early and end the run together, instead of
    # one of them still seeding a demo alone at the end.
    # (Left as they are should the groups ever disagree with pytest-django's.)
    groups = [_database_group(item) for item in items]
    if groups == sorted(groups):
        items.sort(key=lambda item: (_database_group(item), not _heavy(item)))


def _heavy(item):
    return item.get_closest_marker("heavy") is not None or "demo_site" in getattr(
        item, "fixturenames", [])
