"""The language switcher on a page with no translation in a language says so and offers
the page in the languages it has, instead of going to that language's home page."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import ContentPageFactory
from tests.helpers import publish_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home, locales):
    page = ContentPageFactory(parent=home, title="About us", slug="about")
    publish_translation(page, locales["uk"], title="Про нас", slug="pro-nas")
    return page


def test_switching_to_a_language_the_page_lacks_says_so_and_offers_the_others(client, about):
    # Pinned: the Russian link went silently to /ru/, the Russian home page.
    html = client.get("/en/about/").content.decode()
    missing = f"/ru/untranslated/{about.pk}/"
    assert f'href="{missing}" hreflang="ru"' in html
    assert 'class="missing" title="This page is not translated into this language yet"' in html

    response = client.get(missing)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ru">' in page
    with translation.override("ru"):  # Russian once the catalogs hold locale/pending/site.json
        assert gettext("This page has not been translated into this language yet.") in page
    assert '<a href="/en/about/" hreflang="en">' in page and "About us" in page
    assert '<a href="/uk/pro-nas/" hreflang="uk">' in page and "Про нас" in page
    assert '<meta name="robots" content="noindex">' in page


def test_a_translation_published_since_is_opened_directly(client, about, locales):
    publish_translation(about, locales["ru"], title="О нас", slug="o-nas")
    response = client.get(f"/ru/untranslated/{about.pk}/")
    assert response.status_code == 302 and response["Location"] == "/ru/o-nas/"


def test_an_unknown_or_unpublished_page_is_not_found(client, about):
    about.unpublish()
    assert client.get(f"/ru/untranslated/{about.pk}/").status_code == 404
    assert client.get("/ru/untranslated/999999/").status_code == 404
