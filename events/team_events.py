"""A partner's own team events: made and changed by their owner, and the owner's "invite my
team" (the partners below them in the sponsor tree, down to a depth, who have an account).
Invitations are rows unique per (event, user); the notification centre is told about the
new ones only (`signals.team_event_invited`, after commit)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from network import genealogy
from network.models import PartnerStatus

from . import entries, seats, signals
from .models import TeamEvent, TeamEventInvitation

BATCH = 2000


def save(partner, form):
    """Save the TeamEventForm `form` as `partner`'s event; a raised capacity gives its new
    seats to those waiting."""
    existing = form.instance.pk is not None
    event = form.save(commit=False)
    event.owner = partner
    with transaction.atomic():
        event.save()
        if existing and "capacity" in form.changed_data:
            seats.refill(event)
    return event


def invite(event, depth, now=None):
    """Invite the owner's team down to `depth` levels (with accounts, not terminated);
    returns the users newly invited."""
    now = now or timezone.now()
    team = (genealogy.downline(event.owner, genealogy.SPONSOR, depth)
            .filter(user__isnull=False, user__is_active=True)
            .exclude(status=PartnerStatus.TERMINATED))
    already = set(TeamEventInvitation.objects.filter(event=event)
                  .values_list("user_id", flat=True))
    user_ids = [pk for pk in team.values_list("user_id", flat=True) if pk not in already]
    with transaction.atomic():
        for start in range(0, len(user_ids), BATCH):
            TeamEventInvitation.objects.bulk_create(
                [TeamEventInvitation(event=event, user_id=pk, invited_at=now)
                 for pk in user_ids[start:start + BATCH]], ignore_conflicts=True)
        if user_ids:
            transaction.on_commit(lambda: _tell(event, user_ids))
    return user_ids


def _tell(event, user_ids):
    users = list(get_user_model().objects.filter(pk__in=user_ids))
    signals.team_event_invited.send(sender=TeamEvent, event=event, users=users,
                                    inviter=event.owner, facts=entries.facts(event))


def invited(event, limit=200):
    """The invitations of `event`, newest first, with their users."""
    return (TeamEventInvitation.objects.filter(event=event).select_related("user")
            .order_by("-invited_at", "-pk")[:limit])


def answers(event, limit=500):
    """The answers to `event` with their users (the owner's list of who comes)."""
    return seats.rsvps_of(event).select_related("user").order_by("status", "updated_at")[:limit]
