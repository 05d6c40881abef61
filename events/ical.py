"""iCalendar (RFC 5545) for events, written with the `icalendar` library: one event's
`.ics` download and a partner's whole feed. Times are in the event's own zone with its
VTIMEZONE (UTC ones as UTC), so Google Calendar and Outlook show them right in theirs.
An event's UID never changes: a company event's is its translation key (the same in
every language), a team event's its own uuid.
"""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils.html import strip_tags
from django.utils.text import slugify
from icalendar import Calendar, Event

from . import times
from .models import TeamEvent

PRODUCT_ID = "-//Downline//Event calendar//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid_of(event):
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "downline"
    if isinstance(event, TeamEvent):
        return f"team-event-{event.uid}@{host}"
    return f"event-{event.translation_key}@{host}"


def _when(value, zone_name):
    if zone_name == "UTC":
        return value.astimezone(UTC)
    return times.local(value, zone_name)


def _stamp(event):
    changed = (getattr(event, "updated_at", None)
               or getattr(event, "last_published_at", None)
               or datetime.now(UTC))
    return changed.astimezone(UTC)


def _description(event):
    text = event.description if isinstance(event, TeamEvent) else strip_tags(
        event.description.replace("</p>", "</p>\n"))
    return text.strip()


def component(event, url=""):
    """The VEVENT of one event; `url` its absolute address (optional)."""
    item = Event()
    item.add("uid", uid_of(event))
    item.add("dtstamp", _stamp(event))
    item.add("dtstart", _when(event.starts_at, event.time_zone))
    item.add("dtend", _when(event.ends_at, event.time_zone))
    item.add("summary", event.title)
    description = _description(event)
    if event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    if description:
        item.add("description", description)
    location = event.place or event.online_url
    if location:
        item.add("location", location)
    if url:
        item.add("url", url)
    item.add("status", "CONFIRMED")
    return item


def calendar(events_and_urls, name=""):
    """The VCALENDAR of (event, absolute url) pairs, as bytes."""
    document = Calendar()
    document.add("prodid", PRODUCT_ID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    if name:
        document.add("x-wr-calname", name)
    for event, url in events_and_urls:
        document.add_component(component(event, url))
    document.add_missing_timezones()
    return document.to_ical()


def response(body, filename=None):
    """`body` served as text/calendar (a download when `filename` is given)."""
    answer = HttpResponse(body, content_type=CONTENT_TYPE)
    if filename:
        answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    answer["Cache-Control"] = "private, no-cache"
    return answer


def filename_of(event):
    return f"{slugify(event.title)[:60] or 'event'}.ics"
