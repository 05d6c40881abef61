import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import BlogCategoryFactory, BlogPageFactory, ImageFactory, NewsPageFactory
from tests.helpers import publish_translation

pytestmark = pytest.mark.django_db


def test_news_index_lists_newest_first_and_paginates(client, news_index):
    now = timezone.now()
    for number in range(11):
        NewsPageFactory(parent=news_index, title=f"News {number:02}", slug=f"news-{number}",
                        date=now - timedelta(days=number))
    first = client.get("/en/news/").content.decode()
    assert first.index("News 00") < first.index("News 08")
    assert "News 09" not in first  # nine a page
    assert "Page 1 of 2" in first
    second = client.get("/en/news/?page=2").content.decode()
    assert "News 09" in second and "News 10" in second and "News 00" not in second
    # a page number past the end shows the last page instead of an error
    assert "News 10" in client.get("/en/news/?page=99").content.decode()


def test_news_article_renders_with_share_metadata(client, news_index):
    NewsPageFactory(parent=news_index, title="Warehouse opens", slug="warehouse",
                    intro="Faster delivery", image=ImageFactory())
    html = client.get("/en/news/warehouse/").content.decode()
    assert "<h1>Warehouse opens</h1>" in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="http://testserver/media/images/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_news_article_in_another_language(client, news_index, locales):
    article = NewsPageFactory(parent=news_index, title="Forum", slug="forum", intro="Two days")
    publish_translation(article, locales["uk"], title="Форум", intro="Два дні")
    html = client.get("/uk/news/forum/").content.decode()
    assert "Форум" in html and "Два дні" in html
    assert "Новини" in html  # the back link names the Ukrainian index


def test_blog_filters_by_category_and_tag(client, blog_index, locales):
    achievements = BlogCategoryFactory(name="Team achievements", slug="team-achievements",
                                       locale=locales["en"])
    products = BlogCategoryFactory(name="Products", slug="products", locale=locales["en"])
    BlogPageFactory(parent=blog_index, title="Anna reaches Diamond", slug="anna",
                    categories=[achievements], tags=["ranks"])
    BlogPageFactory(parent=blog_index, title="Winter set", slug="winter",
                    categories=[products], tags=["winter"])
    everything = client.get("/en/blog/").content.decode()
    assert "Anna reaches Diamond" in everything and "Winter set" in everything
    filtered = client.get("/en/blog/?category=team-achievements").content.decode()
    assert "Anna reaches Diamond" in filtered and "Winter set" not in filtered
    assert "Blog: Team achievements" in filtered
    tagged = client.get("/en/blog/?tag=winter").content.decode()
    assert "Winter set" in tagged and "Anna reaches Diamond" not in tagged
    assert client.get("/en/blog/?category=no-such").status_code == 404


def test_blog_post_shows_categories_tags_and_authors(client, blog_index, locales):
    from blog.models import Author

    author = Author.objects.create(name="Olena K", bio="Trainer", locale=locales["en"])
    category = BlogCategoryFactory(name="Business", slug="business", locale=locales["en"])
    post = BlogPageFactory(parent=blog_index, title="First week", slug="first-week",
                           categories=[category], tags=["onboarding"])
    post.authors = [author]
    post.save_revision().publish()
    html = client.get("/en/blog/first-week/").content.decode()
    assert 'href="/en/blog/?category=business"' in html
    assert 'href="/en/blog/?tag=onboarding"' in html
    assert "Olena K" in html and "Trainer" in html
    assert '<meta property="article:tag" content="onboarding">' in html


def _items(response):
    return ET.fromstring(response.content)


def test_rss_feed_lists_articles_in_the_language_of_the_index(client, news_index, locales):
    article = NewsPageFactory(parent=news_index, title="Spring line", slug="spring",
                              intro="Six new products")
    publish_translation(article, locales["ru"], title="Весенняя линия", intro="Шесть продуктов")
    response = client.get("/en/news/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = _items(response).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Spring line"]
    assert channel.find("item").findtext("link") == "http://localhost/en/news/spring/"
    ru = _items(client.get("/ru/news/feed/rss/")).find("channel")
    assert [item.findtext("title") for item in ru.findall("item")] == ["Весенняя линия"]


def test_atom_feed(client, blog_index):
    BlogPageFactory(parent=blog_index, title="Social media basics", slug="social")
    response = client.get("/en/blog/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    feed = _items(response)
    assert [e.findtext("atom:title", namespaces=ns) for e in feed.findall("atom:entry", ns)] == [
        "Social media basics"
    ]


def test_index_pages_advertise_their_feeds(client, blog_index):
    html = client.get("/en/blog/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/en/blog/feed/rss/"' in html
    assert 'href="/en/blog/feed/atom/"' in html


def test_unpublished_articles_stay_hidden(client, news_index):
    article = NewsPageFactory(parent=news_index, title="Secret plan", slug="secret")
    article.unpublish()
    assert "Secret plan" not in client.get("/en/news/").content.decode()
    assert "Secret plan" not in client.get("/en/news/feed/rss/").content.decode()
    assert client.get("/en/news/secret/").status_code == 404
