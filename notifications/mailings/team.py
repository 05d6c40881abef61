"""A partner's mailing to their team: checked, capped, queued, and counted once sent.

One service for the cabinet's form and the API, so both refuse the same things in the
same words. Before anything is stored the message is checked against the company's
forbidden phrases (landing's compliance module, the phrases of every language: a team
reads in several) and its segment must reach somebody. The daily cap is held by the
database: the sender's partner row is locked (SELECT … FOR UPDATE) while today's mailings
are counted and the new one is stored, so two requests at once cannot both pass it. The
mailing is then fanned out by a Celery task after commit (tasks.py), in rate-limited
chunks.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from landing import compliance
from network.models import Partner
from network.stats import day_start

from . import segments
from .models import (
    MAX_CHOSEN,
    SUBJECT_MAX_CHARS,
    TEXT_MAX_CHARS,
    Audience,
    MailingChannel,
    RecipientStatus,
    SendingState,
    TeamMailing,
)

DEFAULT_DAILY_CAP = 3


def daily_cap():
    """Mailings one partner may send a day (settings.MAILINGS_DAILY_CAP, 3 by default)."""
    return getattr(settings, "MAILINGS_DAILY_CAP", DEFAULT_DAILY_CAP)


class MailingRefused(Exception):
    """The mailing cannot be sent; `errors` maps a field (or "__all__") to its message,
    `phrases` lists the forbidden phrases found."""

    def __init__(self, errors, code="invalid", phrases=()):
        super().__init__(errors)
        self.errors = errors
        self.code = code
        self.phrases = list(phrases)

    @property
    def message(self):
        return " ".join(str(message) for message in self.errors.values())


@dataclass
class Draft:
    """What the sender wrote and whom to: the fields of a TeamMailing before it is stored."""

    subject: str = ""
    text: str = ""
    audience: str = Audience.TEAM
    depth: int | None = None
    rank: str = ""
    status: str = ""
    joined_after: date | None = None
    joined_before: date | None = None
    chosen: list = field(default_factory=list)
    channels: list = field(default_factory=lambda: [MailingChannel.INAPP, MailingChannel.EMAIL])


def _problems(draft):
    errors = {}
    if not draft.subject.strip():
        errors["subject"] = _("Write a subject.")
    elif len(draft.subject) > SUBJECT_MAX_CHARS:
        errors["subject"] = _("The subject is at most %(limit)d characters.") % {
            "limit": SUBJECT_MAX_CHARS}
    if not draft.text.strip():
        errors["text"] = _("Write the message.")
    elif len(draft.text) > TEXT_MAX_CHARS:
        errors["text"] = _("The message is at most %(limit)d characters.") % {
            "limit": TEXT_MAX_CHARS}
    if draft.audience not in Audience.values:
        errors["audience"] = _("Choose whom to write to.")
    if draft.depth is not None and not 1 <= draft.depth <= segments.MAX_DEPTH:
        errors["depth"] = _("Levels down are from 1 to %(limit)d.") % {
            "limit": segments.MAX_DEPTH}
    if draft.status and draft.status not in RecipientStatus.values:
        errors["status"] = _("Choose active or inactive partners.")
    if len(draft.rank) > 32:
        errors["rank"] = _("No rank has so long a name.")
    if draft.joined_after and draft.joined_before and draft.joined_after > draft.joined_before:
        errors["joined_before"] = _("The end of the joining dates comes before their start.")
    if len(draft.chosen) > MAX_CHOSEN or not all(
            isinstance(pk, int) and not isinstance(pk, bool) for pk in draft.chosen):
        errors["chosen"] = _("Choose at most %(limit)d partners of your team.") % {
            "limit": MAX_CHOSEN}
    if not draft.channels or not set(draft.channels) <= set(MailingChannel.values):
        errors["channels"] = _("Choose at least one way to send it: in the cabinet, by "
                               "email or by Telegram.")
    return errors


def forbidden_phrases(subject, text):
    """The company's forbidden phrases the message contains (every language's), each once:
    [{"phrase", "category", "explanation"}]."""
    found, seen = [], set()
    blocks = [{"type": "text", "value": text}]
    for language, _name in settings.LANGUAGES:
        for phrase in compliance.find_phrases(language, subject, blocks):
            if phrase["phrase"].lower() not in seen:
                seen.add(phrase["phrase"].lower())
                found.append(phrase)
    return found


def check(sender, draft):
    """Refuses (MailingRefused) a draft that is incomplete or uses a forbidden phrase."""
    errors = _problems(draft)
    if errors:
        raise MailingRefused(errors)
    phrases = forbidden_phrases(draft.subject, draft.text)
    if phrases:
        names = ", ".join(f"“{phrase['phrase']}”" for phrase in phrases)
        raise MailingRefused({"text": ngettext(
            "The company does not allow the phrase %(phrases)s in messages to partners. "
            "Please rephrase it.",
            "The company does not allow the phrases %(phrases)s in messages to partners. "
            "Please rephrase them.", len(phrases)) % {"phrases": names}},
            code="forbidden_phrase", phrases=phrases)


def preview(sender, draft, now=None):
    """How many partners the draft would reach (its text is not checked)."""
    errors = {name: message for name, message in _problems(draft).items()
              if name not in ("subject", "text")}
    if errors:
        raise MailingRefused(errors)
    return segments.team_count(sender, draft, now)


def sent_today(sender, now=None):
    now = now or timezone.now()
    return TeamMailing.objects.filter(
        sender=sender, created_at__gte=day_start(timezone.localdate(now))).count()


def send(sender, draft, now=None):
    """Stores the mailing and queues its sending after commit; MailingRefused when the
    text, the segment or today's cap does not allow it."""
    from . import tasks

    now = now or timezone.now()
    check(sender, draft)
    with transaction.atomic():
        # The cap's guard: one request at a time per sender counts and stores.
        Partner.objects.select_for_update().filter(pk=sender.pk).values_list("pk").first()
        if sent_today(sender, now) >= daily_cap():
            raise MailingRefused({"__all__": ngettext(
                "You can send %(cap)d mailing a day; you have sent it today. Try again "
                "tomorrow.",
                "You can send %(cap)d mailings a day; you have sent them all today. Try "
                "again tomorrow.", daily_cap()) % {"cap": daily_cap()}},
                code="daily_cap")
        recipients = segments.team_count(sender, draft, now)
        if not recipients:
            raise MailingRefused(
                {"__all__": _("Nobody in your team matches these choices.")},
                code="no_recipients")
        mailing = TeamMailing.objects.create(
            sender=sender, subject=draft.subject.strip(), text=draft.text.strip(),
            audience=draft.audience, depth=draft.depth, rank=draft.rank.strip(),
            status=draft.status, joined_after=draft.joined_after,
            joined_before=draft.joined_before, chosen=list(dict.fromkeys(draft.chosen)),
            channels=list(dict.fromkeys(draft.channels)), recipient_count=recipients,
            state=SendingState.QUEUED, created_at=now,
        )
        tasks.send_team_mailing.delay_on_commit(mailing.pk)
    return mailing


def mailings_of(sender):
    return TeamMailing.objects.filter(sender=sender)


def mailing_of(sender, pk):
    """The sender's own mailing `pk`, or None (anyone else's answers the same)."""
    return TeamMailing.objects.filter(sender=sender, pk=pk).first()


# --- what happened to it -------------------------------------------------------------------


@dataclass
class ChannelCount:
    channel: str
    label: str
    delivered: int = 0
    opened: int = 0
    failed: int = 0
    waiting: int = 0


@dataclass
class DeliveryCounts:
    recipients: int
    notified: int
    opened: int
    failed: int
    channels: list


def delivery_counts(source, recipients, channels):
    """The delivery counts of the notifications `source` sent: how many were notified,
    per channel how many were delivered, opened, failed or still waiting, and in all how
    many recipients opened it (in the cabinet or from a message) and how many deliveries
    failed. Two queries over the notification centre's rows."""
    from notifications.models import Delivery, Notification

    notifications = Notification.objects.filter(source=source).aggregate(
        notified=Count("pk"), read=Count("pk", filter=Q(read_at__isnull=False)))
    rows = Delivery.objects.filter(notification__source=source).values("channel").annotate(
        delivered=Count("pk", filter=Q(status="sent")),
        opened=Count("pk", filter=Q(opened_at__isnull=False) | Q(clicked_at__isnull=False)),
        failed=Count("pk", filter=Q(status="failed")),
        waiting=Count("pk", filter=Q(status__in=("queued", "sending", "held", "digest"))),
    )
    by_channel = {row["channel"]: row for row in rows}
    labels = dict(MailingChannel.choices)
    counts = []
    for channel in channels:
        if channel == MailingChannel.INAPP:
            counts.append(ChannelCount(channel, labels[channel],
                                       delivered=notifications["notified"],
                                       opened=notifications["read"]))
            continue
        row = by_channel.get(channel, {})
        counts.append(ChannelCount(
            channel, labels.get(channel, channel), delivered=row.get("delivered", 0),
            opened=row.get("opened", 0), failed=row.get("failed", 0),
            waiting=row.get("waiting", 0)))
    return DeliveryCounts(
        recipients=recipients, notified=notifications["notified"],
        opened=notifications["read"], failed=sum(count.failed for count in counts),
        channels=counts,
    )


def counts_of(mailing):
    return delivery_counts(mailing.source, mailing.recipient_count, mailing.channels)
