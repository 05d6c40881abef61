"""What every public page of the site shares for search engines and sharing: an OpenGraph
share image and summary, and the slug following the source page in translations. The
company's pages here and the blog's articles both build on it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField


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
    # wagtail-localize would ask translators for the slug as a text to translate, on the
    # editor's "Promote" tab, which shows nothing of what is left on it: every field of the
    # content filled, a translation still published "with missing translations". The
    # slug follows the source page instead (a translator may still change it).
    override_translatable_fields = [SynchronizedField("slug", overridable=True)]

    class Meta:
        abstract = True

    def get_share_image(self):
        return self.share_image

    def get_summary(self):
        return self.search_description
