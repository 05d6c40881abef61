"""{% ad_conversion_frame %}: where a sign-up that came from a landing is reported to the
landing's ad pixels (landing/conversions.py)."""

from django import template
from django.utils.html import format_html

from landing import conversions

register = template.Library()


@register.simple_tag(takes_context=True)
def ad_conversion_frame(context):
    request = context.get("request")
    url = conversions.frame_url(request) if request is not None else ""
    if not url:
        return ""
    return format_html('<iframe class="ad-conversion-frame" src="{}" hidden tabindex="-1" '
                       'aria-hidden="true" title=""></iframe>', url)
