"""`{{ partner.rank|rank_label }}`: a rank code as its name (see compensation.ranks)."""

from django import template

from compensation import ranks

register = template.Library()


@register.filter
def rank_label(code, plan_rules=None):
    """The rank's name in the page's language; `plan_rules` names it as that plan version
    does (by default the published plan in force)."""
    return ranks.rank_label(code, plan_rules)
