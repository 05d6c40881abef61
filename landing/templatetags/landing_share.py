"""The landing's share picture for its page's OpenGraph and Twitter tags:

    {% load landing_share %}
    {% share_image landing as share %}      share.url (absolute), .width, .height, .type
    {% share_image_url landing as url %}    the absolute address alone ("" without one)
"""

from dataclasses import dataclass

from django import template

from .. import share_image as pictures

register = template.Library()


@dataclass(frozen=True)
class SharePicture:
    url: str
    width: int = pictures.WIDTH
    height: int = pictures.HEIGHT
    type: str = pictures.CONTENT_TYPE


def _site_name(context):
    settings = context.get("settings")
    try:
        return settings["website"]["SiteSettings"].company_name
    except (KeyError, TypeError, AttributeError, RuntimeError):
        return ""


@register.simple_tag(takes_context=True)
def share_image(context, landing):
    """The landing's share picture (drawn once per published version), or None."""
    url = pictures.share_image_url(
        landing, request=context.get("request"), site_name=lambda: _site_name(context)
    )
    return SharePicture(url) if url else None


@register.simple_tag(takes_context=True)
def share_image_url(context, landing):
    picture = share_image(context, landing)
    return picture.url if picture else ""
