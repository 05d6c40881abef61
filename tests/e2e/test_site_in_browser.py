"""The company site driven in real headless Chromium."""

import re

import pytest

from blog.models import NewsIndexPage, NewsPage
from tests.e2e.helpers import current_totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_editor_publishes_and_translates_a_news_article(page, demo_site, browser):
    news_index = NewsIndexPage.objects.get(locale__language_code="en")
    page.goto(f"{demo_site}/admin/")
    page.fill("input[name=login]", "editor@downline.demo")
    page.fill("input[name=password]", "demo-editor-2026")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/2fa/authenticate/"))
    page.fill("input[name=code]", current_totp_code())
    page.click("form button[type=submit]")
    page.wait_for_url(f"{demo_site}/admin/")

    page.goto(f"{demo_site}/admin/pages/add/blog/newspage/{news_index.pk}/")
    page.wait_for_load_state("networkidle")  # the admin's scripts sync the slug
    page.fill("#id_title", "Spring product launch")
    page.locator("#id_slug").evaluate("(field) => { field.value = 'spring-product-launch'; }")
    page.fill("#id_intro", "Twelve new products arrive in March.")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.click("button[name='action-publish']")
    page.wait_for_load_state("networkidle")
    errors = page.locator(".error-message, .help-critical, .messages .error").all_inner_texts()
    assert page.url == f"{demo_site}/admin/pages/{news_index.pk}/", errors
    article = NewsPage.objects.get(slug="spring-product-launch", locale__language_code="en")
    assert article.live

    page.goto(f"{demo_site}/admin/localize/submit/page/{article.pk}/")
    page.get_by_label("Русский").check()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    for english, russian in [
        ("Spring product launch", "Весенний запуск продуктов"),
        ("Twelve new products arrive in March.", "В марте выходят двенадцать новых продуктов."),
    ]:
        segment = page.locator("li", has_text=english).last
        segment.get_by_role("button", name="Translate").click()
        segment.locator("textarea").fill(russian)
        segment.get_by_role("button", name="Save").click()
        page.wait_for_timeout(300)
    page.get_by_role("button", name=re.compile("Publish in")).click()
    page.wait_for_load_state("networkidle")

    visitor = browser.new_context().new_page()
    visitor.goto(f"{demo_site}/en/news/")
    assert "Spring product launch" in visitor.content()
    visitor.goto(f"{demo_site}/ru/news/")
    visitor.get_by_text("Весенний запуск продуктов").click()
    visitor.wait_for_url(re.compile(r"/ru/news/spring-product-launch/$"))
    assert visitor.locator("article h1").inner_text() == "Весенний запуск продуктов"
    assert "В марте выходят" in visitor.content()
    visitor.context.close()


def test_visitor_switches_language_and_reads_news(page, demo_site):
    page.goto(f"{demo_site}/ru/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator(".hero h1").inner_text() == "Постройте бизнес, которым гордитесь"
    page.click(".language-switcher a[data-language='uk']")
    page.wait_for_url(f"{demo_site}/uk/")
    assert page.locator(".hero h1").inner_text() == "Побудуйте бізнес, яким пишаєтеся"
    page.locator(".card-link").first.click()
    page.wait_for_url(re.compile(r"/uk/news/[\w-]+/$"))
    article_url = page.url
    assert page.locator("article h1").inner_text()
    # switching language on the article keeps the visitor on the same article
    page.click(".language-switcher a[data-language='ru']")
    page.wait_for_url(article_url.replace("/uk/", "/ru/"))
    assert page.locator("html").get_attribute("lang") == "ru"
