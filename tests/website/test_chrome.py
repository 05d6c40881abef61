"""The site chrome from the cache (website/chrome.py): a page rendered again does not
look up the site, its settings, the menu or the footer, and an editor's change to any of
them shows on the next page at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from tests.factories import ContentPageFactory
from website.models import Footer, NavigationMenu, SiteSettings

pytestmark = pytest.mark.django_db

CHROME_TABLES = ("website_navigationmenu", "website_footer", "website_sitesettings")


@pytest.fixture
def chrome(home, locales):
    about = ContentPageFactory(parent=home, title="About us", slug="about")
    menu = NavigationMenu.objects.create(
        locale=locales["en"], items=[("item", {"page": about, "url": "", "title": ""})]
    )
    footer = Footer.objects.create(locale=locales["en"], copyright="© Naturals 2026")
    settings = SiteSettings.for_site(Site.objects.get())
    settings.company_name = "Naturals"
    settings.save()
    return menu, footer, settings


def test_a_page_rendered_again_does_not_look_up_the_chrome(client, chrome):
    first = client.get("/en/about/").content.decode()
    assert '<a href="/en/about/" aria-current="page">About us</a>' in first
    assert "© Naturals 2026" in first
    with CaptureQueriesContext(connection) as again:
        html = client.get("/en/").content.decode()
    chrome_queries = [q["sql"] for q in again.captured_queries
                      if any(table in q["sql"] for table in CHROME_TABLES)]
    assert chrome_queries == []
    assert '<a href="/en/about/">About us</a>' in html and "© Naturals 2026" in html


def test_an_editors_change_to_the_chrome_shows_at_once(client, chrome, home):
    menu, footer, settings = chrome
    client.get("/en/")  # cached now
    contact = ContentPageFactory(parent=home, title="Contact", slug="contact")
    menu.items = [("item", {"page": contact, "url": "", "title": "Write to us"})]
    menu.save()
    footer.copyright = "© Downline Naturals"
    footer.save()
    settings.company_name = "Downline Naturals"
    settings.save()
    html = client.get("/en/").content.decode()
    assert '<a href="/en/contact/">Write to us</a>' in html
    assert "About us" not in html
    assert "© Downline Naturals" in html and "© Naturals 2026" not in html


def test_the_menu_marks_the_page_the_visitor_is_on(client, chrome):
    on_home = client.get("/en/").content.decode()
    assert '<a href="/en/about/">About us</a>' in on_home  # from the cache, not marked
    on_about = client.get("/en/about/").content.decode()
    assert '<a href="/en/about/" aria-current="page">About us</a>' in on_about
