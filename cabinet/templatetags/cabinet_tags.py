"""Small formatting helpers for the cabinet's templates: contact links, initials, counts,
amounts, volumes and percentages, and the cabinet's navigation."""

import re

from django import template

from cabinet import numbers
from cabinet.navigation import navigation
from landing.leads import new_lead_count

register = template.Library()


def _digits(number):
    return re.sub(r"\D", "", number or "")


@register.filter
def tel_href(number):
    digits = _digits(number)
    if not digits:
        return ""
    return f"tel:+{digits}" if (number or "").strip().startswith("+") else f"tel:{digits}"


@register.filter
def telegram_href(username):
    username = (username or "").strip().lstrip("@")
    return f"https://t.me/{username}" if re.fullmatch(r"[A-Za-z0-9_]{5,32}", username) else ""


@register.filter
def whatsapp_href(number):
    digits = _digits(number)
    return f"https://wa.me/{digits}" if digits else ""


@register.filter
def viber_href(number):
    digits = _digits(number)
    return f"viber://chat?number=%2B{digits}" if digits else ""


@register.filter
def initials(name):
    """Up to two initials of a name, for a picture-less avatar."""
    words = [word for word in re.split(r"[\s@._-]+", name or "") if word]
    return "".join(word[0] for word in words[:2]).upper() or "?"


@register.filter
def percent(fraction):
    """0.1234 → "12.3%" in the page's number format."""
    from django.utils.formats import number_format

    return f"{number_format((fraction or 0) * 100, 1)}%"


@register.filter
def count(number):
    """251004 → "251,004" (English) or "251 004" (Russian, Ukrainian): digits grouped the
    page's language's way, whatever USE_THOUSAND_SEPARATOR says."""
    from django.utils.formats import number_format

    if number in (None, ""):
        return ""
    return number_format(number, 0, force_grouping=True)


@register.filter
def money(amount, currency=""):
    """1234.5|money:"EUR" → "€1,234.50" (English) or "1 234,50 €" (Russian)."""
    return numbers.money(amount, currency)


@register.filter
def volume(value):
    """3610|volume → "3,610.00" (English) or "3 610,00" (Russian, Ukrainian)."""
    return numbers.volume(value)


@register.inclusion_tag("cabinet/includes/navigation.html", takes_context=True)
def cabinet_navigation(context):
    """The cabinet's grouped navigation (cabinet.navigation) for the page's `section`."""
    partner = context.get("partner")
    badges = {
        "holding_tank": context.get("holding_tank_count") or 0,
        "new_leads": (context["new_lead_count"] if "new_lead_count" in context
                      else new_lead_count(partner) if getattr(partner, "pk", None) else 0),
    }
    return {"groups": navigation(context.get("section"), badges)}
