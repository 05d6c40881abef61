"""The month grid of the cabinet's calendar: weeks of days (the locale's first weekday
first), each day with the entries held on it in their own time zone."""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import formats, timezone

from . import times

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class Day:
    date: date
    in_month: bool
    today: bool
    entries: list = field(default_factory=list)


def month_of(value, today=None):
    """The first day of the month "YYYY-MM" names; this month for anything else."""
    today = today or timezone.localdate()
    match = MONTH.match(value or "")
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1970 <= year <= 2200 and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def shift(first, months):
    """The first day of the month `months` after `first` (negative: before)."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def bounds(first):
    """[start, end) of the grid's weeks as aware datetimes, wide enough for every zone."""
    weeks = grid_dates(first)
    start = datetime.combine(weeks[0][0], datetime.min.time()) - timedelta(days=1)
    end = datetime.combine(weeks[-1][-1], datetime.min.time()) + timedelta(days=2)
    return timezone.make_aware(start), timezone.make_aware(end)


def grid_dates(first):
    first_weekday = int(formats.get_format("FIRST_DAY_OF_WEEK"))  # 0 = Sunday
    weeks = calendar.Calendar((first_weekday - 1) % 7).monthdatescalendar(
        first.year, first.month)
    return weeks


def days_of(entry):
    """The local dates an entry covers (an event ending at midnight does not take the
    next day)."""
    start = times.local(entry.starts_at, entry.time_zone)
    end = times.local(entry.ends_at, entry.time_zone) - timedelta(microseconds=1)
    day, days = start.date(), []
    while day <= end.date() and len(days) < 62:
        days.append(day)
        day += timedelta(days=1)
    return days


def grid(first, entries, today=None):
    """Weeks of Days for the month starting `first`, `entries` placed on their days."""
    today = today or timezone.localdate()
    by_day = {}
    for entry in entries:
        for day in days_of(entry):
            by_day.setdefault(day, []).append(entry)
    return [[Day(day, day.month == first.month, day == today, by_day.get(day, []))
             for day in week] for week in grid_dates(first)]


def weekday_names(first):
    """The grid's column headings (short weekday names, in the grid's order)."""
    return [formats.date_format(day, "D") for day in grid_dates(first)[0]]
