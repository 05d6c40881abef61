"""Site search in each page's own language.

On PostgreSQL every object is indexed with the text search configuration of its language
(a page's locale) and a search runs with the configuration of the visitor's language, so
Russian words are stemmed the Russian way: "бонус" finds "бонусы" and "бонусов".
PostgreSQL has no Ukrainian configuration built in (its Snowball stemmers stop at
Russian; a Hunspell dictionary would have to be installed on the database server), so
Ukrainian is indexed with 'simple' (words lower-cased, nothing stemmed) and each word
searched for loses its common inflection ending and matches as a prefix: "бонуси" and
"бонус" both search "бонус*", which finds "бонусів".

SQLite (the demo) has no stemming at all: its full-text index holds whole words, so
there every language is searched the Ukrainian way (the word's stem, cut by a list of
the language's endings, as a prefix). That finds most word forms, but it is a rough
cut: a short word is taken whole, and an irregular form is missed.

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
# The commonest noun, adjective and verb endings of each language, cut off a word searched
# for where no stemmer knows the language.
ENDINGS = {
    "uk": "ами ями ові еві ого ому ими іми ють ать ять ити ати ння ів їв ам ям ах ях ою ею "
          "ом ем ий ій ої ей и і а я у ю о е ь й",
    "ru": "ами ями ого его ому ему ыми ими ать ять ить ов ев ей ам ям ах ях ой ою ею ом ем "
          "ый ий ая яя ое ее ые ие ы и а я у ю о е ь й",
    "en": "ies es s",
}
ENDINGS = {language: sorted(endings.split(), key=len, reverse=True)
           for language, endings in ENDINGS.items()}
SHORTEST_STEM = 4

# The language of the objects being indexed (None: answering a search).
_indexing_language = ContextVar("indexing_language", default=None)


def language_of(obj, languages):
    """The object's language ("" for objects that have none), from {locale id: code}."""
    return languages.get(getattr(obj, "locale_id", None), "").split("-")[0]


def word_stem(word, language):
    """The word without its inflection ending, if enough of it is left to be a stem."""
    for ending in ENDINGS.get(language, ()):
        if word.endswith(ending) and len(word) - len(ending) >= SHORTEST_STEM:
            return word[: -len(ending)]
    return word


def stems_searched(query_string):
    """The stems of the words searched for, in the active language."""
    language = (get_language() or "").split("-")[0]
    # Words only: quotes and operators would be taken as the index's own query syntax.
    words = [word.lower() for word in re.findall(r"\w+", query_string)]
    return [word_stem(word, language) for word in words]


def combined(lexemes, operator):
    if operator.lower() == "and":
        return reduce(lambda a, b: a & b, lexemes)
    return reduce(lambda a, b: a | b, lexemes)


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
        stems = stems_searched(query.query_string)
        if not stems:
            return None
        lexemes = [Lexeme(stem, invert=invert, prefix=True) for stem in stems]
        return SearchQuery(combined(lexemes, query.operator), search_type="raw", config=config)


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


def sqlite_stem_backend(params):
    """SQLite's full-text backend, searching stems as prefixes. (Its modules can only be
    imported where the database is SQLite.)"""
    from modelsearch.backends.database.sqlite.query import Lexeme as SQLiteLexeme
    from modelsearch.backends.database.sqlite.query import SearchQueryExpression
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class SQLiteStemQueryCompiler(SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if not isinstance(query, PlainText):
                return super().build_search_query_content(query, config=config)
            stems = stems_searched(query.query_string)
            if not stems:
                return None
            lexemes = [SQLiteLexeme(stem, prefix=True) for stem in stems]
            return SearchQueryExpression(combined(lexemes, query.operator), config=config)

    class SQLiteStemSearchBackend(SQLiteSearchBackend):
        query_compiler_class = SQLiteStemQueryCompiler

    return SQLiteStemSearchBackend(params)


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for)
    if connection.vendor == "postgresql":
        return LanguageSearchBackend(params)
    backend = database.SearchBackend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":  # SQLite with its full-text index
        return sqlite_stem_backend(params)
    return backend
