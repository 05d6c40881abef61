"""Outgoing webhooks: the endpoints staff register, the events recorded for them and each
delivery of an event to an endpoint with every attempt it took.

An event is recorded once, with the exact body every endpoint receives; its id is the
`Idempotency-Key` a receiver dedupes by. A delivery is unique per (event, endpoint) in the
database, and a task sends it only after claiming it by a conditional UPDATE, so a task
that runs twice sends once.
"""

import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SECRET_PREFIX = "whsec_"


class EventKind(models.TextChoices):
    PARTNER_ENROLLED = "partner.enrolled", _("Partner enrolled")
    LEAD_CREATED = "lead.created", _("Lead created")
    LEAD_CONVERTED = "lead.converted", _("Lead converted")
    ORDER_PAID = "order.paid", _("Order paid")
    ORDER_REFUNDED = "order.refunded", _("Order refunded")
    BONUS_POSTED = "bonus.posted", _("Bonus posted")
    PAYOUT_PAID = "payout.paid", _("Payout paid")
    RANK_REACHED = "rank.reached", _("Rank reached")


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def new_secret():
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def validate_endpoint_url(url):
    """https, or plain http to this machine where WEBHOOKS_ALLOW_LOCAL_HTTP allows it (the
    demo and tests; never production, where the signed events must not travel in clear)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if (parts.scheme == "http" and settings.WEBHOOKS_ALLOW_LOCAL_HTTP
            and parts.hostname in LOCAL_HOSTS):
        return
    raise ValidationError(_("An endpoint's address must start with https://."),
                          code="https_required")


class Endpoint(models.Model):
    """A system (the company's CRM) that receives the events of the kinds it subscribes to,
    signed with its own secret. Switched off by itself after repeated failed deliveries."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("URL"), max_length=500, validators=[validate_endpoint_url])
    kinds = models.JSONField(_("events"), default=list,
                             help_text=_("The kinds of event sent to this endpoint."))
    # Kept as it is: signing needs the secret itself. Shown to staff once, when made.
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(
        _("failed deliveries in a row"), default=0
    )
    switched_off_at = models.DateTimeField(_("switched off automatically"), null=True,
                                           blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    secret_rotated_at = models.DateTimeField(_("secret made"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def secret_hint(self):
        """The secret as staff see it after it was shown once: its last four characters."""
        return f"{SECRET_PREFIX}…{self.secret[-4:]}"

    def kind_labels(self):
        labels = dict(EventKind.choices)
        return [labels[kind] for kind in self.kinds if kind in labels]


class WebhookEvent(models.Model):
    """A domain event as it goes out: `payload` is the whole JSON body (its `id` is this
    row's id, sent again as the Idempotency-Key header)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Gave up")


class WebhookDelivery(models.Model):
    """One event to one endpoint. `failed_in_row` counts the failed attempts since the
    delivery was last queued (the backoff and the give-up read it); `attempts` numbers
    every attempt ever made, replays included."""

    event = models.ForeignKey(WebhookEvent, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, verbose_name=_("endpoint"),
                                 on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(_("status"), max_length=12, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    failed_in_row = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last response"), null=True,
                                                        blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"],
                                    name="webhooks_one_delivery_per_endpoint"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhooks_due_idx"),
            models.Index(fields=["endpoint", "-created_at"], name="webhooks_endpoint_log_idx"),
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"


class DeliveryAttempt(models.Model):
    """One POST of a delivery, as the log shows it."""

    delivery = models.ForeignKey(WebhookDelivery, verbose_name=_("delivery"),
                                 on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField(_("attempt"))
    attempted_at = models.DateTimeField(_("sent"))
    status_code = models.PositiveSmallIntegerField(_("response status"), null=True,
                                                   blank=True)
    response_body = models.TextField(_("response body"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"],
                                    name="webhooks_one_attempt_per_number"),
        ]

    def __str__(self):
        return f"#{self.number} {self.status_code or self.error[:40]}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300
