"""Template tags of the calendar: an event's time in its own zone, and the public page's
RSVP panel (the reader's answer, the seats, the buttons and the `.ics` link)."""

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from compensation.ranks import rank_label
from network.models import Partner

from .. import audience, seats, times
from ..models import ANSWERS, RsvpStatus

register = template.Library()


@register.simple_tag
def event_time(event):
    """"12 December 2026, 18:00 – 19:30 (Europe/Kyiv)": the event's times in its zone."""
    start = times.local(event.starts_at, event.time_zone)
    end = times.local(event.ends_at, event.time_zone)
    shown_end = formats.time_format(end, "TIME_FORMAT") if end.date() == start.date() \
        else formats.date_format(end, "DATETIME_FORMAT")
    return _("%(start)s – %(end)s (%(zone)s)") % {
        "start": formats.date_format(start, "DATETIME_FORMAT"), "end": shown_end,
        "zone": event.time_zone.replace("_", " "),
    }


@register.simple_tag
def event_day(event):
    """The event's start as a short date in its own zone."""
    return formats.date_format(times.local(event.starts_at, event.time_zone), "SHORT_DATE_FORMAT")


@register.filter
def answer_label(status):
    return RsvpStatus(status).label if status in RsvpStatus.values else ""


@register.inclusion_tag("events/includes/rsvp_panel.html", takes_context=True)
def event_rsvp(context, page):
    request = context["request"]
    user = request.user
    partner = (Partner.objects.filter(user_id=user.pk).first()
               if user.is_authenticated else None)
    canonical = page.canonical()
    going = seats.going_count(canonical)
    rsvp = seats.answer_of(user, canonical)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "page": page,
        "signed_in": user.is_authenticated,
        "partner": partner,
        "may_answer": audience.may_answer(partner, page),
        "answer": rsvp.status if rsvp else "",
        "answers": [(value, RsvpStatus(value).label) for value in ANSWERS],
        "seats_left": None if page.capacity is None else max(page.capacity - going, 0),
        "going": going,
        "over": page.ends_at <= timezone.now(),
        "min_rank_name": rank_label(page.min_rank) if page.min_rank else "",
    }


@register.simple_tag
def event_clock(event):
    """The event's start time of day ("18:00") in its own zone."""
    return formats.time_format(times.local(event.starts_at, event.time_zone), "TIME_FORMAT")
