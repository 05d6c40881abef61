"""The knowledge base as readers see it: its articles by category, a search in the reader's
language (Wagtail search over live, public articles of one locale), and where the
cabinet's "Help" leads (the knowledge base in the partner's language, else the company's
default one)."""

import re

from django.conf import settings
from wagtail.models import Locale

from .models import KnowledgeArticlePage, KnowledgeBaseIndexPage

MAX_QUERY = 200
MAX_RESULTS = 30


def index_for(language):
    """The live knowledge base in `language`, else in the default language, or None."""
    default = settings.LANGUAGE_CODE.split("-")[0]
    found = {
        page.locale.language_code: page
        for page in KnowledgeBaseIndexPage.objects.live().select_related("locale")
        .filter(locale__language_code__in=[language, default])
    }
    return found.get(language) or found.get(default)


def search(query, locale=None):
    """Live, public articles in `locale` (the active one by default) matching `query`;
    nothing for a query without a word in it."""
    query = (query or "").strip()[:MAX_QUERY]
    if not re.search(r"\w", query):
        return []
    locale = locale or Locale.get_active()
    found = KnowledgeArticlePage.objects.live().public().filter(locale=locale).search(query)
    return list(found[:MAX_RESULTS])


def by_category(index):
    """[(category or None, [articles])] of the index's live articles, categories by name,
    articles without a category last."""
    articles = list(
        KnowledgeArticlePage.objects.live().public().child_of(index)
        .prefetch_related("categories").order_by("title")
    )
    groups, loose = {}, []
    for article in articles:
        categories = list(article.categories.all())
        if not categories:
            loose.append(article)
        for category in categories:
            groups.setdefault(category, []).append(article)
    ordered = sorted(groups.items(), key=lambda item: item[0].name.lower())
    if loose:
        ordered.append((None, loose))
    return ordered
