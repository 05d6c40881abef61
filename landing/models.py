"""Partner landings and the leads they collect.

Visits to a landing are `network.ReferralVisit` rows like any referral entry point; the
visit's `landing` field holds the landing's address, and a lead keeps the visitor id and
UTM fields so it can be tied back to them.
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField

from network import codes, owners
from website.addresses import is_site_page

from .ad_platforms import PLATFORMS
from .blocks import LandingStreamBlock

SLUG_MAX_LENGTH = 40
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$")


class Purpose(models.TextChoices):
    RECRUITING = "recruiting", _("Recruiting")
    PRODUCT = "product", _("A product")
    EVENT = "event", _("An event")


class LandingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


def validate_landing_slug(slug):
    """A landing's own address follows the vanity-code rules (network/codes.py) in lower
    case and up to SLUG_MAX_LENGTH characters: it must not shadow a page either."""
    if not SLUG_PATTERN.match(slug) or "--" in slug:
        raise ValidationError(
            _("Use 3 to 40 lower-case letters, digits or single hyphens, starting and "
              "ending with a letter or digit."),
            code="invalid",
        )
    if codes.normalize(slug) in codes.RESERVED:
        raise ValidationError(_("This code is reserved; choose another."), code="reserved")


class Landing(models.Model):
    partner = models.ForeignKey(
        "network.Partner", verbose_name=_("partner"), on_delete=models.CASCADE,
        related_name="landings",
    )
    purpose = models.CharField(
        _("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.RECRUITING
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    slug = models.CharField(
        _("address"), max_length=SLUG_MAX_LENGTH, unique=True, null=True, blank=True,
        validators=[validate_landing_slug],
        help_text=_("Optional: your own address instead of your referral code."),
    )
    title = models.CharField(_("title"), max_length=120)
    body = StreamField(LandingStreamBlock(), blank=True, verbose_name=_("content"))
    state = models.CharField(
        _("state"), max_length=12, choices=LandingState.choices, default=LandingState.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Counts publications: the cached page of an earlier one is never served again.
    published_version = models.PositiveIntegerField(_("published version"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The builder (landing/builder.py): the template it started from, the rules copied
    # from it by block id, and the partner's working copy; `body` is what visitors see.
    template = models.ForeignKey(
        "landing.LandingTemplate", verbose_name=_("template"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="landings",
    )
    rules = models.JSONField(_("block rules"), default=dict, blank=True)
    draft = models.JSONField(_("draft"), null=True, blank=True)
    # The title being edited; `title` is the published one (changed only by publishing).
    draft_title = models.CharField(_("draft title"), max_length=120, blank=True)
    draft_saved_at = models.DateTimeField(_("draft saved"), null=True, blank=True)
    # The partner's own ad accounts (landing/targeting.py): loaded on the page only for the
    # platforms the company allows, and only after the visitor agrees.
    meta_pixel_id = models.CharField(_("Meta Pixel ID"), max_length=16, blank=True)
    google_tag_id = models.CharField(_("Google tag ID"), max_length=16, blank=True)
    tiktok_pixel_id = models.CharField(_("TikTok Pixel ID"), max_length=20, blank=True)
    yandex_metrica_id = models.CharField(_("Yandex Metrica counter"), max_length=10,
                                         blank=True)

    class Meta:
        verbose_name = _("landing")
        verbose_name_plural = _("landings")
        ordering = ["partner", "purpose", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "purpose", "language"],
                name="landing_one_per_partner_purpose_language",
            ),
            # The referral-code address in a language names one landing; the others
            # have their own (landing/addresses.py).
            models.UniqueConstraint(
                fields=["partner", "language"], condition=models.Q(slug__isnull=True),
                name="landing_one_at_the_code_per_language",
                violation_error_message=_(
                    "Another of your landings answers to your referral code in this "
                    "language; give this one an address of its own."),
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "state", "language"], name="landing_partner_state_idx"),
        ]
        permissions = [("review_landing", _("Can review landings"))]

    def __str__(self):
        return self.title

    @property
    def working_title(self):
        """The title as the partner last wrote it (the builder's), published or not."""
        return self.draft_title or self.title

    def clean(self):
        super().clean()
        errors = {}
        for platform in PLATFORMS:
            try:
                setattr(self, platform.field, platform.clean(getattr(self, platform.field)))
            except ValidationError as error:
                errors[platform.field] = error.messages
        if errors:
            raise ValidationError(errors)
        if self.slug:
            # A slug that is someone's referral code would never be reached; one that is
            # a page's address would hide the company's page.
            if owners.is_referral_code(self.slug) or is_site_page(self.slug):
                raise ValidationError({"slug": _("This address is taken; choose another.")})

    @property
    def address(self):
        """What follows the language in the landing's address: its slug or the code."""
        return self.slug or self.partner.referral_code

    def get_url(self, language=None):
        return f"/{language or self.language}/{self.address}/"

    @property
    def latest_review(self):
        return self.reviews.order_by("-submitted_at", "-pk").first()

    @property
    def flagged_phrases(self):
        """The forbidden phrases that held the landing's last submission back, while it
        waits for review or after it was rejected: what the partner is told to change."""
        if self.state not in (LandingState.IN_REVIEW, LandingState.REJECTED):
            return []
        review = self.latest_review
        return review.phrases if review else []

    def lead_form(self):
        """The value of the landing's lead-form block, or None when it has none."""
        for block in self.body:
            if block.block_type == "lead_form":
                return block.value
        return None


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    CONVERTED = "converted", _("Converted")
    LOST = "lost", _("Lost")


class Lead(models.Model):
    landing = models.ForeignKey(
        Landing, verbose_name=_("landing"), on_delete=models.CASCADE, related_name="leads"
    )
    partner = models.ForeignKey(
        "network.Partner", verbose_name=_("partner"), on_delete=models.CASCADE,
        related_name="leads",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    message = models.TextField(_("message"), blank=True)
    # The exact words the visitor agreed to, as they read them.
    consent_text = models.TextField(_("consent text"))
    consent_given = models.BooleanField(_("consent given"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    converted_partner = models.ForeignKey(
        "network.Partner", verbose_name=_("became partner"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    visitor_id = models.CharField(max_length=32, blank=True)
    utm_source = models.CharField(_("UTM source"), max_length=100, blank=True)
    utm_medium = models.CharField(_("UTM medium"), max_length=100, blank=True)
    utm_campaign = models.CharField(_("UTM campaign"), max_length=100, blank=True)
    utm_content = models.CharField(_("UTM content"), max_length=100, blank=True)
    utm_term = models.CharField(_("UTM term"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["partner", "status", "created_at"], name="lead_partner_status_idx"
            ),
        ]

    def __str__(self):
        return self.name


class PublishingPolicy(models.TextChoices):
    UNLESS_FLAGGED = "unless_flagged", _("Publish at once unless a forbidden phrase is found")
    ALWAYS_REVIEW = "always_review", _("Every landing is reviewed before it is published")


@register_setting(icon="doc-full")
class LandingSettings(BaseGenericSetting):
    publishing = models.CharField(
        _("publishing partner landings"), max_length=20, choices=PublishingPolicy.choices,
        default=PublishingPolicy.UNLESS_FLAGGED,
        help_text=_("A landing with a forbidden phrase is always reviewed first."),
    )
    # The ad platforms partners may add their own accounts of to their landings
    # (landing/targeting.py); visitors are asked before any of them is loaded.
    allow_meta_pixel = models.BooleanField(_("Meta Pixel"), default=False)
    allow_google_tag = models.BooleanField(_("Google tag"), default=False)
    allow_tiktok_pixel = models.BooleanField(_("TikTok Pixel"), default=False)
    allow_yandex_metrica = models.BooleanField(_("Yandex Metrica"), default=False)

    panels = [
        FieldPanel("publishing"),
        MultiFieldPanel([
            FieldPanel("allow_meta_pixel"), FieldPanel("allow_google_tag"),
            FieldPanel("allow_tiktok_pixel"), FieldPanel("allow_yandex_metrica"),
        ], heading=_("Ad platforms partners may use on their landings"),
            help_text=_("A partner adds the ID of their own ad account to a landing; the "
                        "page loads it only after the visitor agrees.")),
    ]

    class Meta:
        verbose_name = _("landing settings")


class PhraseCategory(models.TextChoices):
    INCOME = "income", _("Income claim")
    MEDICAL = "medical", _("Medical claim")
    OTHER = "other", _("Other")


class ForbiddenPhrase(models.Model):
    """Words the company forbids on partner landings in one language. Matched in any case
    and with any spaces or punctuation between the words (landing/compliance.py)."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    phrase = models.CharField(_("phrase"), max_length=200)
    category = models.CharField(
        _("category"), max_length=12, choices=PhraseCategory.choices,
        default=PhraseCategory.INCOME,
    )
    explanation = models.TextField(
        _("explanation"), blank=True,
        help_text=_("Shown to the partner whose landing uses the phrase."),
    )

    panels = [
        FieldPanel("language"), FieldPanel("phrase"), FieldPanel("category"),
        FieldPanel("explanation"),
    ]

    class Meta:
        verbose_name = _("forbidden phrase")
        verbose_name_plural = _("forbidden phrases")
        ordering = ["language", "category", "phrase"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "phrase"], name="forbidden_phrase_unique_per_language"
            ),
        ]

    def __str__(self):
        return self.phrase


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Replaced by a later submission")


class LandingReview(models.Model):
    """One submission of a landing held for review: what it said then and the decision."""

    landing = models.ForeignKey(
        Landing, verbose_name=_("landing"), on_delete=models.CASCADE, related_name="reviews"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    # [{"phrase", "category", "explanation"}], as they read when the landing was checked.
    phrases = models.JSONField(_("forbidden phrases found"), default=list, blank=True)
    title = models.CharField(_("title"), max_length=120)
    body = models.JSONField(_("content"), default=list)
    decision = models.CharField(
        _("decision"), max_length=12, choices=ReviewDecision.choices, blank=True
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("landing review")
        verbose_name_plural = _("landing reviews")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["decision", "submitted_at"], name="landing_review_queue_idx"),
        ]

    def __str__(self):
        return str(self.landing)

    @property
    def pending(self):
        return not self.decision

    def phrase_list(self):
        return ", ".join(found["phrase"] for found in self.phrases)


class BlockRule(models.TextChoices):
    LOCKED = "locked", _("Locked")
    EDITABLE = "editable", _("Editable")
    REMOVABLE = "removable", _("Editable and removable")


class LandingTemplate(models.Model):
    """A ready page the company offers partners: blocks in order with default content,
    and what partners may do with each block (`rules`, by the block's id in `body`):

        {"blocks": {"<block id>": "locked" | "editable" | "removable"},
         "addable": ["<block type>", ...]}

    A block without a rule is locked.
    """

    name = models.CharField(_("name"), max_length=120)
    purpose = models.CharField(
        _("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.RECRUITING
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body = StreamField(LandingStreamBlock(), blank=True, verbose_name=_("content"))
    rules = models.JSONField(
        _("block rules"), default=dict, blank=True,
        help_text=_(
            'For example {"blocks": {"<block id>": "editable"}, "addable": ["faq"]}. '
            "A block is locked, editable or removable; a block without a rule is locked."
        ),
    )

    panels = [
        FieldPanel("name"), FieldPanel("purpose"), FieldPanel("language"),
        FieldPanel("body"),  # the rules: the template's "Block rules" screen
    ]

    class Meta:
        verbose_name = _("landing template")
        verbose_name_plural = _("landing templates")
        ordering = ["purpose", "language", "name"]

    def __str__(self):
        return self.name

    def block_ids(self):
        return [block.id for block in self.body]

    def clean(self):
        super().clean()
        rules = self.rules if self.rules is not None else {}
        if not isinstance(rules, dict) or set(rules) - {"blocks", "addable"}:
            raise ValidationError(
                {"rules": _('Give the rules as {"blocks": {...}, "addable": [...]}.')}
            )
        blocks, addable = rules.get("blocks", {}), rules.get("addable", [])
        errors = []
        if not isinstance(blocks, dict):
            errors.append(_('"blocks" must map block ids to a rule.'))
        else:
            ids = set(self.block_ids())
            for block_id, rule in blocks.items():
                if block_id not in ids:
                    errors.append(_("There is no block with the id %(id)s.") % {"id": block_id})
                elif rule not in BlockRule.values:
                    errors.append(_("Unknown rule %(rule)s: use locked, editable or removable.")
                                  % {"rule": rule})
        if not isinstance(addable, list):
            errors.append(_('"addable" must be a list of block types.'))
        else:
            known = LandingStreamBlock.base_blocks
            for block_type in addable:
                if block_type not in known:
                    errors.append(_("There is no block type %(type)s.") % {"type": block_type})
        if errors:
            raise ValidationError({"rules": errors})


class VersionReason(models.TextChoices):
    AUTOSAVE = "autosave", _("Saved automatically")
    PUBLISH = "publish", _("Published")
    RESTORE = "restore", _("Before restoring an earlier version")


class LandingVersion(models.Model):
    """An earlier state of a landing's draft the partner can restore (the newest
    VERSIONS_KEPT per landing are kept)."""

    VERSIONS_KEPT = 30

    landing = models.ForeignKey(
        Landing, verbose_name=_("landing"), on_delete=models.CASCADE, related_name="versions"
    )
    body = models.JSONField(_("content"), default=list)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=12, choices=VersionReason.choices)

    class Meta:
        verbose_name = _("landing version")
        verbose_name_plural = _("landing versions")
        ordering = ["-saved_at", "-pk"]
        indexes = [models.Index(fields=["landing", "saved_at"], name="landing_version_idx")]

    def __str__(self):
        return f"{self.landing} {self.saved_at:%Y-%m-%d %H:%M}"


def landing_video_path(video, filename):
    """A name of our own under the partner's folder: nothing of the uploaded file's name,
    and the extension of the type its bytes were found to be (landing/videos.py)."""
    extension = VIDEO_EXTENSIONS.get(video.content_type, "bin")
    return f"landing-video/{video.partner_id}/{uuid.uuid4().hex}.{extension}"


VIDEO_EXTENSIONS = {"video/mp4": "mp4", "video/webm": "webm"}


class LandingVideo(models.Model):
    """A video a partner uploaded for the video block of their landings (landing/videos.py
    reads its container before it is stored)."""

    partner = models.ForeignKey(
        "network.Partner", verbose_name=_("partner"), on_delete=models.CASCADE,
        related_name="landing_videos",
    )
    file = models.FileField(_("file"), upload_to=landing_video_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=20)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    # Read from the container when it is uploaded; empty for videos kept from before.
    duration = models.DecimalField(
        _("length in seconds"), max_digits=10, decimal_places=3, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("landing video")
        verbose_name_plural = _("landing videos")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.original_name or self.file.name
