"""Who sees which event: the one place every calendar queryset is scoped (the cabinet, the
API, the feed and the public page's RSVP all ask here).

- A company event is public to read; a partner may answer it when their rank is at least
  the event's `min_rank` (the order of the plan in force, compensation.ranks).
- A team event is seen by its owner and the partners below the owner in the sponsor tree:
  a partner sees the team events of their own and of their upline (one walk up the tree),
  never another branch's. Anything else is "not found".
"""

from django.http import Http404
from django.utils import translation
from wagtail.models import Locale

from network import genealogy

from .models import EventPage, TeamEvent


def rank_codes():
    from compensation.ranks import published_codes

    return published_codes()


def rank_allows(partner, min_rank, codes=None):
    """True when `partner` (None: nobody) has reached `min_rank` (blank: everyone)."""
    if partner is None:
        return False
    if not min_rank:
        return True
    codes = rank_codes() if codes is None else codes
    if min_rank not in codes or partner.rank not in codes:
        return False
    return codes.index(partner.rank) >= codes.index(min_rank)


def company_events():
    """Every live, public company event page (all languages)."""
    return EventPage.objects.live().public()


def company_event(page_id):
    """The live, public company event `page_id` (any language), else Http404."""
    page = company_events().filter(pk=page_id).first()
    if page is None:
        raise Http404
    return page


def in_language(pages, language):
    """One page per event: the one in `language` where it is translated, else the first
    of its group. Keeps the order of `pages`."""
    languages = locale_languages()
    chosen, order = {}, []
    for page in pages:
        key = page.translation_key
        current = chosen.get(key)
        if current is None:
            order.append(key)
            chosen[key] = page
        elif _preference(page, language, languages) < _preference(current, language, languages):
            chosen[key] = page
    return [chosen[key] for key in order]


def locale_languages():
    """{locale id: language code} (a few rows)."""
    return dict(Locale.objects.values_list("pk", "language_code"))


def _preference(page, language, languages):
    return (0 if languages.get(page.locale_id) == language else 1, page.pk)


def translated(page, language=None):
    """`page` in `language` (the active one by default) when it is translated and live."""
    language = language or translation.get_language() or ""
    found = company_events().filter(translation_key=page.translation_key,
                                    locale__language_code=language).first()
    return found or page


def upline_and_self(partner):
    """The ids of the partners whose team events `partner` sees."""
    return [partner.pk, *genealogy.upline_ids(partner, genealogy.SPONSOR)]


def visible_team_events(partner):
    """The team events `partner` sees: their own and their sponsor upline's."""
    if partner is None:
        return TeamEvent.objects.none()
    return TeamEvent.objects.filter(owner_id__in=upline_and_self(partner))


def team_event(partner, pk):
    """The team event `pk` when `partner` sees it, else Http404 (another branch's event is
    not confirmed to exist)."""
    event = visible_team_events(partner).select_related("owner__user").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def own_team_event(partner, pk):
    """The team event `pk` when `partner` owns it, else Http404."""
    event = TeamEvent.objects.filter(owner=partner, pk=pk).first()
    if event is None:
        raise Http404
    return event


def may_answer(partner, event):
    """Whether `partner` may RSVP to `event` (a company page or a team event)."""
    if partner is None:
        return False
    if isinstance(event, TeamEvent):
        return event.owner_id in upline_and_self(partner)
    return rank_allows(partner, event.min_rank)
