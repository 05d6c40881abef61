"""Long Russian and Ukrainian blog posts keep their headings and lists: the demo's source
articles are read with their structure, and a translation through wagtail-localize keeps
it too."""

from pathlib import Path

import pytest
from django.conf import settings
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from blog.models import BlogPage
from demo import content
from demo.articles import read_source_article
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db

DEMO_CONTENT = Path(settings.BASE_DIR) / "blog" / "demo_content"


def source_article(language):
    slug, _language, filename, _category, title = next(
        article for article in content.SOURCE_ARTICLES if article[1] == language
    )
    return slug, title, read_source_article((DEMO_CONTENT / filename).read_text(), title)


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_the_source_articles_keep_their_headings_and_lists(client, blog_index, locales, language):
    # Pinned: every line became a paragraph, headings and list items alike.
    slug, title, article = source_article(language)
    post = BlogPageFactory(parent=blog_index.get_translation(locales[language]), title=title,
                           slug=slug, locale=locales[language], body=article.body)
    post.save_revision().publish()
    html = client.get(post.url).content.decode()
    main = html[html.index('<main id="main">'):html.index("</main>")]
    assert main.count("<h2>") >= 3 and "<ul><li>" in main
    assert "•" not in main  # list items are list items, not paragraphs with their bullet


def test_russian_numbered_sections_and_lists():
    _slug, _title, article = source_article("ru")
    headings = [value for kind, value in article.body if kind == "heading"]
    assert {"text": "1. Вовлечение людей в структуру", "level": "h3"} in headings
    assert {"text": "Резюме", "level": "h2"} in headings
    text = "".join(value for kind, value in article.body if kind == "paragraph")
    assert "<ol><li>Интуитивно понятный интерфейс." in text
    assert "<li>показатели продаж;</li>" in text


def test_the_copied_pages_tail_is_left_out():
    _slug, _title, article = source_article("uk")
    text = "".join(str(value) for _kind, value in article.body)
    assert "Підсумок" in text and "Опубліковано" not in text and "newsSubscription" not in text


def test_a_translation_through_wagtail_localize_keeps_headings_and_lists(
    client, blog_index, locales
):
    source = BlogPageFactory(
        parent=blog_index.get_translation(locales["ru"]), locale=locales["ru"], slug="plan",
        title="План", body=[
            ("heading", {"text": "Первые шаги", "level": "h2"}),
            ("paragraph", "<p>Вступление</p><h3>Неделя</h3><ul><li>Цель</li><li>Список</li>"
                          "</ul><ol><li>Заказ</li></ol>"),
        ],
    )
    source.save_revision().publish()
    translation_source, _created = TranslationSource.get_or_create_from_instance(source)
    for segment in StringSegment.objects.filter(source=translation_source):
        StringTranslation.objects.create(
            translation_of=segment.string, locale=locales["uk"], context=segment.context,
            data=f"{segment.string.data} (uk)",
        )
    translation_source.create_or_update_translation(locales["uk"], copy_parent_pages=True)
    translated = BlogPage.objects.get(locale=locales["uk"], translation_key=source.translation_key)
    assert translated.body[0].value["text"] == "Первые шаги (uk)"
    assert translated.body[0].value["level"] == "h2"
    assert str(translated.body[1].value.source) == (
        "<p>Вступление (uk)</p><h3>Неделя (uk)</h3><ul><li>Цель (uk)</li><li>Список (uk)</li>"
        "</ul><ol><li>Заказ (uk)</li></ol>"
    )


def test_seeding_again_restores_the_structure_of_an_article_seeded_flat(blog_index, locales):
    from demo.management.commands.seed_demo import Command

    seed = Command()
    seed.locales, seed.images = locales, {}
    seed.create_blog(blog_index)
    post = BlogPage.objects.get(locale=locales["ru"], slug="partner-cabinet")
    assert any(block.block_type == "heading" for block in post.body)
    post.body = [("paragraph", "<p>Что такое личный кабинет для МЛМ</p>")]  # as seeded before
    post.save_revision().publish()
    seed.create_blog(blog_index)
    post.refresh_from_db()
    assert [block.block_type for block in post.body][:2] == ["heading", "paragraph"]
    assert post.live and "<ul>" in str(post.body[1].value.source)
