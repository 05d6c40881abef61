"""StreamField blocks for the company's own pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


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


class HeroBlock(blocks.StructBlock):
    headline = blocks.CharBlock(label=_("Headline"), max_length=120)
    subline = blocks.TextBlock(required=False, label=_("Subline"))
    image = ImageChooserBlock(required=False, label=_("Background image"))
    button_label = blocks.CharBlock(required=False, label=_("Button label"), max_length=60)
    button_page = blocks.PageChooserBlock(required=False, label=_("Button page"))

    class Meta:
        icon = "pick"
        template = "website/blocks/hero_block.html"
        label = _("Hero")


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
    hero = HeroBlock()
    features = FeatureGridBlock()


class SocialLinkValue(blocks.StructValue):
    def network_name(self):
        """The network as it spells itself (YouTube, LinkedIn, TikTok); `capfirst` of the
        stored value made "Youtube" and "Linkedin"."""
        choices = dict(SocialLinkBlock.base_blocks["network"].field.choices)
        return choices.get(self.get("network"), self.get("network"))


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        choices=[
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("telegram", "Telegram"),
            ("youtube", "YouTube"),
            ("linkedin", "LinkedIn"),
            ("x", "X"),
            ("tiktok", "TikTok"),
            ("vk", "VK"),
        ],
        label=_("Network"),
    )
    url = blocks.URLBlock(label=_("Link"))

    class Meta:
        icon = "site"
        label = _("Social link")
        value_class = SocialLinkValue


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
