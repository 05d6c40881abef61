"""Site search understands each language's word forms: "бонус" finds a Russian page that
says "бонусы" or "бонусов", and a Ukrainian one that says "бонуси" or "бонусів" (by
PostgreSQL's text search, or by stems as prefixes on SQLite)."""

import pytest

from tests.factories import ContentPageFactory
from tests.helpers import publish_translation
from website.search_backend import word_stem

pytestmark = pytest.mark.django_db


@pytest.fixture
def bonus_pages(home, locales):
    page = ContentPageFactory(parent=home, title="How bonuses are paid", slug="bonuses",
                              intro="Every bonus is paid monthly.")
    publish_translation(page, locales["ru"], title="Как начисляются выплаты", slug="vyplaty",
                        intro="Партнёры получают бонусы каждый месяц; сумма бонусов видна в "
                              "кабинете.")
    publish_translation(page, locales["uk"], title="Як нараховуються виплати", slug="vyplaty",
                        intro="Розмір бонусів видно в кабінеті партнера.")
    return page


def result_titles(client, language, query):
    html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    return html[html.find('class="search-results"'):], html


@pytest.mark.parametrize("query", ["бонус", "бонусы", "бонусов", "Бонусами"])
def test_russian_words_are_found_in_their_other_forms(client, bonus_pages, query):
    # Pinned: "бонус" found only the pages that had the word in exactly that form.
    results, _html = result_titles(client, "ru", query)
    assert "Как начисляются выплаты" in results


@pytest.mark.parametrize("query", ["бонус", "бонуси", "бонусів"])
def test_ukrainian_words_are_found_in_their_other_forms(client, bonus_pages, query):
    results, _html = result_titles(client, "uk", query)
    assert "Як нараховуються виплати" in results


def test_english_stays_stemmed_and_languages_stay_apart(client, bonus_pages):
    results, html = result_titles(client, "en", "bonuses")
    assert "How bonuses are paid" in results and "выплаты" not in html
    results, _html = result_titles(client, "ru", "выплата")
    assert "Как начисляются выплаты" in results


def test_ukrainian_words_lose_their_inflection_endings_only_when_a_stem_is_left():
    assert word_stem("бонусів", "uk") == "бонус"
    assert word_stem("бонуси", "uk") == "бонус"
    assert word_stem("партнерами", "uk") == "партнер"
    assert word_stem("кава", "uk") == "кава"  # too short to be a stem without its ending
    assert word_stem("бонусов", "ru") == "бонус"


@pytest.mark.parametrize("query", ['"бонус', "бонус:*", "бонус & (выплата"])
def test_quotes_and_operators_are_taken_as_plain_words(client, bonus_pages, query):
    response = client.get("/ru/search/", {"q": query})
    assert response.status_code == 200
    assert "Как начисляются выплаты" in response.content.decode()


@pytest.mark.parametrize("query", ["-", '"', "*"])
def test_punctuation_alone_finds_nothing_without_an_error(client, bonus_pages, query):
    response = client.get("/ru/search/", {"q": query})
    assert response.status_code == 200
    assert 'class="search-results"' not in response.content.decode()
