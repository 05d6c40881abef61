"""Site search in each page's own language.

On PostgreSQL every object is indexed with the text search configuration of its language
(a page's locale) and a search runs with the configuration of the visitor's language, so
Russian words are stemmed the Russian way: "бонус" finds "бонусы" and "бонусов".
PostgreSQL has no Ukrainian configuration built in (its Snowball stemmers stop at
Russian; a Hunspell dictionary would have to be installed on the database server), so
Ukrainian is indexed with 'simple' (words lower-cased, nothing stemmed) and each word
searched for loses its common inflection ending and matches as a prefix: "бонуси" and
"бонус" both search "бонус:*", which finds "бонусів".

Other databases keep Wagtail's own backend: SQLite (the demo) matches whole words only,
without stemming, which the search page says.

    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "website.search_backend",
        "SEARCH_CONFIGS": {"en": "english", "ru": "russian", "uk": "simple"},
    }}
"""

import re
from collections import defaultdict
from contextvars import ContextVar
from functools import reduce

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils.translation import get_language
from modelsearch.backends import database
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText
from wagtail.models import Locale, TranslatableMixin

LANGUAGE_CONFIGS = {"en": "english", "ru": "russian", "uk": "simple"}
# Searched as prefixes of their stems: languages without a stemming configuration.
PREFIX_CONFIG = "simple"
# The commonest Ukrainian noun, adjective and verb endings, longest first.
UKRAINIAN_ENDINGS = sorted(
    "ами ями ові еві ого ому ими іми ють ать ять ити ати ння ів їв ам ям ах ях ою ею ом ем "
    "ий ій ої ей и і а я у ю о е ь й".split(), key=len, reverse=True,
)
SHORTEST_STEM = 4

# The language of the objects being indexed (None: answering a search).
_indexing_language = ContextVar("indexing_language", default=None)


def language_of(obj, languages):
    """The object's language ("" for objects that have none), from {locale id: code}."""
    return languages.get(getattr(obj, "locale_id", None), "").split("-")[0]


def ukrainian_stem(word):
    """The word without its inflection ending, if enough of it is left to be a stem."""
    for ending in UKRAINIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= SHORTEST_STEM:
            return word[: -len(ending)]
    return word


class LanguageIndex(PostgresIndex):
    def add_items(self, model, objs):
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        by_language = defaultdict(list)
        for obj in objs:
            by_language[language_of(obj, languages)].append(obj)
        for language, group in by_language.items():
            token = _indexing_language.set(language)
            try:
                super().add_items(model, group)
            finally:
                _indexing_language.reset(token)


class LanguageQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        """The visitor's language's configuration for objects that have a language, the
        one they were all indexed with for the others (images, documents)."""
        if issubclass(self.queryset.model, TranslatableMixin):
            return backend.config
        return backend.default_config

    def build_tsquery_content(self, query, config=None, invert=False):
        if config != PREFIX_CONFIG or not isinstance(query, PlainText):
            return super().build_tsquery_content(query, config=config, invert=invert)
        stem = ukrainian_stem if get_language() == "uk" else (lambda word: word)
        words = [word.lower() for word in re.split(r"[\s\-]+", query.query_string) if word]
        if not words:
            return None
        lexemes = [Lexeme(stem(word), invert=invert, prefix=True) for word in words]
        combine = (lambda a, b: a & b) if query.operator == "and" else (lambda a, b: a | b)
        return SearchQuery(reduce(combine, lexemes), search_type="raw", config=config)


class LanguageSearchBackend(PostgresSearchBackend):
    query_compiler_class = LanguageQueryCompiler
    index_class = LanguageIndex
    results_class = PostgresSearchResults

    def __init__(self, params):
        self.configs = {**LANGUAGE_CONFIGS, **params.get("SEARCH_CONFIGS", {})}
        super().__init__(params)

    @property
    def config(self):
        """The configuration of the language being indexed, or of the visitor's."""
        language = _indexing_language.get()
        if language is None:
            language = (get_language() or "").split("-")[0]
        return self.configs.get(language, self.default_config)

    @config.setter
    def config(self, value):
        # SEARCH_CONFIG: for objects without a language; None is the database's default.
        self.default_config = value


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for)
    if connection.vendor == "postgresql":
        return LanguageSearchBackend(params)
    return database.SearchBackend(params)
