"""The company's own pages (home, content pages), site settings, navigation and footer.

The home page's latest news and posts come from the blog, in its template (blog_tags):
the blog builds on this app, not the other way round."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import BodyStreamBlock, HomeStreamBlock, MenuItemBlock, SocialLinkBlock
from .seo import SeoMixin


class HomePage(SeoMixin, Page):
    intro = models.TextField(_("intro"), blank=True)
    body = StreamField(HomeStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = None

    class Meta:
        verbose_name = _("home page")

    def get_summary(self):
        return self.search_description or self.intro


class ContentPage(SeoMixin, Page):
    intro = models.TextField(_("intro"), blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["website.HomePage", "website.ContentPage"]

    class Meta:
        verbose_name = _("content page")

    def get_summary(self):
        return self.search_description or self.intro


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """The company's details for a site. The name and address are in the default language
    here; `translations` give them in other languages and `localized` picks the active
    language's, falling back to these."""

    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("logo"),
    )
    company_name = models.CharField(_("company name"), max_length=120, default="Downline")
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, verbose_name=_("social links")
    )

    panels = [
        FieldPanel("logo"),
        FieldPanel("company_name"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("address"),
        FieldPanel("social_links"),
        InlinePanel("translations", heading=_("In other languages"),
                    label=_("Language"),
                    help_text=_("The company name and address as visitors of the site in "
                                "that language see them; blank fields show the ones above.")),
    ]

    class Meta:
        verbose_name = _("site settings")

    def translated_details(self):
        """{language: SiteSettingsTranslation}, read once and kept on the instance (which
        website/chrome.py caches with them)."""
        if getattr(self, "_translated_details", None) is None:
            self._translated_details = (
                {row.language: row for row in self.translations.all()} if self.pk else {}
            )
        return self._translated_details

    @property
    def localized(self):
        """The company name and address in the active language."""
        row = self.translated_details().get((get_language() or "").split("-")[0])
        return LocalizedDetails(
            company_name=(row and row.company_name) or self.company_name,
            address=(row and row.address) or self.address,
        )


@dataclass(frozen=True)
class LocalizedDetails:
    company_name: str
    address: str


class SiteSettingsTranslation(Orderable):
    """The company's name and address in one more language."""

    site_settings = ParentalKey(SiteSettings, on_delete=models.CASCADE,
                                related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    company_name = models.CharField(_("company name"), max_length=120, blank=True)
    address = models.TextField(_("address"), blank=True)

    panels = [FieldPanel("language"), FieldPanel("company_name"), FieldPanel("address")]

    class Meta(Orderable.Meta):
        verbose_name = _("site settings in another language")
        constraints = [
            models.UniqueConstraint(fields=["site_settings", "language"],
                                    name="one_site_settings_translation_per_language"),
        ]

    def __str__(self):
        return f"{self.site_settings} ({self.language})"


@register_snippet
class NavigationMenu(TranslatableMixin, models.Model):
    """The main menu, one per language; editors order its items."""

    name = models.CharField(_("name"), max_length=80, default="Main menu")
    items = StreamField([("item", MenuItemBlock())], blank=True, verbose_name=_("items"))

    panels = [FieldPanel("name"), FieldPanel("items")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("navigation menu")
        verbose_name_plural = _("navigation menus")

    def __str__(self):
        return f"{self.name} ({self.locale})"


@register_snippet
class Footer(TranslatableMixin, models.Model):
    """The footer text, one per language."""

    text = RichTextField(_("text"), features=["bold", "italic", "link"], blank=True)
    copyright = models.CharField(_("copyright line"), max_length=200, blank=True)

    panels = [FieldPanel("text"), FieldPanel("copyright")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer")
        verbose_name_plural = _("footers")

    def __str__(self):
        return f"{_('Footer')} ({self.locale})"
