"""The calendar's rows: company events (Wagtail pages, translated through wagtail-localize),
partners' own team events, RSVPs with their waiting list, the reminders sent and each
user's private calendar-feed key.

A company event is one event in every language: its translations share the
`translation_key`, and RSVPs are kept on the first page of the group (`canonical()`), so
the seats are counted once whichever language a partner answers in. Every answer is
unique per (event, user) in the database; a reminder is unique per (RSVP, when).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from website.seo import SeoMixin

from . import times
from .forms import EventPageForm

MAX_CAPACITY = 100_000
WEB_LINK = URLValidator(schemes=["http", "https"])


class WebLinkField(models.URLField):
    """An http(s) address; typed without a scheme, it is taken as https."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class EventIndexPage(SeoMixin, Page):
    """The company's calendar on the site: its upcoming events, then the past ones."""

    intro = models.TextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["events.EventPage"]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("event index")

    def get_summary(self):
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = (EventPage.objects.live().public().child_of(self)
                  .order_by("starts_at", "pk"))
        now = timezone.now()
        context["upcoming"] = [event for event in events if event.ends_at >= now]
        context["past"] = [event for event in events if event.ends_at < now][::-1][:12]
        return context


class EventPage(SeoMixin, Page):
    """A company event: a webinar, a training day, a conference."""

    description = RichTextField(
        _("description"), blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=times.default_zone,
        validators=[times.validate_zone],
        help_text=_("The start and end are the times in this zone (e.g. Europe/Kyiv)."))
    online_url = WebLinkField(
        _("online link"), blank=True, max_length=500, validators=[WEB_LINK],
        help_text=_("Where to join a webinar (shown to everyone who opens the page)."))
    place = models.CharField(_("place"), max_length=300, blank=True,
                             help_text=_("The address of an event held in person."))
    language = models.CharField(_("held in"), max_length=8, choices=settings.LANGUAGES,
                                blank=True)
    min_rank = models.CharField(
        _("audience: from rank"), max_length=32, blank=True,
        help_text=_("Only partners of this rank or higher may answer (the plan's rank code, "
                    "e.g. “manager”); blank: every partner."))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("Seats; when they are taken, new answers join the waiting list. "
                    "Blank: unlimited."))

    content_panels = Page.content_panels + [
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldPanel("time_zone"),
        ], heading=_("When")),
        MultiFieldPanel([FieldPanel("online_url"), FieldPanel("place"), FieldPanel("language")],
                        heading=_("Where")),
        MultiFieldPanel([FieldPanel("min_rank"), FieldPanel("capacity")],
                        heading=_("Who")),
        FieldPanel("description"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"), index.FilterField("starts_at"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm
    # One event in every language: the time, the link, the audience and the seats are the
    # source page's; the title, description and place are translated.
    override_translatable_fields = SeoMixin.override_translatable_fields + [
        SynchronizedField("starts_at"), SynchronizedField("ends_at"),
        SynchronizedField("time_zone"), SynchronizedField("online_url"),
        SynchronizedField("language"), SynchronizedField("min_rank"),
        SynchronizedField("capacity"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="event_page_ends_after_start"),
        ]

    def clean(self):
        super().clean()
        errors = times.check_order(self.starts_at, self.ends_at)
        if errors:
            raise ValidationError(errors)

    def get_summary(self):
        return self.search_description

    def canonical(self):
        """The page of this event's translation group that holds its RSVPs (the first)."""
        return (EventPage.objects.filter(translation_key=self.translation_key)
                .order_by("pk").first()) or self

    @property
    def kind(self):
        return "company"


class TeamEvent(models.Model):
    """A partner's own event for their team (a webinar, a home meeting): seen by the owner
    and the partners below them in the sponsor tree, nobody else."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey("network.Partner", on_delete=models.CASCADE,
                              related_name="team_events", verbose_name=_("owner"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=times.default_zone,
                                 validators=[times.validate_zone])
    online_url = WebLinkField(_("online link"), blank=True, max_length=500,
                                 validators=[WEB_LINK])
    place = models.CharField(_("place"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)])
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("team event")
        verbose_name_plural = _("team events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["owner", "starts_at"], name="team_event_owner_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="team_event_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = times.check_order(self.starts_at, self.ends_at)
        if not (self.online_url or self.place):
            errors["place"] = ValidationError(
                _("Give an online link or a place."), code="no_place")
        if errors:
            raise ValidationError(errors)

    def canonical(self):
        return self

    @property
    def kind(self):
        return "team"

    @property
    def translation_key(self):
        return self.uid


class TeamEventInvitation(models.Model):
    """A user invited to a team event by its owner (once: the signal names new ones only)."""

    event = models.ForeignKey(TeamEvent, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("team event invitation")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_invitation_per_user"),
        ]


class RsvpStatus(models.TextChoices):
    GOING = "going", _("Going")
    MAYBE = "maybe", _("Maybe")
    NOT_GOING = "not_going", _("Not going")
    WAITING = "waiting", _("On the waiting list")


# What a person may answer; "waiting" is what "going" becomes on a full event.
ANSWERS = (RsvpStatus.GOING, RsvpStatus.MAYBE, RsvpStatus.NOT_GOING)


class Rsvp(models.Model):
    """A user's answer to one event: a company event (its canonical page) or a team event."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="event_rsvps", verbose_name=_("user"))
    company_event = models.ForeignKey(EventPage, null=True, blank=True,
                                      on_delete=models.CASCADE, related_name="rsvps")
    team_event = models.ForeignKey(TeamEvent, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="rsvps")
    status = models.CharField(_("answer"), max_length=12, choices=RsvpStatus.choices)
    # The waiting list's order: when "going" turned into "waiting".
    waiting_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.CheckConstraint(
                condition=(Q(company_event__isnull=False, team_event__isnull=True)
                           | Q(company_event__isnull=True, team_event__isnull=False)),
                name="rsvp_one_event",
            ),
            models.UniqueConstraint(fields=["company_event", "user"],
                                    condition=Q(company_event__isnull=False),
                                    name="one_rsvp_per_company_event"),
            models.UniqueConstraint(fields=["team_event", "user"],
                                    condition=Q(team_event__isnull=False),
                                    name="one_rsvp_per_team_event"),
        ]
        indexes = [
            models.Index(fields=["company_event", "status", "waiting_since"],
                         name="rsvp_company_status_idx"),
            models.Index(fields=["team_event", "status", "waiting_since"],
                         name="rsvp_team_status_idx"),
            models.Index(fields=["user", "status"], name="rsvp_user_status_idx"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.status}"

    @property
    def event(self):
        return self.company_event if self.company_event_id else self.team_event


class ReminderWhen(models.TextChoices):
    DAY = "day", _("A day before")
    HOUR = "hour", _("An hour before")


class ReminderSent(models.Model):
    """A reminder told to the notification centre: one per RSVP and `when`, however often
    the task runs."""

    rsvp = models.ForeignKey(Rsvp, on_delete=models.CASCADE, related_name="reminders")
    when = models.CharField(max_length=8, choices=ReminderWhen.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event reminder sent")
        constraints = [
            models.UniqueConstraint(fields=["rsvp", "when"], name="one_reminder_per_rsvp"),
        ]


class CalendarFeedKey(models.Model):
    """The secret in a user's private calendar-feed address; a new one (rotate) makes every
    address given out before it stop working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed_key")
    secret = models.CharField(max_length=64)
    rotated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed key")
