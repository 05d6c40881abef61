"""A visitor switching language on a page that has no translation, in headless Chromium:
the page says so in the chosen language and leads to the languages the page has."""

import pytest
from django.core.management import call_command

from tests.e2e.helpers import ensure_wagtail_baseline

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.heavy
def test_switching_to_a_language_the_article_lacks(page, live_server, tmp_path):
    ensure_wagtail_baseline()
    call_command("seed_demo", quiet_logins=True, partners=0)
    page.goto(f"{live_server.url}/ru/blog/partner-cabinet/")  # the article is Russian only
    assert page.locator("article h2").count() >= 3 and page.locator("article ul li").count() >= 5

    page.click(".language-switcher a[data-language='uk']")
    assert "/uk/untranslated/" in page.url
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator(".untranslated-languages a").count() == 1
    page.screenshot(path=str(tmp_path / "untranslated-uk.png"))

    page.click(".untranslated-languages a")
    assert page.url == f"{live_server.url}/ru/blog/partner-cabinet/"
