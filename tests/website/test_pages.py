import pytest
from django.test import override_settings
from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPage, NewsIndexPage, NewsPage
from tests.factories import ContentPageFactory, ImageFactory
from tests.helpers import publish_translation
from website.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db


def test_page_types_are_creatable_only_where_they_belong(home, news_index):
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root)
    assert ContentPage.can_create_at(home)
    assert NewsIndexPage.can_create_at(home)
    assert BlogIndexPage.can_create_at(home)
    assert NewsPage.can_create_at(news_index)
    assert not NewsPage.can_create_at(home)
    assert not BlogPage.can_create_at(news_index)
    assert not ContentPage.can_create_at(root)


@pytest.mark.parametrize("language,title", [("en", "Home"), ("ru", "Главная"), ("uk", "Головна")])
def test_home_page_renders_in_every_language(client, home, language, title):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<title>{title}" in html


def test_root_redirects_to_a_language(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="uk")
    assert response.status_code == 302
    assert response["Location"] == "/uk/"


def test_content_page_renders_body_in_each_language(client, home, locales):
    page = ContentPageFactory(
        parent=home, title="About us", slug="about",
        body=[("paragraph", "<p>Since 2012</p>"), ("quote", {"text": "Fair pay", "author": "CEO"})],
    )
    publish_translation(page, locales["ru"], title="О нас", body=[("paragraph", "<p>С 2012</p>")])
    en = client.get("/en/about/").content.decode()
    assert "Since 2012" in en and "Fair pay" in en
    ru = client.get("/ru/about/").content.decode()
    assert "О нас" in ru and "С 2012" in ru


def test_language_switcher_keeps_the_visitor_on_the_same_page(client, home, locales):
    page = ContentPageFactory(parent=home, title="About us", slug="about")
    publish_translation(page, locales["uk"], title="Про нас", slug="pro-nas")
    html = client.get("/en/about/").content.decode()
    assert 'href="/uk/pro-nas/" hreflang="uk"' in html
    # no Russian translation yet: the switcher says so (tests/website/test_language_switcher.py)
    assert f'href="/ru/untranslated/{page.pk}/" hreflang="ru"' in html


def test_share_metadata_on_pages(client, home):
    ContentPageFactory(parent=home, title="About us", slug="about",
                       share_image=ImageFactory(), search_description="Who we are")
    html = client.get("/en/about/").content.decode()
    assert '<meta property="og:title" content="About us">' in html
    assert '<meta property="og:description" content="Who we are">' in html
    assert 'property="og:image" content="http://testserver/media/images/' in html
    assert 'rel="alternate" hreflang="en" href="http://localhost/en/about/"' in html


def test_navigation_menu_follows_the_language(client, home, locales):
    from website.models import NavigationMenu

    about = ContentPageFactory(parent=home, title="About us", slug="about")
    publish_translation(about, locales["ru"], title="О нас")
    NavigationMenu.objects.create(
        locale=locales["en"], items=[("item", {"page": about, "url": "", "title": ""})]
    )
    assert '<a href="/en/about/">About us</a>' in client.get("/en/").content.decode()
    # the Russian menu falls back to the English one, with the Russian page in it
    assert '<a href="/ru/about/">О нас</a>' in client.get("/ru/").content.decode()


def test_friendly_404_page_in_the_visitors_language(client, home):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "404" in html and 'action="/ru/search/"' in html
    assert "Перейти на главную" in html


@override_settings(DEBUG=False)
def test_500_page_renders_without_the_database():
    from django.test import RequestFactory

    from website.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"500" in response.content


def test_search_finds_pages_in_the_active_language_only(client, home, locales):
    page = ContentPageFactory(parent=home, title="Vitamin guide", slug="vitamins")
    publish_translation(page, locales["ru"], title="Vitamin справочник")
    html = client.get("/en/search/", {"q": "vitamin"}).content.decode()
    assert "Vitamin guide" in html and "справочник" not in html
    html = client.get("/ru/search/", {"q": "vitamin"}).content.decode()
    assert "Vitamin справочник" in html and "Vitamin guide" not in html


def test_sitemap_lists_every_language(client, home, locales):
    page = ContentPageFactory(parent=home, title="About us", slug="about")
    publish_translation(page, locales["uk"], title="Про нас", slug="pro-nas")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for path in ("/en/", "/ru/", "/uk/", "/en/about/", "/uk/pro-nas/"):
        assert f"<loc>http://localhost{path}</loc>" in xml


def test_robots_txt_points_to_the_sitemap(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_pages_carry_a_content_security_policy(client, home):
    response = client.get("/en/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
