"""The allow-list sanitizer for a partner's rich text, and the link schemes landings accept.

Partners never use Wagtail's editor: their rich text arrives as HTML from the cabinet's
builder, so it is rebuilt by nh3 (the Python binding of the Ammonia sanitizer, a
well-kept html5ever-based allow-list cleaner). Only the tags below survive, only `href`
on links (and only to http, https, mailto or tel, checked again by `safe_link`), every
text node and attribute is re-serialised escaped, and the contents of script-like
elements are dropped with them.
"""

from urllib.parse import urlsplit

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Wagtail rich text features → the tags they store.
FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]
ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ol", "ul", "li", "h2", "h3"}
# Whose text must go with them, not be kept as plain text.
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript",
                        "textarea", "svg", "math", "title", "head"}
LINK_SCHEMES = ("http", "https", "mailto", "tel")
MAX_URL_LENGTH = 500
_web_url = URLValidator(schemes=["http", "https"])


def safe_link(url, allow_anchor=False):
    """`url` stripped, if it is an http(s), mailto or tel link (or a #fragment when
    `allow_anchor`); raise ValidationError otherwise."""
    url = (url or "").strip()
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(_("This link is too long."), code="max_length")
    if allow_anchor and url.startswith("#") and url[1:].replace("-", "").isalnum():
        return url
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https"):
        try:
            _web_url(url)
        except ValidationError:
            raise ValidationError(_("Enter a valid web address."), code="invalid") from None
        return url
    if scheme in ("mailto", "tel") and len(url) > len(scheme) + 1 and not any(
        ch.isspace() or ch in "<>\"'" for ch in url
    ):
        return url
    raise ValidationError(
        _("Links may only start with http://, https://, mailto: or tel:."), code="scheme"
    )


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
