"""StreamField blocks for the company's own pages, and the blocks partner landings share
with them (landing/blocks.py): the hero, a social link, the safe link and the photo
chooser they are made of."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# --- shared with partner landings ---------------------------------------------------------

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


class LinkBlock(blocks.CharBlock):
    """A link: http(s), mailto or tel only (and #anchors where allowed)."""

    def __init__(self, allow_anchor=False, **kwargs):
        self.allow_anchor = allow_anchor
        kwargs.setdefault("max_length", MAX_URL_LENGTH)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        return safe_link(value, allow_anchor=self.allow_anchor)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["allow_anchor"] = self.allow_anchor
        return "website.blocks.LinkBlock", args, kwargs


class ChosenOnly:
    """A chooser that asks the database only when something was chosen: Wagtail's
    `ChooserBlock.bulk_to_python` builds an `in_bulk` query even for a page whose blocks
    of this kind all left it empty (a hero without a photo), which costs the ORM's
    query building on every render for no row."""

    def bulk_to_python(self, values):
        if all(value in (None, "") for value in values):
            return [None] * len(values)
        return super().bulk_to_python(values)


class PhotoChooserBlock(ChosenOnly, ImageChooserBlock):
    pass


class HeroBlock(blocks.StructBlock):
    """The opening of a page: a headline, a subline, a picture and a button. One block for
    the company's pages and partner landings; each passes its button's two fields (the
    label, then the link) as `button`, in the shape its pages are stored in: the company's
    pages link one of their own pages (PAGE_BUTTON), a landing any safe link
    (landing.blocks.LINK_BUTTON). A label without a link, or a link without a label, is
    refused."""

    headline = blocks.CharBlock(label=_("Headline"), max_length=120)
    subline = blocks.TextBlock(required=False, label=_("Subline"), max_length=300)
    image = PhotoChooserBlock(required=False, label=_("Image"))

    def __init__(self, button=(), **kwargs):
        super().__init__(local_blocks=button, **kwargs)
        self.button = [name for name, _block in button]

    def clean(self, value):
        value = super().clean(value)
        if self.button:
            label, link = self.button
            if value.get(label) and not value.get(link):
                raise blocks.StructBlockValidationError(block_errors={link: ValidationError(
                    _("Give the button a link."), code="required")})
            if value.get(link) and not value.get(label):
                raise blocks.StructBlockValidationError(block_errors={label: ValidationError(
                    _("Give the button a label."), code="required")})
        return value

    class Meta:
        icon = "pick"
        label = _("Hero")


SOCIAL_NETWORKS = [
    ("telegram", "Telegram"),
    ("whatsapp", "WhatsApp"),
    ("viber", "Viber"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("youtube", "YouTube"),
    ("tiktok", "TikTok"),
    ("linkedin", "LinkedIn"),
    ("x", "X"),
    ("vk", "VK"),
    ("email", _("Email")),
    ("phone", _("Phone")),
]


class SocialLinkValue(blocks.StructValue):
    def network_name(self):
        """The network as it spells itself (YouTube, LinkedIn, TikTok); `capfirst` of the
        stored value made "Youtube" and "Linkedin"."""
        return dict(SOCIAL_NETWORKS).get(self.get("network"), self.get("network"))


class SocialLinkBlock(blocks.StructBlock):
    """A social network's or messenger's link: of the company (the site's footer) or of a
    partner (a landing's social links)."""

    network = blocks.ChoiceBlock(choices=SOCIAL_NETWORKS, label=_("Network"))
    url = LinkBlock(label=_("Link"))

    class Meta:
        icon = "site"
        label = _("Social link")
        value_class = SocialLinkValue


# --- the company's pages ------------------------------------------------------------------


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "website/blocks/heading_block.html"
        label = _("Heading")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "image"
        template = "website/blocks/image_block.html"
        label = _("Image")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    author = blocks.CharBlock(required=False, label=_("Author"))

    class Meta:
        icon = "openquote"
        template = "website/blocks/quote_block.html"
        label = _("Quote")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(required=False, label=_("Text"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("External link"))
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)

    class Meta:
        icon = "link"
        template = "website/blocks/cta_block.html"
        label = _("Call to action")


# The company's hero links one of its own pages.
PAGE_BUTTON = [
    ("button_label", blocks.CharBlock(required=False, label=_("Button label"), max_length=60)),
    ("button_page", blocks.PageChooserBlock(required=False, label=_("Button page"))),
]


class FeatureBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=_("Text"))


class FeatureGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"))
    features = blocks.ListBlock(FeatureBlock(), label=_("Features"))

    class Meta:
        icon = "list-ul"
        template = "website/blocks/feature_grid_block.html"
        label = _("Feature grid")


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", label=_("Paragraph"),
        template="website/blocks/paragraph_block.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()


class HomeStreamBlock(BodyStreamBlock):
    hero = HeroBlock(PAGE_BUTTON, template="website/blocks/hero_block.html")
    features = FeatureGridBlock()


class MenuItemBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("External link"))
    title = blocks.CharBlock(
        required=False, label=_("Title"), help_text=_("Leave blank to use the page title.")
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter a link."))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("Menu item")
