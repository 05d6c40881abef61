"""The allow-list sanitizer for a partner's rich text (its links checked by the same
`safe_link` as every link a landing shows, website/blocks.py).

Partners never use Wagtail's editor: their rich text arrives as HTML from the cabinet's
builder, so it is rebuilt by nh3 (the Python binding of the Ammonia sanitizer, a
well-kept html5ever-based allow-list cleaner). Only the tags below survive, only `href`
on links (and only to http, https, mailto or tel, checked again by `safe_link`), every
text node and attribute is re-serialised escaped, and the contents of script-like
elements are dropped with them.
"""

import nh3
from django.core.exceptions import ValidationError

from website.blocks import LINK_SCHEMES, safe_link

# Wagtail rich text features → the tags they store.
FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]
ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ol", "ul", "li", "h2", "h3"}
# Whose text must go with them, not be kept as plain text.
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript",
                        "textarea", "svg", "math", "title", "head"}


def _checked_href(tag, attribute, value):
    """nh3's attribute filter: links keep `href` only when `safe_link` accepts it."""
    if tag == "a" and attribute == "href":
        try:
            return safe_link(value)
        except ValidationError:
            return None
    return value


def sanitize(html):
    """HTML with only the allowed tags and links left, everything else escaped or gone."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}},
        attribute_filter=_checked_href,
        url_schemes=set(LINK_SCHEMES),
        link_rel="nofollow noopener",
        strip_comments=True,
    )
