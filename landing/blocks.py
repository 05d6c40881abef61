"""The block library partner landings are composed from.

The same classes validate a landing's StreamField JSON (whatever the cabinet's builder
sends) and render it. There is no raw-HTML block: text is escaped by the templates, rich
text is rebuilt by `rich_text.sanitize`, and every link is checked by `safe_link`. The hero,
the social link and the link and photo blocks are shared with the company's pages
(website/blocks.py).
"""

import re
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, translation
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.rich_text import RichText

from orders import catalogue
from website.blocks import (
    SOCIAL_NETWORKS,
    ChosenOnly,
    HeroBlock,
    LinkBlock,
    PhotoChooserBlock,
    SocialLinkBlock,
    safe_link,
)

from .rich_text import FEATURES, sanitize

RICH_TEXT_MAX_LENGTH = 10_000


# A landing's hero links anywhere safe: a page of the partner's, a messenger, an #anchor.
LINK_BUTTON = [
    ("cta_label", blocks.CharBlock(required=False, label=_("Button label"), max_length=60)),
    ("cta_url", LinkBlock(allow_anchor=True, required=False, label=_("Button link"))),
]


class AboutMeBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), max_length=2000)
    show_photo = blocks.BooleanBlock(required=False, default=True, label=_("Show my photo"))

    class Meta:
        icon = "user"
        template = "landing/blocks/about_me.html"
        label = _("About me")


class SafeRichTextBlock(blocks.RichTextBlock):
    """Rich text with the landing's small feature set, sanitized when cleaned and again
    when rendered (so a row written around `clean` still comes out inert)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", FEATURES)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        source = value.source if isinstance(value, RichText) else str(value or "")
        if len(source) > RICH_TEXT_MAX_LENGTH:
            raise ValidationError(_("This text is too long."), code="max_length")
        return RichText(sanitize(source))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        source = value.source if isinstance(value, RichText) else str(value or "")
        context["html"] = mark_safe(sanitize(source))  # rebuilt from an allow-list
        return context

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return "landing.blocks.SafeRichTextBlock", args, kwargs

    class Meta:
        icon = "pilcrow"
        template = "landing/blocks/rich_text.html"
        label = _("Text")


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
                 "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def video_embed_url(url):
    """The player address for a YouTube or Vimeo link, built from the link alone (no call
    to the provider); None when the link is not one we can embed."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    video = None
    if host == "youtu.be" and segments:
        video = segments[0]
    elif host in YOUTUBE_HOSTS:
        if segments == ["watch"]:
            video = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live"):
            video = segments[1]
    if video is not None:
        if YOUTUBE_ID.match(video):
            return f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1"
        return None
    if host in VIMEO_HOSTS:
        if host == "player.vimeo.com" and len(segments) == 2 and segments[0] == "video":
            video, private = segments[1], (parse_qs(parts.query).get("h") or [""])[0]
        elif host != "player.vimeo.com" and segments:
            video, private = segments[0], (segments[1] if len(segments) == 2 else "")
        else:
            return None
        if not VIMEO_ID.match(video) or (private and not VIMEO_HASH.match(private)):
            return None
        query = f"h={private}&autoplay=1" if private else "autoplay=1"
        return f"https://player.vimeo.com/video/{video}?{query}"
    return None


class UploadedVideoChooserBlock(ChosenOnly, blocks.ChooserBlock):
    """A video the partner uploaded (landing.LandingVideo), kept in the JSON by its id."""

    target_model = "landing.LandingVideo"

    @cached_property
    def widget(self):
        return forms.NumberInput()

    def get_form_state(self, value):
        return getattr(value, "pk", value)

    class Meta:
        icon = "media"


def clean_video_choice(value, missing):
    """A video block's rule (the landing's and the lessons'): a YouTube or Vimeo link or an
    uploaded video, one of the two; `missing` says what to do when neither is given."""
    if value.get("url") and value.get("video"):
        raise StructBlockValidationError(block_errors={"video": ValidationError(
            _("Give either a link or an uploaded video, not both."), code="invalid"
        )})
    if value.get("video"):
        return value
    if not value.get("url"):
        raise StructBlockValidationError(block_errors={"url": ValidationError(
            missing, code="required")})
    if not video_embed_url(value.get("url")):
        raise StructBlockValidationError(block_errors={"url": ValidationError(
            _("Paste a link to a YouTube or Vimeo video."), code="invalid"
        )})
    return value


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo link (the player is loaded only when the visitor presses play)
    or a video the landing's partner uploaded (played from our storage, never on its
    own); exactly one of the two."""

    url = blocks.URLBlock(required=False, label=_("YouTube or Vimeo link"), max_length=300)
    video = UploadedVideoChooserBlock(required=False, label=_("Or a video you uploaded"))
    poster = PhotoChooserBlock(
        required=False, label=_("Cover picture"),
        help_text=_("Shown before an uploaded video is played."),
    )
    title = blocks.CharBlock(required=False, label=_("Title"), max_length=120)

    def clean(self, value):
        return clean_video_choice(super().clean(value), _(
            "Paste a link to a YouTube or Vimeo video, or choose a video you uploaded."))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        video = value.get("video")
        # Only the landing's own partner's video is played: a crafted id naming someone
        # else's upload renders nothing.
        partner = (parent_context or {}).get("partner")
        if video is not None and (partner is None or video.partner_id != partner.pk):
            video = None
        context["uploaded_video"] = video
        context["embed_url"] = None if value.get("video") else video_embed_url(value.get("url"))
        return context

    class Meta:
        icon = "media"
        template = "landing/blocks/video.html"
        label = _("Video")


def active_product_choices():
    """The catalogue's active products as (SKU, "name (SKU)"), for the showcase block."""
    return [(sku, f"{name} ({sku})") for sku, name in catalogue.active_products()]


def catalogue_currency_choices():
    """The currencies the catalogue has prices in."""
    return [(currency, currency) for currency in catalogue.currencies()]


# The usual currency of a landing's language, unless settings.LANDING_CURRENCIES says
# otherwise ({"ru": "RUB", ...}); a showcase may name its own.
DEFAULT_LANDING_CURRENCIES = {"en": "EUR", "ru": "RUB", "uk": "UAH"}
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "RUB": "₽", "UAH": "₴",
                    "PLN": "zł", "KZT": "₸", "CHF": "CHF"}
SYMBOL_FIRST_LANGUAGES = {"en"}


def landing_currency(language):
    currencies = getattr(settings, "LANDING_CURRENCIES", None) or DEFAULT_LANDING_CURRENCIES
    return currencies.get(language)


def format_price(amount, currency, language):
    """A price as a visitor in `language` reads it: €1,234.50 or 1 234,50 ₽."""
    with translation.override(language):
        number = formats.number_format(amount, decimal_pos=2, use_l10n=True,
                                       force_grouping=True)
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if language in SYMBOL_FIRST_LANGUAGES and symbol != currency:
        return f"{symbol}{number}"
    return f"{number}\u00a0{symbol}"


class ProductChoiceBlock(blocks.ChoiceBlock):
    """One of the catalogue's active products, by SKU."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", active_product_choices)
        super().__init__(**kwargs)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return "landing.blocks.ProductChoiceBlock", args, kwargs


class ProductShowcaseBlock(blocks.StructBlock):
    """Products from the company's catalogue with their price in the landing's currency
    and a button: to the product's shop page when it has one, else to sign-up with this
    partner as sponsor. Products that are no longer active are left out."""

    heading = blocks.CharBlock(required=False, label=_("Heading"), max_length=120)
    products = blocks.ListBlock(
        ProductChoiceBlock(label=_("Product")), min_num=1, max_num=12, label=_("Products")
    )
    currency = blocks.ChoiceBlock(
        choices=catalogue_currency_choices, required=False, label=_("Currency"),
        help_text=_("Leave empty for the usual currency of the landing's language."),
    )
    button_label = blocks.CharBlock(required=False, label=_("Button label"), max_length=60)

    def clean(self, value):
        value = super().clean(value)
        skus = list(value.get("products") or [])
        if len(set(skus)) != len(skus):
            raise StructBlockValidationError(block_errors={"products": ValidationError(
                _("Each product can be shown once."), code="duplicate"
            )})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        landing = (parent_context or {}).get("landing")
        language = getattr(landing, "language", None) or translation.get_language() or "en"
        # In the landing's currency; when none of them is priced in it, the first that is.
        currency, shown = catalogue.showcase(
            value.get("products") or [], value.get("currency") or landing_currency(language)
        )
        signup_url = reverse("account_signup")
        context["products"] = [
            self._shown(item.product, item.price, currency, language, signup_url,
                        value.get("button_label"))
            for item in shown
        ]
        return context

    @staticmethod
    def _shown(product, amount, currency, language, signup_url, button_label):
        shop_url = ""
        try:
            shop_url = safe_link(getattr(product, "shop_url", "") or "") or ""
        except ValidationError:
            pass
        image = getattr(product, "image", None)
        return {
            "sku": product.sku,
            "name": product.name,
            "description": getattr(product, "description", "") or "",
            "image_url": getattr(image, "url", "") if image else "",
            "price": format_price(amount, currency, language) if amount is not None else "",
            "url": shop_url or signup_url,
            "in_shop": bool(shop_url),
            "button_label": button_label or (
                _("Buy") if shop_url else _("Sign up to order")
            ),
        }

    class Meta:
        icon = "tag"
        template = "landing/blocks/product_showcase.html"
        label = _("Product showcase")



class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=600)
    author = blocks.CharBlock(label=_("Name"), max_length=80)
    role = blocks.CharBlock(required=False, label=_("Who they are"), max_length=80)
    photo = PhotoChooserBlock(required=False, label=_("Photo"))


class TestimonialsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"), max_length=120)
    items = blocks.ListBlock(
        TestimonialBlock(), min_num=1, max_num=12, label=_("Testimonials")
    )

    class Meta:
        icon = "openquote"
        template = "landing/blocks/testimonials.html"
        label = _("Testimonials")


class GalleryImageBlock(blocks.StructBlock):
    image = PhotoChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"), max_length=120)


class GalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"), max_length=120)
    images = blocks.ListBlock(GalleryImageBlock(), min_num=1, max_num=24, label=_("Images"))

    class Meta:
        icon = "image"
        template = "landing/blocks/gallery.html"
        label = _("Gallery")


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.TextBlock(label=_("Answer"), max_length=2000)


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"), max_length=120)
    items = blocks.ListBlock(QuestionBlock(), min_num=1, max_num=30, label=_("Questions"))

    class Meta:
        icon = "help"
        template = "landing/blocks/faq.html"
        label = _("Questions and answers")


class CountdownBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    target = blocks.DateTimeBlock(label=_("Counting down to"))
    ended_text = blocks.CharBlock(
        required=False, label=_("Text once the time has come"), max_length=200
    )

    class Meta:
        icon = "time"
        template = "landing/blocks/countdown.html"
        label = _("Countdown")


class SocialLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"), max_length=120)
    links = blocks.ListBlock(SocialLinkBlock(), min_num=1, max_num=12, label=_("Links"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        names = dict(SOCIAL_NETWORKS)
        context["links"] = [
            {"network": link["network"], "label": names.get(link["network"], ""),
             "url": link["url"]}
            for link in value["links"]
        ]
        return context

    class Meta:
        icon = "site"
        template = "landing/blocks/social_links.html"
        label = _("Social and messenger links")


class LeadFormBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    intro = blocks.TextBlock(required=False, label=_("Introduction"), max_length=500)
    consent_text = blocks.TextBlock(
        label=_("Consent text"), max_length=1000,
        help_text=_("What the visitor agrees to by sending the form; kept with every lead."),
    )
    button_label = blocks.CharBlock(required=False, label=_("Button label"), max_length=60)

    class Meta:
        icon = "form"
        template = "landing/blocks/lead_form.html"
        label = _("Lead form")


class SignupCtaBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(required=False, label=_("Text"), max_length=500)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)

    class Meta:
        icon = "plus"
        template = "landing/blocks/signup_cta.html"
        label = _("Sign-up call to action")


class LandingStreamBlock(blocks.StreamBlock):
    hero = HeroBlock(LINK_BUTTON, template="landing/blocks/hero.html")
    about_me = AboutMeBlock()
    rich_text = SafeRichTextBlock()
    video = VideoBlock()
    product_showcase = ProductShowcaseBlock()
    testimonials = TestimonialsBlock()
    gallery = GalleryBlock()
    faq = FaqBlock()
    countdown = CountdownBlock()
    social_links = SocialLinksBlock()
    lead_form = LeadFormBlock()
    signup_cta = SignupCtaBlock()

    class Meta:
        max_num = 40
        block_counts = {"lead_form": {"max_num": 1}}


def validate_body(raw):
    """A landing body (StreamField JSON as a list of {type, value}) cleaned by the block
    library; ValidationError when any block is unknown or invalid."""
    stream_block = LandingStreamBlock()
    if not isinstance(raw, list) or not all(
        isinstance(item, dict) and item.get("type") in stream_block.child_blocks for item in raw
    ):
        raise ValidationError(_("Unknown block in the landing."), code="invalid")
    return stream_block.clean(stream_block.to_python(raw))
