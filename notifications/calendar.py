"""Who is told what about the calendar (events/signals.py): the partner who said "going" a
day and an hour before an event starts, the team an owner invites to their own event, the
owner when someone answers it, and the first on a waiting list when a seat frees up.

The calendar only announces facts; the wording, the channels and the once-only keys are
here, like the other apps' events in subscribers.py. Times are shown in the event's own
time zone, named, written the recipient's language's way.
"""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from events import signals as event_signals
from notifications import kinds, services
from notifications.subscribers import EVERYWHERE, IN_APP_AND_PHONE, _Blank

EVENT_REMINDER_DAY = "event_reminder_day"
EVENT_REMINDER_HOUR = "event_reminder_hour"
TEAM_EVENT_INVITATION = "team_event_invitation"
TEAM_EVENT_ANSWER = "team_event_answer"
WAITLIST_PROMOTED = "waitlist_promoted"

ANSWERS = {"going": _("going"), "maybe": _("maybe"), "not_going": _("not going"),
           "waiting": _("on the waiting list")}


def _when(params):
    """The event's start in its own time zone, e.g. "Dec. 14, 2026, 7 p.m. (Europe/Kyiv)"."""
    try:
        zone = ZoneInfo(params.get("time_zone") or "UTC")
        starts = datetime.fromisoformat(params["starts_at"]).astimezone(zone)
    except (KeyError, TypeError, ValueError, ZoneInfoNotFoundError):
        return ""
    return f"{formats.date_format(starts, 'DATETIME_FORMAT')} ({zone.key})"


def render(notification):
    """(title, body) in the active language."""
    kind = kinds.get(notification.kind)
    params = _Blank(notification.params or {})
    params["when"] = _when(params)
    params["where"] = params.get("place") or params.get("online_url") or ""
    params["answer"] = str(ANSWERS.get(params.get("status"), params.get("status") or ""))
    texts = []
    for text in (kind.title, kind.body):
        try:
            texts.append(str(text) % params if text else "")
        except (TypeError, ValueError):
            texts.append(str(text))
    return texts[0], texts[1]


def _kind(key, label, title, body, channels):
    return kinds.Kind(key=key, label=label, title=title, body=body, category="events",
                      channels=channels, render=render)


KINDS = (
    _kind(EVENT_REMINDER_DAY, _("An event you go to is tomorrow"),
          _("Tomorrow: %(title)s"), _("It starts %(when)s. %(where)s"), EVERYWHERE),
    _kind(EVENT_REMINDER_HOUR, _("An event you go to starts in an hour"),
          _("In an hour: %(title)s"), _("It starts %(when)s. %(where)s"), IN_APP_AND_PHONE),
    _kind(TEAM_EVENT_INVITATION, _("You are invited to a team event"),
          _("%(inviter)s invites you: %(title)s"),
          _("%(when)s. %(where)s Answer whether you come."), EVERYWHERE),
    _kind(TEAM_EVENT_ANSWER, _("Someone answers your team event"),
          _("%(name)s is %(answer)s: %(title)s"), "", ("inapp",)),
    _kind(WAITLIST_PROMOTED, _("A seat freed up for you"),
          _("You have a seat: %(title)s"),
          _("A seat freed up and you are now going. It starts %(when)s."), EVERYWHERE),
)


def _tell(user, kind_key, dedupe_key, facts, **params):
    if user is None:
        return None
    return services.notify(user, kind_key, params={**facts, **params}, url=facts.get("url", ""),
                           dedupe_key=dedupe_key, source=f"event:{kind_key}")


def reminder_due(sender, event, user, when, rsvp, facts, dedupe_key, **kwargs):
    kind = EVENT_REMINDER_HOUR if when == "hour" else EVENT_REMINDER_DAY
    _tell(user, kind, dedupe_key, facts)


def team_event_invited(sender, event, users, inviter, facts, **kwargs):
    for user in users:
        _tell(user, TEAM_EVENT_INVITATION, f"{TEAM_EVENT_INVITATION}:{facts['key']}:{user.pk}",
              facts, inviter=inviter.name)


def rsvp_changed(sender, event, user, rsvp, previous, status, facts, **kwargs):
    """The owner of a team event hears each new answer (never of their own)."""
    owner = getattr(event, "owner", None)
    owner_user = owner.user if owner is not None and owner.user_id else None
    if owner_user is None or owner_user.pk == user.pk:
        return
    name = " ".join(filter(None, (user.first_name, user.last_name))) or user.email
    _tell(owner_user, TEAM_EVENT_ANSWER,
          f"{TEAM_EVENT_ANSWER}:{facts['key']}:{user.pk}:{status}:{rsvp.updated_at.isoformat()}",
          facts, name=name, status=status)


def waitlist_promoted(sender, event, user, rsvp, facts, **kwargs):
    _tell(user, WAITLIST_PROMOTED,
          f"{WAITLIST_PROMOTED}:{rsvp.pk}:{rsvp.updated_at.isoformat()}", facts)


RECEIVERS = (
    (event_signals.event_reminder_due, reminder_due),
    (event_signals.team_event_invited, team_event_invited),
    (event_signals.rsvp_changed, rsvp_changed),
    (event_signals.waitlist_promoted, waitlist_promoted),
)


def connect():
    """Registers the kinds and connects the receivers (notifications' AppConfig.ready)."""
    for kind in KINDS:
        kinds.register(kind)
    for signal, receiver in RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"notifications.calendar.{receiver.__name__}")
