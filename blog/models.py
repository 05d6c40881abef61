"""Company news and the blog: indexes, articles, categories, tags and authors."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from website.blocks import BodyStreamBlock
from website.seo import SeoMixin

ARTICLES_PER_PAGE = 9


@register_snippet
class Author(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("photo"),
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name


@register_snippet
class BlogCategory(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("blog category")
        verbose_name_plural = _("blog categories")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(SeoMixin, Page):
    """What news articles and blog posts share: date, intro, lead image, body, authors."""

    date = models.DateTimeField(_("publication date"), default=timezone.now)
    intro = models.TextField(_("intro"), max_length=500)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("lead image"),
    )
    class Meta:
        abstract = True

    def get_share_image(self):
        return self.share_image or self.image

    def get_summary(self):
        return self.search_description or self.intro

    @classmethod
    def latest(cls, locale, count=3):
        """The newest live, public articles of this kind in `locale` (the home page's)."""
        return (
            cls.objects.live().public().filter(locale=locale)
            .select_related("image").order_by("-date")[:count]
        )


def _body():
    return StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))


class ArticleIndexPage(RoutablePageMixin, SeoMixin, Page):
    """An index with pagination and RSS/Atom feeds of its children."""

    intro = models.TextField(_("intro"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    article_model = None

    class Meta:
        abstract = True

    def get_summary(self):
        return self.search_description or self.intro

    def articles(self):
        return (
            self.article_model.objects.live().public().child_of(self)
            .select_related("image").order_by("-date")
        )

    def filter_articles(self, request, articles):
        return articles, {}

    def paginate(self, request, articles):
        paginator = Paginator(articles, ARTICLES_PER_PAGE)
        try:
            return paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage:
            return paginator.page(paginator.num_pages)

    @path("")
    def index_view(self, request):
        articles, filters = self.filter_articles(request, self.articles())
        return self.render(
            request, context_overrides={"articles": self.paginate(request, articles), **filters}
        )

    @path("feed/rss/", name="rss")
    def rss_feed(self, request):
        from .feeds import ArticleRssFeed

        return ArticleRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from .feeds import ArticleAtomFeed

        return ArticleAtomFeed(self)(request)


class NewsPage(ArticlePage):
    body = _body()

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("intro"), FieldPanel("image")],
                        heading=_("Article")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["blog.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")


class NewsIndexPage(ArticleIndexPage):
    article_model = NewsPage
    parent_page_types = ["website.HomePage"]
    subpage_types = ["blog.NewsPage"]

    class Meta:
        verbose_name = _("news index")


class BlogPage(ArticlePage):
    body = _body()
    authors = ParentalManyToManyField("blog.Author", blank=True, verbose_name=_("authors"))
    categories = ParentalManyToManyField(
        "blog.BlogCategory", blank=True, verbose_name=_("categories")
    )
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("intro"), FieldPanel("image")],
                        heading=_("Article")),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("authors"), FieldPanel("categories"), FieldPanel("tags")],
            heading=_("Authors, categories and tags"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")


class BlogIndexPage(ArticleIndexPage):
    article_model = BlogPage
    parent_page_types = ["website.HomePage"]
    subpage_types = ["blog.BlogPage"]

    class Meta:
        verbose_name = _("blog index")

    def articles(self):
        return super().articles().prefetch_related("categories", "authors")

    def filter_articles(self, request, articles):
        filters = {
            "categories": BlogCategory.objects.filter(locale=self.locale),
            "category": None,
            "tag": None,
        }
        category_slug = request.GET.get("category")
        if category_slug:
            category = get_object_or_404(BlogCategory, slug=category_slug, locale=self.locale)
            filters["category"] = category
            articles = articles.filter(categories=category)
        tag = request.GET.get("tag")
        if tag:
            filters["tag"] = tag
            articles = articles.filter(tags__name=tag)
        return articles, filters
