"""Team mailings (a partner's message to their own team or a segment of it) and the
company's announcements (staff's message to all partners or a segment).

A team mailing stores the segment as filters over the sender's downline, never as a list
of recipients: who receives it is computed on the server from the sender's tree when it
is sent (segments.py). Partner ids the sender hand-picked are kept as one more filter,
intersected with that downline. Both kinds of message are fanned out as notifications
whose `source` names them ("mailing:<id>", "announcement:<id>"), so the delivery counts
are read from the notification centre's own rows.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

SUBJECT_MAX_CHARS = 150
TEXT_MAX_CHARS = 5000
ANNOUNCEMENT_TITLE_MAX_CHARS = 150
ANNOUNCEMENT_BODY_MAX_CHARS = 10000
MAX_CHOSEN = 500  # hand-picked partners in one mailing


class Audience(models.TextChoices):
    TEAM = "team", _("My team, down to a depth")
    SPONSORED = "sponsored", _("Partners I personally sponsored")
    NEWCOMERS = "newcomers", _("Newcomers in their first 90 days")


class RecipientStatus(models.TextChoices):
    """The partner statuses a message may be narrowed to (terminated partners have left
    the business and are never written to)."""

    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class MailingChannel(models.TextChoices):
    INAPP = "inapp", _("In the cabinet")
    EMAIL = "email", _("Email")
    TELEGRAM = "telegram", _("Telegram")


class SendingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class TeamMailing(models.Model):
    sender = models.ForeignKey(
        "network.Partner", verbose_name=_("sender"), on_delete=models.CASCADE,
        related_name="team_mailings",
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_CHARS)
    text = models.TextField(_("text"), validators=[MaxLengthValidator(TEXT_MAX_CHARS)])
    audience = models.CharField(
        _("to"), max_length=12, choices=Audience.choices, default=Audience.TEAM
    )
    depth = models.PositiveSmallIntegerField(
        _("levels down"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    rank = models.CharField(_("rank"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RecipientStatus.choices, blank=True
    )
    joined_after = models.DateField(_("joined on or after"), null=True, blank=True)
    joined_before = models.DateField(_("joined on or before"), null=True, blank=True)
    # Partner ids the sender picked; only those inside the segment are written to.
    chosen = models.JSONField(_("chosen partners"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list)
    state = models.CharField(
        _("state"), max_length=10, choices=SendingState.choices, default=SendingState.QUEUED
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("team mailing")
        verbose_name_plural = _("team mailings")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["sender", "-created_at"], name="mailing_sender_day_idx"),
        ]

    def __str__(self):
        return self.subject

    @property
    def source(self):
        return f"mailing:{self.pk}"


class Announcement(models.Model):
    """A company announcement written by staff in the three languages; each partner reads
    it in their own (English when it has no translation into theirs)."""

    title_en = models.CharField(_("title (English)"), max_length=ANNOUNCEMENT_TITLE_MAX_CHARS)
    title_ru = models.CharField(_("title (Russian)"), max_length=ANNOUNCEMENT_TITLE_MAX_CHARS,
                                blank=True)
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=ANNOUNCEMENT_TITLE_MAX_CHARS,
                                blank=True)
    body_en = models.TextField(_("text (English)"),
                               validators=[MaxLengthValidator(ANNOUNCEMENT_BODY_MAX_CHARS)])
    body_ru = models.TextField(_("text (Russian)"), blank=True,
                               validators=[MaxLengthValidator(ANNOUNCEMENT_BODY_MAX_CHARS)])
    body_uk = models.TextField(_("text (Ukrainian)"), blank=True,
                               validators=[MaxLengthValidator(ANNOUNCEMENT_BODY_MAX_CHARS)])
    url = models.CharField(
        _("link"), max_length=500, blank=True,
        help_text=_("A page of this site the announcement is about, e.g. /en/news/…"),
    )
    language = models.CharField(
        _("only partners reading in"), max_length=8, choices=settings.LANGUAGES, blank=True,
        help_text=_("Empty: partners in every language."),
    )
    rank = models.CharField(_("only of rank"), max_length=32, blank=True,
                            help_text=_("A rank code of the plan; empty: every rank."))
    status = models.CharField(
        _("only with status"), max_length=12, choices=RecipientStatus.choices, blank=True,
        help_text=_("Empty: active and inactive partners."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=SendingState.choices, default=SendingState.DRAFT
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    panels = [
        MultiFieldPanel([FieldPanel("title_en"), FieldPanel("body_en")],
                        heading=_("English")),
        MultiFieldPanel([FieldPanel("title_ru"), FieldPanel("body_ru")],
                        heading=_("Russian")),
        MultiFieldPanel([FieldPanel("title_uk"), FieldPanel("body_uk")],
                        heading=_("Ukrainian")),
        FieldPanel("url"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("language"), FieldPanel("rank"),
                                        FieldPanel("status")])],
                        heading=_("Who receives it")),
    ]

    class Meta:
        verbose_name = _("company announcement")
        verbose_name_plural = _("company announcements")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title_en

    @property
    def source(self):
        return f"announcement:{self.pk}"

    def text_in(self, language):
        """(title, body) in `language`, the English where it has no translation."""
        title = getattr(self, f"title_{language}", "") or self.title_en
        body = getattr(self, f"body_{language}", "") or self.body_en
        return title, body
