"""The company's own pages (home, content pages), site settings, navigation and footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import BodyStreamBlock, HomeStreamBlock, MenuItemBlock, SocialLinkBlock


class SeoMixin(models.Model):
    """OpenGraph share image and summary for any page."""

    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("share image"),
        help_text=_("Shown when the page is shared; 1200×630 works best."),
    )

    promote_panels = Page.promote_panels + [FieldPanel("share_image")]

    class Meta:
        abstract = True

    def get_share_image(self):
        return self.share_image

    def get_summary(self):
        return self.search_description


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

    def get_context(self, request, *args, **kwargs):
        from blog.models import BlogPage, NewsPage

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsPage.objects.live().public().filter(locale=self.locale)
            .select_related("image").order_by("-date")[:3]
        )
        context["latest_posts"] = (
            BlogPage.objects.live().public().filter(locale=self.locale)
            .select_related("image").order_by("-date")[:3]
        )
        return context


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
class SiteSettings(BaseSiteSetting):
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
    ]

    class Meta:
        verbose_name = _("site settings")


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
