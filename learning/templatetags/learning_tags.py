"""Template helpers of learning's pages: a time in a video as m:ss, and the knowledge
base's page (its articles by category, or what a search found) for its template."""

from django import template

from learning import knowledge

register = template.Library()


@register.filter
def duration_clock(seconds):
    """3725 → "1:02:05", 75 → "1:15"."""
    try:
        seconds = max(0, int(seconds))
    except (TypeError, ValueError):
        return ""
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


@register.simple_tag
def knowledge_base(index, request):
    """What the knowledge base page shows: search results for ?q= (in the page's own
    language), else its articles by category (?category=<slug> narrows them to one)."""
    query = request.GET.get("q", "").strip()[:knowledge.MAX_QUERY]
    if query:
        return {"query": query, "results": knowledge.search(query, index.locale)}
    groups = knowledge.by_category(index)
    slug = request.GET.get("category", "")
    if slug:
        groups = [(category, articles) for category, articles in groups
                  if category is not None and category.slug == slug]
    return {"query": "", "groups": groups, "category": slug}
