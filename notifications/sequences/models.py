"""What a sequence is and what it did: the sequence (its trigger, exit condition, goal,
cap and holdout), its steps (a delay after entry, the channels, the message in English,
Russian and Ukrainian, optionally a word to the sponsor), each partner's entry into it
(in the "sent" or the "holdout" group) and each step's send.

The database keeps the promises the engine relies on: a partner enters a sequence at most
once per entry number and has at most one open entry, and each step is recorded once per
entry, so a task run twice (or a signal and the periodic pass at once) changes nothing.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from notifications import channels as channel_registry

from .forms import SequenceForm

LANGUAGES = ("en", "ru", "uk")
MAX_HOLDOUT_PERCENT = 50


class Trigger(models.TextChoices):
    JOINED = "joined", pgettext_lazy("sequence trigger", "Joined")
    NO_SIGN_IN = "no_sign_in", _("No sign-in for N days")
    NO_ORDER_THIS_PERIOD = "no_order_period", _("No order this period by day N")
    FIRST_ORDER = "first_order", _("First order")
    BONUS_EARNED = "bonus_earned", _("Bonus earned")
    RANK_REACHED = "rank_reached", _("Rank reached")
    COURSE_STALLED = "course_stalled", _(
        "Course stalled (no lesson progress for N days in a started course)")
    LEAD_NOT_CONTACTED = "lead_not_contacted", _("Lead not contacted in N hours")


# The triggers whose N is required, and its bounds.
TRIGGER_DAYS = {
    Trigger.NO_SIGN_IN: (1, 365),
    Trigger.NO_ORDER_THIS_PERIOD: (1, 28),
    Trigger.COURSE_STALLED: (1, 365),
    Trigger.LEAD_NOT_CONTACTED: (1, 720),
}


class Condition(models.TextChoices):
    NONE = "", pgettext_lazy("sequence condition", "None")
    ORDERED = "ordered", _("Made an order")
    SIGNED_IN = "signed_in", _("Signed in")
    LEARNING_RESUMED = "learning_resumed", _("Resumed learning")
    COURSE_COMPLETED = "course_completed", _("Completed a course")
    LEADS_CONTACTED = "leads_contacted", _("Contacted their new leads")
    SPONSORED = "sponsored", _("Sponsored a new partner")


class Group(models.TextChoices):
    SENT = "sent", pgettext_lazy("sequence group", "Sent")
    HOLDOUT = "holdout", _("Holdout")


class ExitReason(models.TextChoices):
    GOAL = "goal", _("Exit condition met")
    FINISHED = "finished", _("Finished without the exit condition")
    INACTIVE = "inactive", _("Account closed")


class Sequence(ClusterableModel):
    name = models.CharField(_("name"), max_length=120)
    trigger = models.CharField(_("trigger"), max_length=24, choices=Trigger.choices)
    trigger_days = models.PositiveIntegerField(
        _("N (days; hours for leads)"), default=0,
        help_text=_("Days without a sign-in, the day of the period, days without lesson "
                    "progress, or hours a lead waits. Other triggers ignore it."))
    trigger_rank = models.CharField(
        _("rank"), max_length=32, blank=True,
        help_text=_("For “Rank reached”: the rank code (empty: any rank)."))
    exit_condition = models.CharField(
        _("exit condition"), max_length=24, choices=Condition.choices, blank=True,
        help_text=_("A partner who does this after entering gets no further steps."))
    goal = models.CharField(
        _("goal of the experiment"), max_length=24, choices=Condition.choices, blank=True,
        help_text=_("What the report compares between the sent group and the holdout "
                    "(empty: the exit condition)."))
    goal_days = models.PositiveSmallIntegerField(
        _("goal window (days)"), default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("The goal counts when reached within this many days of entering; the "
                    "entry closes after them."))
    max_entries = models.PositiveSmallIntegerField(
        _("entries per partner"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How many times one partner may enter this sequence."))
    holdout_percent = models.PositiveSmallIntegerField(
        _("holdout, %"), default=10,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_HOLDOUT_PERCENT)],
        help_text=_("This share of the partners who enter get no messages, to compare "
                    "with (0–50). A partner stays in one group."))
    active = models.BooleanField(_("switched on"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("active"),
        MultiFieldPanel([
            FieldPanel("trigger"),
            FieldRowPanel([FieldPanel("trigger_days"), FieldPanel("trigger_rank")]),
            FieldPanel("max_entries"),
        ], heading=_("Who enters")),
        MultiFieldPanel([
            FieldPanel("exit_condition"), FieldPanel("goal"), FieldPanel("goal_days"),
            FieldPanel("holdout_percent"),
        ], heading=_("Exit and experiment")),
        InlinePanel("steps", label=_("Steps"), min_num=1),
    ]
    base_form_class = SequenceForm

    class Meta:
        verbose_name = _("sequence")
        verbose_name_plural = _("sequences")
        ordering = ["name", "pk"]
        permissions = [("view_sequence_report", _("Can see the reports of sequences"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(holdout_percent__lte=MAX_HOLDOUT_PERCENT),
                name="sequence_holdout_at_most_half"),
            models.CheckConstraint(condition=Q(max_entries__gte=1),
                                   name="sequence_enters_at_least_once"),
        ]

    def __str__(self):
        return self.name

    @property
    def goal_condition(self):
        return self.goal or self.exit_condition

    def clean(self):
        super().clean()
        bounds = TRIGGER_DAYS.get(self.trigger)
        if bounds and not bounds[0] <= (self.trigger_days or 0) <= bounds[1]:
            raise ValidationError({"trigger_days": _(
                "For this trigger N must be from %(low)s to %(high)s."
            ) % {"low": bounds[0], "high": bounds[1]}})


def channel_choices():
    return [(channel.name, channel.label) for channel in channel_registry.all()]


class ChannelsField(models.JSONField):
    """A list of channel names, chosen with checkboxes from the registered channels."""

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            label=self.verbose_name, choices=channel_choices, required=not self.blank,
            widget=forms.CheckboxSelectMultiple, help_text=self.help_text)


class SequenceStep(Orderable):
    sequence = ParentalKey(Sequence, on_delete=models.CASCADE, related_name="steps")
    delay_days = models.PositiveIntegerField(
        _("days after entry"), default=0, validators=[MaxValueValidator(365)])
    delay_hours = models.PositiveIntegerField(
        _("and hours"), default=0, validators=[MaxValueValidator(23)])
    channels = ChannelsField(
        _("channels"), default=list,
        help_text=_("Where the message goes; each partner's preferences still apply."))
    url = models.CharField(
        _("link"), max_length=300, blank=True,
        help_text=_("A site-relative address the message leads to, e.g. /en/cabinet/."))
    title_en = models.CharField(_("title (English)"), max_length=160)
    body_en = models.TextField(_("text (English)"), max_length=2000)
    title_ru = models.CharField(_("title (Russian)"), max_length=160, blank=True)
    body_ru = models.TextField(_("text (Russian)"), max_length=2000, blank=True)
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=160, blank=True)
    body_uk = models.TextField(_("text (Ukrainian)"), max_length=2000, blank=True)
    tell_sponsor = models.BooleanField(
        _("also tell the sponsor"), default=False,
        help_text=_("The partner's sponsor gets their own message when this step is "
                    "sent (never for the holdout)."))
    sponsor_title_en = models.CharField(_("sponsor's title (English)"), max_length=160,
                                        blank=True)
    sponsor_body_en = models.TextField(_("sponsor's text (English)"), max_length=2000,
                                       blank=True)
    sponsor_title_ru = models.CharField(_("sponsor's title (Russian)"), max_length=160,
                                        blank=True)
    sponsor_body_ru = models.TextField(_("sponsor's text (Russian)"), max_length=2000,
                                       blank=True)
    sponsor_title_uk = models.CharField(_("sponsor's title (Ukrainian)"), max_length=160,
                                        blank=True)
    sponsor_body_uk = models.TextField(_("sponsor's text (Ukrainian)"), max_length=2000,
                                       blank=True)

    panels = [
        FieldRowPanel([FieldPanel("delay_days"), FieldPanel("delay_hours")]),
        FieldPanel("channels"),
        FieldPanel("url"),
        MultiFieldPanel([FieldPanel("title_en"), FieldPanel("body_en")],
                        heading=_("English")),
        MultiFieldPanel([FieldPanel("title_ru"), FieldPanel("body_ru")],
                        heading=_("Russian")),
        MultiFieldPanel([FieldPanel("title_uk"), FieldPanel("body_uk")],
                        heading=_("Ukrainian")),
        MultiFieldPanel([
            FieldPanel("tell_sponsor"),
            FieldPanel("sponsor_title_en"), FieldPanel("sponsor_body_en"),
            FieldPanel("sponsor_title_ru"), FieldPanel("sponsor_body_ru"),
            FieldPanel("sponsor_title_uk"), FieldPanel("sponsor_body_uk"),
        ], heading=_("The sponsor")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.title_en

    @property
    def delay(self):
        return timedelta(days=self.delay_days, hours=self.delay_hours)

    def text(self, part, language=None):
        """The step's `part` ("title", "body", "sponsor_title", "sponsor_body") in
        `language` (the active one by default), English where that language has none."""
        language = (language or translation.get_language() or "en")[:2]
        if language not in LANGUAGES:
            language = "en"
        return getattr(self, f"{part}_{language}") or getattr(self, f"{part}_en")

    def clean(self):
        super().clean()
        errors = {}
        for language in LANGUAGES[1:]:
            title, body = getattr(self, f"title_{language}"), getattr(self, f"body_{language}")
            if bool(title) != bool(body):
                errors[f"title_{language}" if not title else f"body_{language}"] = _(
                    "Give both the title and the text in this language, or neither.")
        if self.tell_sponsor and not (self.sponsor_title_en and self.sponsor_body_en):
            errors["sponsor_title_en"] = _(
                "The sponsor's message needs its English title and text.")
        if self.url and (not self.url.startswith("/") or self.url.startswith("//")):
            errors["url"] = _("Give an address on this site, starting with /.")
        unknown = [name for name in self.channels or []
                   if name not in channel_registry.names()]
        if not self.channels:
            errors["channels"] = _("Choose at least one channel.")
        elif unknown:
            errors["channels"] = _("Unknown channel: %(name)s.") % {"name": unknown[0]}
        if errors:
            raise ValidationError(errors)


class Enrollment(models.Model):
    """A partner's entry into a sequence: the group the stable hash put them in, and when
    and why they left. `entry` counts the partner's entries into this sequence (1, 2...);
    the sequence's cap is the highest one allowed."""

    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE,
                                 related_name="enrollments", verbose_name=_("sequence"))
    partner = models.ForeignKey("network.Partner", on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("partner"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("user"))
    entry = models.PositiveSmallIntegerField(_("entry number"), default=1)
    group = models.CharField(_("group"), max_length=8, choices=Group.choices)
    # When the trigger's event happened (the sign-up, the last sign-in, the stall...).
    triggered_at = models.DateTimeField(_("triggered"))
    entered_at = models.DateTimeField(_("entered"))
    # When the sequence's goal was first seen reached (within its window; either group).
    goal_at = models.DateTimeField(_("goal reached"), null=True, blank=True)
    exited_at = models.DateTimeField(_("exited"), null=True, blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=10,
                                   choices=ExitReason.choices, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["sequence", "user", "entry"],
                                    name="sequence_entry_once"),
            models.UniqueConstraint(fields=["sequence", "user"],
                                    condition=Q(exited_at__isnull=True),
                                    name="sequence_one_open_entry"),
        ]
        indexes = [
            models.Index(fields=["sequence", "entered_at"], condition=Q(exited_at__isnull=True),
                         name="sequence_open_entries"),
        ]

    def __str__(self):
        return f"{self.sequence_id}:{self.user_id}#{self.entry}"


class StepSend(models.Model):
    """A step done for an entry: for the sent group with its notification (and the
    sponsor's), for the holdout without one, so both groups pass the same steps."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="sends")
    step = models.ForeignKey(SequenceStep, on_delete=models.SET_NULL, null=True,
                             related_name="sends")
    position = models.PositiveSmallIntegerField(_("step number"))
    notification = models.ForeignKey("notifications.Notification", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    sponsor_notification = models.ForeignKey(
        "notifications.Notification", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+")
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("step sent")
        verbose_name_plural = _("steps sent")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "step"], name="sequence_step_once"),
        ]
