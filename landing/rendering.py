"""Rendering a landing's blocks, and keeping a published landing's blocks in the cache.

The cache holds each block's HTML under the landing, its language and its published
version, so publishing again (or a review approving) makes a new key and the old page
is never served. The lead form is rendered for every request: it carries the visitor's
CSRF token and their form's errors.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.safestring import mark_safe

from core import cache_versions

from .models import Landing

CACHE_SECONDS = 24 * 60 * 60  # partner details shown in blocks refresh at least daily
LIVE_BLOCKS = {"lead_form"}


@dataclass
class Section:
    block_type: str
    html: str = ""
    block: object = None  # a block rendered in the page's own context (LIVE_BLOCKS)


def stream_of(raw_body):
    """A StreamValue from a landing body's JSON (a review's snapshot)."""
    return Landing._meta.get_field("body").stream_block.to_python(raw_body)


def render_block(block, context):
    return block.render_as_block(context=context)


def render_sections(landing, body=None, context=None, live=()):
    """The landing's blocks (or `body`'s) as Sections; blocks of a type in `live` are
    left for the page template to render."""
    body = landing.body if body is None else body
    context = {"landing": landing, "partner": landing.partner, **(context or {})}
    return [
        Section(block.block_type, block=block) if block.block_type in live
        else Section(block.block_type, html=render_block(block, context))
        for block in body
    ]


def description_of(landing):
    """The page's description: the hero's subline or the "about me" text."""
    for block in landing.body.raw_data:
        value = block.get("value") or {}
        if block.get("type") == "hero" and value.get("subline"):
            return value["subline"]
        if block.get("type") == "about_me":
            return value.get("text", "")
    return ""


CATALOGUE_KEY = "landing:catalogue:version"


def catalogue_version():
    """Moves on whenever a product or a price changes: a showcase's cached HTML (names,
    prices, products since deactivated) is then rendered again."""
    return cache_versions.current(CATALOGUE_KEY)


def forget_catalogue(**kwargs):
    """On orders.signals.catalogue_changed."""
    cache_versions.bump(CATALOGUE_KEY)


def shows_catalogue(landing):
    return any(block.get("type") == "product_showcase" for block in landing.body.raw_data)


def cache_key(landing):
    key = f"landing:page:{landing.pk}:{landing.language}:{landing.published_version}"
    if shows_catalogue(landing):
        key += f":catalogue-{catalogue_version()}"
    return key


def published_sections(landing):
    """(sections, description) of a published landing, from the cache when it is there."""
    cached = cache.get(cache_key(landing))
    if cached is None:
        sections = render_sections(landing, live=LIVE_BLOCKS)
        cached = {
            "sections": [(s.block_type, None if s.block else str(s.html)) for s in sections],
            "description": description_of(landing),
        }
        cache.set(cache_key(landing), cached, CACHE_SECONDS)
    sections = [
        Section(block_type, block=landing.body[index]) if html is None
        else Section(block_type, html=mark_safe(html))  # our own templates' output
        for index, (block_type, html) in enumerate(cached["sections"])
    ]
    return sections, cached["description"]


def forget(landing):
    """Drop the cached page of the landing's current version."""
    cache.delete(cache_key(landing))
