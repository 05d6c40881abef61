"""Each user's choice of channels per kind, quiet hours, time zone and digest.

A user without a Preference row has the defaults: every kind on its own default channels,
no quiet hours, the site's time zone, one mail per event. The row is created the first
time the user saves. Required kinds (payouts, security) always keep their default
channels: the server adds them back whatever a form or the API sends.
"""

import functools
import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from notifications import channels as channel_registry
from notifications import kinds as kind_registry
from notifications.models import Preference


def of(user):
    """The user's preferences, or unsaved defaults (no query beyond the one read)."""
    preference = Preference.objects.filter(user=user).first()
    return preference or Preference(user=user, time_zone=settings.TIME_ZONE)


def of_users(user_ids):
    """{user id: Preference} for those of the users who saved any (one query)."""
    return {preference.user_id: preference
            for preference in Preference.objects.filter(user_id__in=list(user_ids))}


def chosen_channels(kind, preference):
    """The channel names the user chose for the kind, in-app first."""
    chosen = list(kind.channels)
    if preference is not None and kind.key in (preference.channels or {}):
        chosen = list(preference.channels[kind.key])
        if kind.required:
            chosen += [name for name in kind.channels if name not in chosen]
    return sorted(dict.fromkeys(chosen), key=lambda name: name != channel_registry.INAPP)


def wants_in_app(kind, preference):
    return channel_registry.INAPP in chosen_channels(kind, preference)


def quiet_until(preference, now):
    """The moment the user's quiet hours end when `now` falls inside them, else None.

    Hours are read in the user's time zone; a window whose start is after its end runs
    over midnight (22:00-08:00). Equal start and end mean no quiet hours."""
    if preference is None or preference.quiet_start is None or preference.quiet_end is None:
        return None
    start, end = preference.quiet_start, preference.quiet_end
    if start == end:
        return None
    zone = preference.zone
    local = now.astimezone(zone)
    moment = local.time().replace(tzinfo=None)
    if start < end:
        inside, next_day = start <= moment < end, False
    else:
        inside, next_day = moment >= start or moment < end, moment >= start
    if not inside:
        return None
    day = local.date() + timedelta(days=1) if next_day else local.date()
    return datetime.combine(day, end, tzinfo=zone)


def choices(preference):
    """What the preferences page and API show: per category, each kind with each channel
    and whether it is on, and whether it can be changed."""
    all_channels = channel_registry.all()
    groups = []
    for category, label, kinds in kind_registry.by_category():
        rows = []
        for kind in kinds:
            chosen = chosen_channels(kind, preference)
            rows.append({
                "kind": kind,
                "channels": [{
                    "channel": channel,
                    "on": channel.name in chosen,
                    "locked": kind.required and channel.name in kind.channels,
                } for channel in all_channels],
            })
        groups.append({"key": category, "label": label, "kinds": rows})
    return groups


def clean_channels(requested):
    """{kind: [channels]} of the kinds whose channels differ from their defaults, for
    registered kinds and channels only; required kinds keep their default channels.
    Raises ValueError naming what is unknown."""
    known_channels = set(channel_registry.names())
    cleaned = {}
    for key, names in (requested or {}).items():
        kind = kind_registry.get(key)
        if kind is None:
            raise ValueError(f"unknown kind: {key}")
        unknown = [name for name in names if name not in known_channels]
        if unknown:
            raise ValueError(f"unknown channel: {unknown[0]}")
        chosen = list(dict.fromkeys(names))
        if kind.required:
            chosen += [name for name in kind.channels if name not in chosen]
        if set(chosen) != set(kind.channels):  # only what differs from the defaults
            cleaned[key] = chosen
    return cleaned


KEEP = object()


@transaction.atomic
def save(user, *, time_zone=None, quiet_start=KEEP, quiet_end=KEEP, digest=None,
         channels=None, language=None, replace_channels=True):
    """Stores the user's choices (validated by the caller's form or serializer); what is
    not given stays. With replace_channels the given map replaces every override, else it
    is merged in."""
    preference, _created = Preference.objects.select_for_update().get_or_create(
        user=user, defaults={"time_zone": settings.TIME_ZONE})
    if time_zone is not None:
        preference.time_zone = time_zone
    if quiet_start is not KEEP:
        preference.quiet_start = quiet_start
    if quiet_end is not KEEP:
        preference.quiet_end = quiet_end
    if digest is not None:
        preference.digest = digest
    if channels is not None:
        cleaned = clean_channels(channels)
        preference.channels = cleaned if replace_channels else {**preference.channels,
                                                                **cleaned}
    preference.full_clean(exclude=["user"])
    preference.save()
    if language is not None and language != user.language:
        user.language = language
        user.save(update_fields=["language"])
    return preference


@functools.cache
def time_zones():
    """The IANA time zone names a user may choose, sorted."""
    return tuple(sorted({zone for zone in zoneinfo.available_timezones()
                         if "/" in zone and not zone.startswith(("Etc/", "SystemV/"))}
                        | {"UTC"}))


def is_time_zone(name):
    return name in time_zones() or name == settings.TIME_ZONE
