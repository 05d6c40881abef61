"""A partner's calendar: company events (in the reader's language, for their rank) and the
team events they see, as one list of `Entry` in time order, each with the partner's own
answer and the seats taken. The cabinet's month and list views, its overview panel, the
API and the iCalendar feed all read it from here.

An event's `key` names it for good in every language: "company-<id of the event's first
page>" or "team-<id>".
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from . import audience, times
from .models import EventPage, Rsvp, RsvpStatus, TeamEvent

KEY = re.compile(r"^(company|team)-([1-9][0-9]{0,17})$")
MAX_ENTRIES = 500


@dataclass
class Entry:
    event: object          # EventPage in the reader's language, or TeamEvent
    key: str
    kind: str              # "company" | "team"
    url: str               # site-relative: the public page, or the cabinet's team event
    going: int = 0
    waiting: int = 0
    answer: str = ""       # the reader's RsvpStatus value, "" when they did not answer
    may_answer: bool = True

    @property
    def title(self):
        return self.event.title

    @property
    def starts_at(self):
        return self.event.starts_at

    @property
    def ends_at(self):
        return self.event.ends_at

    @property
    def time_zone(self):
        return self.event.time_zone

    @property
    def local_start(self):
        return times.local(self.event.starts_at, self.event.time_zone)

    @property
    def local_end(self):
        return times.local(self.event.ends_at, self.event.time_zone)

    @property
    def capacity(self):
        return self.event.capacity

    @property
    def seats_left(self):
        if self.event.capacity is None:
            return None
        return max(self.event.capacity - self.going, 0)

    @property
    def full(self):
        return self.seats_left == 0

    @property
    def is_team(self):
        return self.kind == "team"


def key_of(event):
    return f"{event.kind}-{event.canonical().pk}"


def url_of(event):
    """The event's site-relative address in the active language."""
    if isinstance(event, TeamEvent):
        try:
            return reverse("cabinet:team_event", kwargs={"pk": event.pk})
        except NoReverseMatch:
            return ""
    return event.get_url() or ""


def facts(event):
    """JSON-safe facts about `event`, a notification's params (see events/signals.py)."""
    return {
        "key": key_of(event),
        "kind": event.kind,
        "title": event.title,
        "starts_at": times.local(event.starts_at, event.time_zone).isoformat(),
        "ends_at": times.local(event.ends_at, event.time_zone).isoformat(),
        "time_zone": event.time_zone,
        "place": event.place,
        "online_url": event.online_url,
        "url": url_of(event),
    }


def for_reader(event, user):
    """`event` in the user's preferred language where a company event is translated."""
    if isinstance(event, TeamEvent):
        return event
    return audience.translated(event, getattr(user, "language", "") or None)


def find(partner, key, language=None):
    """The event `key` names when `partner` sees it (a company event in `language`),
    else Http404."""
    match = KEY.match(key or "")
    if match is None:
        raise Http404
    kind, pk = match.group(1), int(match.group(2))
    if kind == "team":
        return audience.team_event(partner, pk)
    page = audience.company_event(pk)
    return audience.translated(page, language)


# --- listing -----------------------------------------------------------------------------


def company_pages(partner, start, end, language):
    """The company events overlapping [start, end) open to `partner`, one per event."""
    pages = list(audience.company_events().filter(ends_at__gt=start, starts_at__lt=end)
                 .order_by("starts_at", "pk")[: MAX_ENTRIES * 3])
    if any(page.min_rank for page in pages):  # the plan's ranks read only when needed
        codes = audience.rank_codes()
        pages = [page for page in pages if audience.rank_allows(partner, page.min_rank, codes)]
    return audience.in_language(pages, language)


def team_events(partner, start, end):
    return list(audience.visible_team_events(partner).filter(
        ends_at__gt=start, starts_at__lt=end).order_by("starts_at", "pk")[:MAX_ENTRIES])


def _canonical_ids(pages):
    """{translation_key: canonical page id} for the pages' events (one query)."""
    keys = {page.translation_key for page in pages}
    ids = {}
    for pk, key in (EventPage.objects.filter(translation_key__in=keys)
                    .order_by("pk").values_list("pk", "translation_key")):
        ids.setdefault(key, pk)
    return ids


def build(partner, pages, team, user=None):
    """Entries for `pages` (company events) and `team` (TeamEvents), in time order, with
    the seats taken and `user`'s answers (two queries for all of them)."""
    canonical = _canonical_ids(pages)
    company_ids = [canonical[page.translation_key] for page in pages]
    team_ids = [event.pk for event in team]
    counts = {}
    if company_ids or team_ids:
        rows = (Rsvp.objects.filter(Q(company_event_id__in=company_ids)
                                    | Q(team_event_id__in=team_ids))
                .values("company_event_id", "team_event_id")
                .annotate(going=Count("pk", filter=Q(status=RsvpStatus.GOING)),
                          waiting=Count("pk", filter=Q(status=RsvpStatus.WAITING))))
        for row in rows:
            key = (f"company-{row['company_event_id']}" if row["company_event_id"]
                   else f"team-{row['team_event_id']}")
            counts[key] = (row["going"], row["waiting"])
    answers = {}
    if user is not None and (company_ids or team_ids):
        for company_id, team_id, status in Rsvp.objects.filter(
                Q(company_event_id__in=company_ids) | Q(team_event_id__in=team_ids),
                user=user).values_list("company_event_id", "team_event_id", "status"):
            answers[f"company-{company_id}" if company_id else f"team-{team_id}"] = status
    result = []
    codes = audience.rank_codes() if any(page.min_rank for page in pages) else []
    for page in pages:
        key = f"company-{canonical[page.translation_key]}"
        going, waiting = counts.get(key, (0, 0))
        result.append(Entry(page, key, "company", page.get_url() or "", going, waiting,
                            answers.get(key, ""),
                            audience.rank_allows(partner, page.min_rank, codes)))
    for event in team:
        key = f"team-{event.pk}"
        going, waiting = counts.get(key, (0, 0))
        result.append(Entry(event, key, "team", url_of(event), going, waiting,
                            answers.get(key, "")))
    result.sort(key=lambda entry: (entry.starts_at, entry.key))
    return result


def between(partner, start, end, language=None, kind=None):
    """The partner's calendar entries overlapping [start, end)."""
    language = language or translation.get_language()
    pages = company_pages(partner, start, end, language) if kind in (None, "company") else []
    team = team_events(partner, start, end) if kind in (None, "team") else []
    return build(partner, pages, team, partner.user)


def entry_for(partner, event):
    """The Entry of one event (seen by `partner`)."""
    if isinstance(event, TeamEvent):
        return build(partner, [], [event], partner.user)[0]
    return build(partner, [event], [], partner.user)[0]


def upcoming(partner, count=3, language=None, now=None):
    """The partner's next `count` events not yet over (the cabinet overview's panel)."""
    now = now or timezone.now()
    return between(partner, now, now + timedelta(days=366), language)[:count]
