"""The addresses the company's own site answers at."""

from wagtail.models import Page


def is_site_page(address):
    """Whether a page of the company's site answers at /<language>/<address>/: the pages
    right under each language's home (the site's root, depth 2), whatever their state, so
    a page published later keeps its address too."""
    return Page.objects.filter(depth=3, slug__iexact=address).exists()
