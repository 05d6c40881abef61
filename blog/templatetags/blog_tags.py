"""The blog's articles for other pages' templates (the company home page)."""

from django import template

from blog.models import BlogPage, NewsPage

register = template.Library()

KINDS = {"news": NewsPage, "posts": BlogPage}


@register.simple_tag
def latest_articles(kind, locale, count=3):
    """`{% latest_articles "news" page.locale as latest_news %}`: the newest live articles
    of a kind ("news" or "posts") in a language."""
    return KINDS[kind].latest(locale, count)
