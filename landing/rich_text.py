"""The allow-list sanitizer for a partner's rich text, and the link schemes landings accept.

Partners never use Wagtail's editor: their rich text arrives as HTML from the cabinet's
builder, so it is rebuilt here from scratch. Only the tags below survive, only `href` on
links (and only to http, https, mailto or tel), every text node and attribute is escaped
again, and the contents of script-like elements are dropped with them.
"""

from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Wagtail rich text features → the tags they store.
FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]
ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ol", "ul", "li", "h2", "h3"}
VOID_TAGS = {"br"}
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


class _Sanitizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.open = []  # allowed tags opened and not yet closed
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED_TAGS:
            return
        if tag == "a":
            href = dict(attrs).get("href") or ""
            try:
                href = safe_link(href)
            except ValidationError:
                href = ""
            if not href:
                self.out.append("<a>")
            else:
                self.out.append(f'<a href="{escape(href)}" rel="nofollow noopener">')
        else:
            self.out.append(f"<{tag}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag in VOID_TAGS and not self.dropping:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in self.open:
            return
        while self.open:  # close whatever was left open inside it
            inner = self.open.pop()
            self.out.append(f"</{inner}>")
            if inner == tag:
                break

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def result(self):
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def sanitize(html):
    """HTML with only the allowed tags and links left, everything else escaped or gone."""
    parser = _Sanitizer()
    parser.feed(html or "")
    return parser.result()
