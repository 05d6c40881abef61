"""An event's time: stored as aware datetimes (UTC in the database) plus the IANA name of
the zone it is held in, so "18:00 in Kyiv" stays 18:00 in Kyiv across a change of
daylight-saving time and every calendar shows it in its reader's own zone.

Forms take the wall-clock time as people type it, in the event's zone (`in_zone`), and
show it back the same way (`wall_clock`).
"""

import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=1)
def zone_names():
    """Every IANA zone this machine knows, sorted (without the legacy aliases)."""
    return sorted(
        name for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    ) + ["UTC"]


def zone_choices():
    return [(name, name.replace("_", " ")) for name in zone_names()]


def validate_zone(name):
    if name not in zone_names():
        raise ValidationError(_("Choose a time zone from the list (for example Europe/Kyiv)."),
                              code="invalid_time_zone")


def default_zone():
    return settings.TIME_ZONE if settings.TIME_ZONE in zone_names() else "UTC"


def zone(name):
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def in_zone(value, name):
    """The wall-clock time `value` (naive, or aware in the form's current zone) as an
    aware datetime in the zone `name`."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.make_naive(value)
    return value.replace(tzinfo=zone(name))


def wall_clock(value, name):
    """`value` as the naive wall-clock time in the zone `name` (a form's initial value)."""
    if value is None:
        return None
    return value.astimezone(zone(name)).replace(tzinfo=None)


def local(value, name):
    """`value` in the zone `name` (aware), for display."""
    return value.astimezone(zone(name)) if value is not None else None


def check_order(starts_at, ends_at):
    """{field: error} when the event would end before it starts."""
    if starts_at and ends_at and ends_at <= starts_at:
        return {"ends_at": ValidationError(_("The event must end after it starts."),
                                           code="ends_before_start")}
    return {}
