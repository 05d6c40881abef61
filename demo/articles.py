"""The two source articles (blog/demo_content/*.txt, plain text copied from a web page)
read into a blog post's body with their structure: headings, paragraphs, bulleted and
numbered lists.

The text marks its structure only by layout, so it is read by these rules:
- a line starting with "•" is an item of a bulleted list;
- "1. Short title" (no sentence punctuation at its end) is a sub-heading, and a run of
  "1. A sentence." lines is a numbered list;
- a short line with no punctuation at its end is a heading, unless a list follows it
  (then it introduces the list, as in "Among the common mistakes are");
- anything else is a paragraph.
Headings become heading blocks; what lies between two headings is one rich-text block.
"""

import re
from dataclasses import dataclass, field
from html import escape

BULLET = "•"
NUMBERED = re.compile(r"^(\d{1,2})\.\s+(.*)$")
HEADING_MAX_CHARS = 100
SENTENCE_END = (".", ",", ":", ";", "!", "?", "…")
# The copied page's tail (publication date, newsletter form, the publisher's adverts).
PAGE_TAIL = re.compile(r"^(Опубліковано|Опубликовано|Published)\s*\d")


@dataclass
class SourceArticle:
    intro: str
    body: list = field(default_factory=list)  # StreamField (block type, value) pairs


def _is_heading_shaped(line):
    return len(line) <= HEADING_MAX_CHARS and not line.endswith(SENTENCE_END)


def _kind(line, next_line):
    """("ul" | "ol" | "h2" | "h3" | "p", text) of one non-empty line."""
    if line.startswith(BULLET):
        return "ul", line.lstrip(BULLET).strip()
    numbered = NUMBERED.match(line)
    if numbered:
        if _is_heading_shaped(line):
            return "h3", line
        return "ol", numbered.group(2)
    next_is_list = bool(next_line) and (
        next_line.startswith(BULLET)
        or (NUMBERED.match(next_line) and not _is_heading_shaped(next_line))
    )
    if _is_heading_shaped(line) and not next_is_list:
        return "h2", line
    return "p", line


def _rich_text(parts):
    """HTML of paragraphs and lists: consecutive items of one kind make one list."""
    html, open_list = [], None
    for kind, text in parts:
        if kind != open_list and open_list:
            html.append(f"</{open_list}>")
            open_list = None
        if kind in ("ul", "ol"):
            if open_list is None:
                html.append(f"<{kind}>")
                open_list = kind
            html.append(f"<li>{escape(text, quote=False)}</li>")
        else:
            html.append(f"<p>{escape(text, quote=False)}</p>")
    if open_list:
        html.append(f"</{open_list}>")
    return "".join(html)


def read_source_article(text, title):
    """The article's intro (its first paragraph) and body blocks, without the title, the
    original blog's line of categories and the copied page's tail."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if PAGE_TAIL.match(line):
            break
        if line and line != title:
            lines.append(line)
    if lines and lines[0].count(",") >= 2 and len(lines[0]) < 120:
        lines = lines[1:]  # the original blog's list of categories
    intro, lines = lines[0], lines[1:]
    body, section = [], []
    for number, line in enumerate(lines):
        kind, text = _kind(line, lines[number + 1] if number + 1 < len(lines) else "")
        if kind in ("h2", "h3"):
            if section:
                body.append(("paragraph", _rich_text(section)))
                section = []
            body.append(("heading", {"text": text, "level": kind}))
        else:
            section.append((kind, text))
    if section:
        body.append(("paragraph", _rich_text(section)))
    return SourceArticle(intro=intro[:480], body=body)
