"""Forbidden phrases: finding them in a landing's text and marking them in its preview.

Text is compared normalised: HTML stripped from rich text, entities decoded, lower case,
and every run of spaces and punctuation made one space, so "Guaranteed  - INCOME" and
"<b>guaranteed</b> income" both contain the phrase "guaranteed income". Phrases match
whole words only ("cures" does not match "secures").
"""

import re
from html import escape, unescape

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from .models import ForbiddenPhrase

_SEPARATORS = re.compile(r"[\W_]+")
# Keys of block values that hold links, choices, dates or ids rather than words.
NOT_TEXT = {"id", "type", "url", "cta_url", "image", "photo", "network", "target"}
RICH_TEXT_BLOCKS = {"rich_text"}


def normalise(text):
    """Lower case words separated by single spaces, punctuation gone."""
    return " ".join(_SEPARATORS.split(text.lower())).strip()


def _strings(value, rich=False):
    if isinstance(value, str):
        yield unescape(strip_tags(value)) if rich else value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_TEXT:
                yield from _strings(item, rich)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, rich)


def texts_of(title, raw_body):
    """Every piece of text a visitor reads on a landing, from its StreamField JSON."""
    yield title or ""
    for block in raw_body or []:
        yield from _strings(block.get("value"), rich=block.get("type") in RICH_TEXT_BLOCKS)


def _contains(normalised_text, normalised_phrase):
    return f" {normalised_phrase} " in f" {normalised_text} "


def find_phrases(language, title, raw_body):
    """The forbidden phrases of `language` the text contains, as
    [{"phrase", "category", "explanation"}], each once, in the company's order."""
    texts = [normalise(text) for text in texts_of(title, raw_body)]
    found = []
    for forbidden in ForbiddenPhrase.objects.filter(language=language):
        phrase = normalise(forbidden.phrase)
        if phrase and any(_contains(text, phrase) for text in texts):
            found.append({
                "phrase": forbidden.phrase, "category": forbidden.category,
                "explanation": forbidden.explanation,
            })
    return found


def _pattern(phrases):
    words = [normalise(phrase).split() for phrase in phrases]
    alternatives = [r"[\W_]+".join(map(re.escape, phrase)) for phrase in words if phrase]
    if not alternatives:
        return None
    return re.compile(
        r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])", re.IGNORECASE
    )


_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]*)")
MARK = '<mark class="landing-forbidden">{}</mark>'


def highlight(html, phrases):
    """Rendered `html` with each phrase found in its text wrapped in <mark>; tags, and
    the contents of scripts and styles, are left as they are."""
    pattern = _pattern(phrases)
    if pattern is None:
        return html
    out, skipping = [], False
    for piece in _TAG.split(str(html)):
        if piece.startswith("<"):
            name = _TAG_NAME.match(piece).group(1).lower()
            if name in ("script", "style"):
                skipping = not piece.startswith("</")
            out.append(piece)
        elif skipping or not piece:
            out.append(piece)
        else:
            text, last = unescape(piece), 0
            for match in pattern.finditer(text):
                out.append(escape(text[last:match.start()], quote=False))
                out.append(MARK.format(escape(match.group(), quote=False)))
                last = match.end()
            out.append(escape(text[last:], quote=False))
    return mark_safe("".join(out))  # tags as rendered; text re-escaped
