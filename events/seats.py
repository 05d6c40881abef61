"""Answers to an event and its seats: "going", "maybe" or "not going"; on a full event
"going" joins the waiting list, and a seat given back goes to the first one waiting in the
same transaction.

Every change of an event's answers first locks the event's row (SELECT … FOR UPDATE on
the canonical page or the team event), so two partners answering "going" for the last
seat at the same moment get one seat and one place on the waiting list, never two seats.
The answer row itself is unique per (event, user) in the database.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published

from . import audience, entries, signals
from .models import ANSWERS, EventPage, Rsvp, RsvpStatus, TeamEvent


class RsvpRefused(Exception):
    """An answer that cannot be taken; `message` says why, `status` is the HTTP status."""

    status = 400
    message = _("This answer cannot be taken.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotInvited(RsvpRefused):
    status = 403
    message = _("This event is for partners of a higher rank.")


class EventOver(RsvpRefused):
    message = _("This event is over.")


class InvalidAnswer(RsvpRefused):
    message = _("Answer “going”, “maybe” or “not going”.")


def event_field(event):
    return "team_event" if isinstance(event, TeamEvent) else "company_event"


def rsvps_of(event):
    """The answers to `event` (either kind; a company event's translations share them)."""
    canonical = event.canonical()
    if canonical.pk is None:  # a new page in the editor's preview
        return Rsvp.objects.none()
    return Rsvp.objects.filter(**{event_field(canonical): canonical})


def lock(event):
    """The event's canonical row, locked until the transaction ends."""
    canonical = event.canonical()
    model = TeamEvent if isinstance(canonical, TeamEvent) else EventPage
    return model.objects.select_for_update(of=("self",)).get(pk=canonical.pk)


def going_count(event):
    return rsvps_of(event).filter(status=RsvpStatus.GOING).count()


def has_seat(event):
    return event.capacity is None or going_count(event) < event.capacity


def answer_of(user, event):
    """The user's Rsvp for `event`, or None."""
    if user is None or not user.is_authenticated:
        return None
    return rsvps_of(event).filter(user=user).first()


def respond(partner, event, answer, now=None):
    """Record `partner`'s answer to `event` and return their Rsvp (its status "waiting"
    when they said "going" to a full event). Raises RsvpRefused."""
    if answer not in ANSWERS:
        raise InvalidAnswer()
    if not audience.may_answer(partner, event):
        raise NotInvited()
    now = now or timezone.now()
    if event.ends_at <= now:
        raise EventOver()
    user = partner.user
    with transaction.atomic():
        locked = lock(event)
        rsvp = rsvps_of(locked).select_for_update().filter(user=user).first()
        previous = rsvp.status if rsvp is not None else None
        status = answer
        if answer == RsvpStatus.GOING:
            if previous in (RsvpStatus.GOING, RsvpStatus.WAITING):
                status = previous
            elif not has_seat(locked):
                status = RsvpStatus.WAITING
        if rsvp is not None and status == previous:
            return rsvp
        if rsvp is None:
            rsvp = Rsvp(user=user, created_at=now, **{event_field(locked): locked})
        rsvp.status = status
        rsvp.waiting_since = now if status == RsvpStatus.WAITING else None
        rsvp.updated_at = now
        rsvp.save()
        promoted = fill_seats(locked, now) if previous == RsvpStatus.GOING else []
        _tell(signals.rsvp_changed, locked, rsvp, previous=previous, status=status)
        for lucky in promoted:
            _tell(signals.waitlist_promoted, locked, lucky)
    return rsvp


def fill_seats(event, now=None):
    """Give the free seats of `event` (locked by the caller) to the first ones waiting;
    returns their Rsvps (now "going")."""
    now = now or timezone.now()
    waiting = rsvps_of(event).filter(status=RsvpStatus.WAITING).select_related("user")
    free = None if event.capacity is None else max(event.capacity - going_count(event), 0)
    if free == 0:
        return []
    chosen = list(waiting.order_by("waiting_since", "pk").select_for_update(of=("self",))
                  [: free if free is not None else None])
    for rsvp in chosen:
        rsvp.status, rsvp.waiting_since, rsvp.updated_at = RsvpStatus.GOING, None, now
        rsvp.save(update_fields=["status", "waiting_since", "updated_at"])
    return chosen


def refill(event, now=None):
    """After an event's capacity was raised (or removed): promote who now fits, and tell
    them."""
    with transaction.atomic():
        locked = lock(event)
        for lucky in fill_seats(locked, now):
            _tell(signals.waitlist_promoted, locked, lucky)


def _tell(signal, event, rsvp, **extra):
    """Send `signal` about `rsvp` after the transaction commits, with the event in the
    user's language."""
    user = rsvp.user

    def send():
        shown = entries.for_reader(event, user)
        signal.send(sender=type(event), event=shown, user=user, rsvp=rsvp,
                    facts=entries.facts(shown), **extra)

    transaction.on_commit(send)


def _published(sender, instance, **kwargs):
    """A capacity raised (or removed) by an editor: seats for those waiting."""
    if isinstance(instance, EventPage) and rsvps_of(instance).filter(
            status=RsvpStatus.WAITING).exists():
        refill(instance)


def connect():
    """An editor who raises a company event's capacity gives the new seats to the waiting
    list when the page is published."""
    page_published.connect(_published, dispatch_uid="events-refill-on-publish")
