"""The knowledge base on the site: articles by category, a search in the reader's
language, an article's page, and the cabinet's "Help" leading to it in the partner's
language."""

import pytest

from learning.models import KnowledgeArticlePage, KnowledgeBaseIndexPage, KnowledgeCategory
from tests.helpers import publish_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def knowledge_base(home, locales):
    index = KnowledgeBaseIndexPage(title="Help", slug="help", intro="Answers, short.")
    home.add_child(instance=index)
    index.save_revision().publish()
    publish_translation(index, locales["ru"], title="Помощь")
    sharing = KnowledgeCategory.objects.create(name="Sharing", slug="sharing",
                                               locale=locales["en"])
    article = KnowledgeArticlePage(
        title="How to share your referral link", summary="Three ways to share it.",
        body=[{"type": "paragraph", "value": "<p>Copy the link from the cabinet.</p>"}])
    index.add_child(instance=article)
    article.categories.add(sharing)
    article.save_revision().publish()
    returns = KnowledgeArticlePage(title="Returns and refunds", summary="Within 30 days.")
    index.add_child(instance=returns)
    returns.save_revision().publish()
    russian = publish_translation(KnowledgeArticlePage.objects.get(pk=article.pk),
                                  locales["ru"], title="Как поделиться реферальной ссылкой",
                                  summary="Три способа.")
    return index, article, russian


def test_the_index_lists_articles_by_category(client, knowledge_base):
    html = client.get("/en/help/").content.decode()
    assert "<h2>Sharing</h2>" in html and "How to share your referral link" in html
    assert "Returns and refunds" in html and 'type="search"' in html
    narrowed = client.get("/en/help/?category=sharing").content.decode()
    assert "How to share your referral link" in narrowed and "Returns and refunds" not in narrowed


def test_the_search_finds_articles_in_the_readers_language_only(client, knowledge_base):
    _index, article, russian = knowledge_base
    found = client.get("/ru/help/", {"q": "ссылкой"}).content.decode()
    assert russian.title in found and article.title not in found
    english = client.get("/ru/help/", {"q": "referral"}).content.decode()
    assert article.title not in english and russian.title not in english
    assert article.title in client.get("/en/help/", {"q": "referral"}).content.decode()
    assert russian.title not in client.get("/en/help/", {"q": "ссылкой"}).content.decode()


def test_an_article_page_shows_its_body_and_category(client, knowledge_base):
    html = client.get("/en/help/how-to-share-your-referral-link/").content.decode()
    assert "Copy the link from the cabinet." in html
    assert 'href="/en/help/?category=sharing"' in html
    assert 'href="/en/help/"' in html


def test_the_cabinet_help_leads_to_the_knowledge_base_in_the_partners_language(
        client, knowledge_base, newcomer):
    client.force_login(newcomer.user)
    assert 'href="/ru/help/"' in client.get("/ru/cabinet/learning/").content.decode()
    assert 'href="/en/help/"' in client.get("/en/cabinet/learning/").content.decode()
    helped = client.get("/ru/cabinet/learning/help/")
    assert helped.status_code == 302 and helped["Location"] == "/ru/help/"
