"""Partners and the two trees they sit in, the company's network rules, referral visits,
sign-up reviews, the audit of tree changes and the bulk-computed team snapshots.

Both trees are adjacency lists (see DESIGN.md): `sponsor` is the enroller, and
`placement_parent` + `placement_leg` is the binary placement. `sponsor_depth` and
`placement_depth` (distance from the root) are kept so a level below any partner is a
subtraction, not a walk.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class PlacementPolicy(models.TextChoices):
    EXTREME_LEFT = "extreme_left", _("Under the sponsor, at the extreme left")
    EXTREME_RIGHT = "extreme_right", _("Under the sponsor, at the extreme right")
    WEAKER_LEG = "weaker_leg", _("Into the sponsor's weaker leg")
    BREADTH_FIRST = "breadth_first", _("Breadth-first (fill each level in turn)")
    HOLDING_TANK = "holding_tank", _("Holding tank: the sponsor places them")


AUTO_POLICIES = [choice for choice in PlacementPolicy.choices if choice[0] != "holding_tank"]


class AttributionModel(models.TextChoices):
    FIRST_TOUCH = "first_touch", _("First touch: the first link followed keeps the credit")
    LAST_TOUCH = "last_touch", _("Last touch: the latest link followed takes the credit")


class NoSponsorRule(models.TextChoices):
    DEFAULT_SPONSOR = "default_sponsor", _("Attach to the default sponsor")
    REFUSE = "refuse", _("Refuse the sign-up")


@register_setting(icon="group")
class NetworkSettings(BaseGenericSetting):
    placement_policy = models.CharField(
        _("placement policy"), max_length=20, choices=PlacementPolicy.choices,
        default=PlacementPolicy.WEAKER_LEG,
    )
    holding_tank_days = models.PositiveSmallIntegerField(
        _("days in the holding tank"), default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("After this many days an unplaced partner is placed automatically."),
    )
    holding_tank_fallback = models.CharField(
        _("automatic placement after the holding tank"), max_length=20,
        choices=AUTO_POLICIES, default=PlacementPolicy.WEAKER_LEG,
    )
    attribution_window_days = models.PositiveSmallIntegerField(
        _("referral cookie lifetime (days)"), default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    attribution_model = models.CharField(
        _("attribution"), max_length=20, choices=AttributionModel.choices,
        default=AttributionModel.FIRST_TOUCH,
    )
    no_sponsor_rule = models.CharField(
        _("sign-up without a sponsor"), max_length=20, choices=NoSponsorRule.choices,
        default=NoSponsorRule.DEFAULT_SPONSOR,
    )
    default_sponsor = models.ForeignKey(
        "network.Partner", verbose_name=_("default sponsor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Empty: the root of the network."),
    )
    change_window_days = models.PositiveSmallIntegerField(
        _("sponsor and placement changes allowed within (days after joining)"), default=30,
        help_text=_("0 allows changes at any time."),
    )
    signup_burst_limit = models.PositiveSmallIntegerField(
        _("sign-ups allowed from one IP or device"), default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Sign-ups beyond this within the window are held for review."),
    )
    signup_burst_window_minutes = models.PositiveSmallIntegerField(
        _("burst window (minutes)"), default=60, validators=[MinValueValidator(1)],
    )

    panels = [
        MultiFieldPanel([
            FieldPanel("placement_policy"), FieldPanel("holding_tank_days"),
            FieldPanel("holding_tank_fallback"),
        ], heading=_("Placement of new partners")),
        MultiFieldPanel([
            FieldPanel("attribution_window_days"), FieldPanel("attribution_model"),
        ], heading=_("Referral links")),
        MultiFieldPanel([
            FieldPanel("no_sponsor_rule"), FieldPanel("default_sponsor"),
            FieldPanel("signup_burst_limit"), FieldPanel("signup_burst_window_minutes"),
        ], heading=_("Sign-up")),
        MultiFieldPanel([FieldPanel("change_window_days")], heading=_("Staff changes")),
    ]

    class Meta:
        verbose_name = _("network settings")


class PartnerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    TERMINATED = "terminated", _("Terminated")


class Leg(models.TextChoices):
    LEFT = "L", _("Left")
    RIGHT = "R", _("Right")


class Partner(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="partner",
    )
    # The id the partner had at the vendor the network was imported from.
    external_id = models.CharField(
        _("external id"), max_length=64, null=True, blank=True, unique=True
    )
    referral_code = models.CharField(_("referral code"), max_length=32, unique=True)
    vanity_code_chosen = models.BooleanField(_("vanity code chosen"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=PartnerStatus.choices,
        default=PartnerStatus.ACTIVE, db_index=True,
    )
    rank = models.CharField(_("rank"), max_length=32, default="member", db_index=True)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now, db_index=True)

    sponsor = models.ForeignKey(
        "self", verbose_name=_("sponsor"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="sponsored",
    )
    sponsor_depth = models.PositiveIntegerField(default=0)
    placement_parent = models.ForeignKey(
        "self", verbose_name=_("placement parent"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="placed",
    )
    placement_leg = models.CharField(
        _("leg"), max_length=1, choices=Leg.choices, null=True, blank=True
    )
    placement_depth = models.PositiveIntegerField(null=True, blank=True)
    # Set while the partner waits in the sponsor's holding tank.
    placement_deadline = models.DateTimeField(_("place by"), null=True, blank=True)
    held_for_review = models.BooleanField(_("held for review"), default=False)

    # The company's own position (the root made by services.create_root): it counts in
    # every figure but earns no bonuses, and the income disclosure leaves it out.
    # db_default: the bulk writers (the partner import's COPY) name their columns.
    is_company = models.BooleanField(
        _("company account"), default=False, db_default=False,
        help_text=_("The company's own account: it earns no bonuses and is left out of the "
                    "income disclosure."),
    )

    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    photo = models.ImageField(_("photo"), upload_to="partners/", blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    telegram = models.CharField(_("Telegram"), max_length=64, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=32, blank=True)
    viber = models.CharField(_("Viber"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement_parent", "placement_leg"], name="one_partner_per_slot"
            ),
            models.CheckConstraint(
                condition=~Q(sponsor=F("id")), name="partner_not_own_sponsor"
            ),
            models.CheckConstraint(
                condition=~Q(placement_parent=F("id")), name="partner_not_own_placement"
            ),
            models.CheckConstraint(
                condition=(
                    Q(placement_parent__isnull=True, placement_leg__isnull=True)
                    # isnull=False too: `NULL IN ('L', 'R')` is NULL, which a CHECK lets pass.
                    | Q(placement_parent__isnull=False, placement_leg__isnull=False,
                        placement_leg__in=["L", "R"])
                ),
                name="placement_has_leg",
            ),
        ]
        indexes = [
            models.Index(fields=["sponsor", "id"], name="partner_sponsor_idx"),
            # A sponsor's partners who joined in a window: the mentor view's newcomers (their
            # first 90 days) and the referral statistics' sign-ups by day. Without it the
            # planner guesses how many of a sponsor's partners are recent and, guessing
            # high, reads them all in parallel workers, slower than the read it replaces.
            models.Index(fields=["sponsor", "joined_at"], name="partner_sponsor_joined_idx"),
            models.Index(fields=["placement_deadline"], name="partner_tank_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.referral_code})"

    @property
    def name(self):
        if self.display_name:
            return self.display_name
        if self.user_id:
            return self.user.display_name
        return self.external_id or self.referral_code

    @property
    def is_placed(self):
        return self.placement_depth is not None

    @property
    def in_holding_tank(self):
        return self.placement_deadline is not None and not self.is_placed


class TeamSnapshot(models.Model):
    """Whole-subtree figures for one partner, recomputed in bulk (see snapshots.py)."""

    partner = models.OneToOneField(
        Partner, primary_key=True, on_delete=models.CASCADE, related_name="snapshot"
    )
    team_size = models.PositiveIntegerField(_("team size"), default=0)
    active_count = models.PositiveIntegerField(_("active in team"), default=0)
    personally_sponsored = models.PositiveIntegerField(_("personally sponsored"), default=0)
    left_count = models.PositiveIntegerField(_("left leg"), default=0)
    right_count = models.PositiveIntegerField(_("right leg"), default=0)
    left_active = models.PositiveIntegerField(_("active in left leg"), default=0)
    right_active = models.PositiveIntegerField(_("active in right leg"), default=0)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("team snapshot")


class TreeChange(models.Model):
    """The audit of every sponsor or placement change made by staff."""

    class Kind(models.TextChoices):
        SPONSOR = "sponsor", _("Sponsor change")
        PLACEMENT = "placement", _("Placement change")

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("change"), max_length=12, choices=Kind.choices)
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("tree change")
        verbose_name_plural = _("tree changes")
        ordering = ["-changed_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.partner}"


class ReferralVisit(models.Model):
    """A visit through a partner's referral link or landing, recorded server-side."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_at = models.DateTimeField(_("visited"), default=timezone.now)
    visitor_id = models.CharField(max_length=32, blank=True)
    utm_source = models.CharField(_("UTM source"), max_length=100, blank=True)
    utm_medium = models.CharField(_("UTM medium"), max_length=100, blank=True)
    utm_campaign = models.CharField(_("UTM campaign"), max_length=100, blank=True)
    utm_content = models.CharField(_("UTM content"), max_length=100, blank=True)
    utm_term = models.CharField(_("UTM term"), max_length=100, blank=True)
    referrer = models.CharField(_("referrer"), max_length=500, blank=True)
    landing = models.CharField(_("landing"), max_length=500, blank=True)
    # The partner who signed up after this visit, once they did.
    converted = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("referral visit")
        verbose_name_plural = _("referral visits")
        indexes = [models.Index(fields=["partner", "visited_at"], name="visit_partner_day_idx")]


class SignupReview(models.Model):
    """A sign-up held back because it looked like abuse; staff approve or reject it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    partner = models.OneToOneField(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="review"
    )
    reason = models.CharField(_("reason"), max_length=200)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    device = models.CharField(_("device fingerprint"), max_length=64, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("held"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("sign-up review")
        verbose_name_plural = _("sign-up reviews")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.partner} ({self.get_state_display()})"


class SignupAttempt(models.Model):
    """One completed sign-up's origin, counted to spot bursts from one IP or device."""

    ip_address = models.GenericIPAddressField(null=True, blank=True)
    device = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["ip_address", "created_at"], name="attempt_ip_idx"),
            models.Index(fields=["device", "created_at"], name="attempt_device_idx"),
        ]
