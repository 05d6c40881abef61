"""Who a message reaches: a team mailing's segment of the sender's downline, and a company
announcement's segment of all partners.

A team mailing's recipients are always read from the sender's own sponsor downline with
the network's query for it (`network.downline.filtered_downline`, a depth-limited read
below the sender), then narrowed: nothing a client sends can widen that set. Partner ids
the sender hand-picked are one more filter over it (an id outside the downline matches
nobody), a depth beyond the tree simply finds the tree, and terminated partners, partners
without an account and disabled accounts are never written to.
"""

from datetime import timedelta

from django.utils import timezone

from network import downline, permissions
from network.models import Partner, PartnerStatus

from .models import Audience

NEWCOMER_DAYS = 90
TEAM_DEFAULT_DEPTH = downline.DEFAULT_DEPTH
MAX_DEPTH = downline.MAX_DEPTH


def _viewer(sender):
    """The sender as the network's reads see a partner looking at their own team."""
    return permissions.Viewer(user=sender.user, partner=sender, root=sender, is_staff=False)


def filters_of(segment, now=None):
    """The network downline filters for `segment` (a TeamMailing, or any object with its
    audience, depth, rank, status, joined_after and joined_before)."""
    now = now or timezone.now()
    audience = segment.audience
    depth = 1 if audience == Audience.SPONSORED else min(
        segment.depth or (MAX_DEPTH if audience == Audience.NEWCOMERS else TEAM_DEFAULT_DEPTH),
        MAX_DEPTH)
    filters = {"depth": depth, "rank": segment.rank or "", "status": segment.status or ""}
    joined_after = segment.joined_after
    if audience == Audience.NEWCOMERS:
        newcomers_since = timezone.localdate(now) - timedelta(days=NEWCOMER_DAYS - 1)
        joined_after = max(joined_after or newcomers_since, newcomers_since)
    if joined_after:
        filters["joined_after"] = joined_after
    if segment.joined_before:
        filters["joined_before"] = segment.joined_before
    return filters


def team_partners(sender, segment, now=None):
    """The partners of the sender's downline in `segment` who can receive a message."""
    partners, _tree = downline.filtered_downline(_viewer(sender), filters_of(segment, now))
    partners = partners.exclude(status=PartnerStatus.TERMINATED).filter(
        user__isnull=False, user__is_active=True)
    chosen = [pk for pk in (segment.chosen or []) if isinstance(pk, int)]
    if chosen:
        partners = partners.filter(pk__in=chosen)
    return partners


def team_recipient_ids(sender, segment, now=None):
    """The user ids a team mailing is sent to, in id order."""
    return list(team_partners(sender, segment, now).order_by("user_id")
                .values_list("user_id", flat=True))


def team_count(sender, segment, now=None):
    """The preview: how many partners the mailing would reach."""
    return team_partners(sender, segment, now).count()


def announcement_partners(announcement):
    """The partners a company announcement reaches: every partner with an active account,
    narrowed by its language, rank and status; the company's own account is left out."""
    partners = Partner.objects.filter(
        is_company=False, user__isnull=False, user__is_active=True,
    ).exclude(status=PartnerStatus.TERMINATED)
    if announcement.language:
        partners = partners.filter(user__language=announcement.language)
    if announcement.rank:
        partners = partners.filter(rank__iexact=announcement.rank.strip())
    if announcement.status:
        partners = partners.filter(status=announcement.status)
    return partners


def announcement_count(announcement):
    return announcement_partners(announcement).count()
