"""The 'not translated yet' page (/<lang>/untranslated/<id>/) names only pages a visitor
of this site may open: no title of an unpublished, private, other site's or unrouted page,
whatever id is put in its address."""

import pytest
from wagtail.models import Page, PageViewRestriction, Site

from tests.factories import ContentPageFactory, HomePageFactory
from tests.helpers import publish_translation

pytestmark = pytest.mark.django_db


def test_a_page_of_another_site_is_not_found(client, home):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), title="Rival Ltd",
                                 slug="rival")
    Site.objects.create(hostname="rival.example", port=80, root_page=other_home)
    offer = ContentPageFactory(parent=other_home, title="Rival's secret offer", slug="offer")

    response = client.get(f"/ru/untranslated/{offer.pk}/")
    assert response.status_code == 404
    assert "Rival" not in response.content.decode()


def test_a_page_outside_every_site_and_the_trees_root_are_not_found(client, home):
    unrouted = HomePageFactory(parent=Page.get_first_root_node(), title="Unused home",
                               slug="unused")
    for page in (unrouted, Page.get_first_root_node()):
        response = client.get(f"/ru/untranslated/{page.pk}/")
        assert response.status_code == 404
        assert page.title not in response.content.decode()


def test_private_and_draft_translations_are_not_offered(client, home, locales):
    page = ContentPageFactory(parent=home, title="Open page", slug="open")
    private = publish_translation(page, locales["uk"], title="Закрита сторінка",
                                  slug="zakryta")
    PageViewRestriction.objects.create(page=private, restriction_type="password",
                                       password="secret")
    restricted = ContentPageFactory(parent=home, title="Members only", slug="members")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")

    html = client.get(f"/ru/untranslated/{page.pk}/").content.decode()
    assert "Open page" in html and "Закрита" not in html
    assert client.get(f"/ru/untranslated/{restricted.pk}/").status_code == 404
