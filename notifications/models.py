"""What the notification centre stores: each notification (the in-app row every channel
sends from), its delivery per other channel, and each user's preferences.

The unread count and the newest-first list read narrow partial indexes over the
recipient's shown rows, so the bell stays one cheap indexed COUNT at tens of millions
of rows. The database holds an event to one notification per dedupe key and a
notification to one delivery per channel; a delivery is claimed by a conditional UPDATE
(queued → sending) before it is sent, so a task run twice sends once.
"""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("recipient"), db_index=False,  # notification_newest leads with it
    )
    kind = models.CharField(_("kind"), max_length=64)
    # The data the kind's text is rendered from, in the recipient's language.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, blank=True)
    # False when the recipient turned in-app off for the kind: the row still carries the
    # other channels' deliveries but is left out of the bell and the list.
    in_app = models.BooleanField(_("shown in the cabinet"), default=True)
    # The channels its sender chose (a sequence's step): delivered only on those the
    # recipient also chose. Null or empty: wherever the recipient chose (fan-outs write
    # their rows in SQL and leave it null).
    only_channels = models.JSONField(_("only on channels"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("clicked"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""),
                name="notification_once_per_dedupe_key",
            ),
        ]
        indexes = [
            # The bell: COUNT over the recipient's unread shown rows only.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True, in_app=True),
                         name="notification_unread"),
            # The list, newest first (the id breaks ties of one fan-out's timestamp); also
            # the recipient's index for deleting a user.
            models.Index(fields=["recipient", "-created_at", "-id"],
                         name="notification_newest"),
            # A mailing's, an announcement's or a sequence step's counts, by its source.
            models.Index(fields=["source"], condition=~Q(source=""),
                         name="notification_source"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self):
        return self.read_at is not None


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")
        HELD = "held", _("Held for quiet hours")
        DIGEST = "digest", _("Waiting for the digest")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries",
        verbose_name=_("notification"), db_index=False,  # delivery_once_per_channel leads
    )
    channel = models.CharField(_("channel"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Not before this moment: the end of the recipient's quiet hours, or the next retry.
    send_after = models.DateTimeField(_("not before"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("clicked"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"],
                                    name="delivery_once_per_channel"),
        ]
        indexes = [
            # The sweeper's and the staff's view of what is not done: small, since sent
            # and skipped rows (nearly all of them) are left out.
            models.Index(fields=["status", "send_after"],
                         condition=~Q(status__in=["sent", "skipped"]),
                         name="delivery_unfinished"),
        ]

    def __str__(self):
        return f"{self.channel}: {self.notification_id} ({self.status})"


def validate_time_zone(value):
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(_("Unknown time zone: %(zone)s."), params={"zone": value},
                              code="time_zone") from None


def default_time_zone():
    return settings.TIME_ZONE


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
        related_name="notification_preference", verbose_name=_("user"),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default=default_time_zone,
                                 validators=[validate_time_zone])
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    digest = models.BooleanField(_("daily email digest"), default=False)
    # {kind key: [channel, ...]} overriding the kind's default channels.
    channels = models.JSONField(_("channels per kind"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user_id)

    @property
    def zone(self):
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(settings.TIME_ZONE)
