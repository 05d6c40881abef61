"""The count of the partner's new leads, for the cabinet's navigation on every page."""

from django import template

from landing.leads import new_lead_count

register = template.Library()


@register.simple_tag
def new_leads(partner):
    return new_lead_count(partner) if getattr(partner, "pk", None) else 0
