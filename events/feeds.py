"""Each partner's private calendar feed: an address carrying their user id and a secret of
theirs, signed (django.core.signing), which Google Calendar or Outlook subscribes to
without signing in. An address with a wrong signature or an old secret is refused; a new
secret (rotate) turns off every address given out before.

The feed holds the company events the user answered (going, maybe or waiting) and every
team event they see, from a month back to a year ahead.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.db.models import Q
from django.utils import timezone

from network.models import Partner

from . import audience
from .models import CalendarFeedKey, EventPage, RsvpStatus

SALT = "events.calendar-feed"
PAST = timedelta(days=31)
AHEAD = timedelta(days=366)


def _signer():
    return signing.Signer(salt=SALT, sep=".")


def _new_secret():
    return secrets.token_urlsafe(24)


def token_for(user):
    """The signed token of `user`'s feed address (a secret made on first use)."""
    key, _created = CalendarFeedKey.objects.get_or_create(
        user=user, defaults={"secret": _new_secret()})
    return _signer().sign(f"{user.pk}-{key.secret}")


def rotate(user, now=None):
    """A new secret: the old address stops working. Returns the new token."""
    CalendarFeedKey.objects.update_or_create(
        user=user, defaults={"secret": _new_secret(), "rotated_at": now or timezone.now()})
    return token_for(user)


def user_for(token):
    """The active user whose feed `token` opens, or None."""
    try:
        value = _signer().unsign(token or "")
    except signing.BadSignature:
        return None
    user_id, _dash, secret = value.partition("-")
    if not user_id.isdigit():
        return None
    key = CalendarFeedKey.objects.select_related("user").filter(user_id=int(user_id)).first()
    if key is None or not secrets.compare_digest(key.secret, secret):
        return None
    return key.user if key.user.is_active else None


def events_of(user, now=None):
    """The events in `user`'s feed, in time order (company events in their language)."""
    now = now or timezone.now()
    start, end = now - PAST, now + AHEAD
    answered = (EventPage.objects.live().public().filter(
        rsvps__user=user, rsvps__status__in=[RsvpStatus.GOING, RsvpStatus.MAYBE,
                                             RsvpStatus.WAITING],
        ends_at__gt=start, starts_at__lt=end))
    language = getattr(user, "language", "") or None
    pages = [audience.translated(page, language) for page in answered]
    partner = Partner.objects.filter(user=user).first()
    team = list(audience.visible_team_events(partner).filter(
        Q(ends_at__gt=start) & Q(starts_at__lt=end)))
    return sorted([*pages, *team], key=lambda event: (event.starts_at, event.pk))
