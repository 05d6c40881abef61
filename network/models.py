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


# --- orders and volumes (issue 4) ---------------------------------------------------------


class Product(models.Model):
    """A catalogue item: what one unit earns in point volume (PV) and business volume (BV)."""

    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    pv = models.DecimalField(_("PV"), max_digits=12, decimal_places=2, default=0)
    bv = models.DecimalField(_("BV"), max_digits=12, decimal_places=2, default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["sku"]

    def __str__(self):
        return f"{self.sku} {self.name}"


class ProductPrice(models.Model):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="prices"
    )
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("price"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("product price")
        verbose_name_plural = _("product prices")
        constraints = [
            models.UniqueConstraint(fields=["product", "currency"], name="product_price_currency"),
        ]

    def __str__(self):
        return f"{self.product.sku} {self.amount} {self.currency}"


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    SHIPPED = "shipped", _("Shipped")
    REFUNDED = "refunded", _("Refunded")
    CANCELLED = "cancelled", _("Cancelled")


class OrderSource(models.TextChoices):
    API = "api", _("API")
    WEBHOOK = "webhook", _("Shop webhook")
    IMPORT = "import", _("CSV import")


class Order(models.Model):
    """A partner's order; `volume` (PV) is what the compensation plan counts."""

    # The shop's id for the order (or the id in an imported orders.csv).
    external_id = models.CharField(
        _("external id"), max_length=64, null=True, blank=True, unique=True
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="orders"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    # Blank for imported orders: orders.csv carries volume only.
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.PENDING,
        db_index=True,
    )
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    volume = models.DecimalField(_("volume (PV)"), max_digits=12, decimal_places=2, default=0)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=200, null=True, blank=True, unique=True
    )
    # What the request that created the order carried, to tell a retry from a conflict.
    request_fingerprint = models.CharField(max_length=64, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=OrderSource.choices, default=OrderSource.API
    )
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["partner", "created_at"], name="order_partner_created_idx"),
        ]

    def __str__(self):
        return self.external_id or f"#{self.pk}"


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    # The line's PV (quantity × the product's PV when ordered): later catalogue changes
    # must not change what an order counted.
    pv = models.DecimalField(_("PV"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self):
        return f"{self.quantity} × {self.product.sku}"


class WebhookEvent(models.Model):
    """A shop webhook delivery already handled: a second one with its id is a replay."""

    event_id = models.CharField(_("event id"), max_length=200, unique=True)
    signature = models.CharField(_("signature"), max_length=64, unique=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    order = models.ForeignKey(
        Order, verbose_name=_("order"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("shop webhook event")
        verbose_name_plural = _("shop webhook events")


# --- the ledger: double-entry, append-only (see network/ledger.py) ----------------------


class LedgerAppendOnly(Exception):
    """Raised on any attempt to change or remove a ledger row: a correction is a reversal."""


class LedgerAccountKind(models.TextChoices):
    COMPANY_BONUS_EXPENSE = "company_bonus_expense", _("Company: bonus expense")
    COMPANY_CASH = "company_cash", _("Company: cash")
    COMPANY_ADJUSTMENTS = "company_adjustments", _("Company: adjustments")
    PARTNER_WALLET = "partner_wallet", _("Partner wallet")
    PAYOUTS_PENDING = "payouts_pending", _("Payouts pending")


# Accounts whose balance reads as credits minus debits (what the company owes): a wallet
# holding 10.00 shows 10.00, though its entries sum to -10.00.
CREDIT_NORMAL_KINDS = frozenset({
    LedgerAccountKind.PARTNER_WALLET, LedgerAccountKind.PAYOUTS_PENDING,
})


class LedgerAccount(models.Model):
    """One account of the ledger: a company account per currency, or a partner's wallet."""

    kind = models.CharField(_("kind"), max_length=32, choices=LedgerAccountKind.choices)
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="ledger_accounts",
    )
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        constraints = [
            # NULLs are distinct in a plain unique index, so company accounts get their own.
            models.UniqueConstraint(
                fields=["kind", "partner", "currency"], condition=Q(partner__isnull=False),
                name="ledger_account_partner_unique",
            ),
            models.UniqueConstraint(
                fields=["kind", "currency"], condition=Q(partner__isnull=True),
                name="ledger_account_company_unique",
            ),
        ]

    def __str__(self):
        owner = self.partner.name if self.partner_id else _("company")
        return f"{self.get_kind_display()} · {owner} · {self.currency}"

    @property
    def credit_normal(self):
        return self.kind in CREDIT_NORMAL_KINDS


class LedgerTransactionKind(models.TextChoices):
    BONUS = "bonus", _("Bonus")
    CLAWBACK = "clawback", _("Clawback")
    PAYOUT = "payout", _("Payout")
    PAYOUT_FAILED = "payout_failed", _("Payout failed")
    ADJUSTMENT = "adjustment", _("Adjustment")
    REVERSAL = "reversal", _("Reversal")


class AppendOnlyModel(models.Model):
    """Rows are written once: saving an existing row or deleting one raises."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerAppendOnly(
                _("Ledger rows cannot be changed; post a reversing transaction instead.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerAppendOnly(
            _("Ledger rows cannot be deleted; post a reversing transaction instead.")
        )


class LedgerTransaction(AppendOnlyModel):
    """A balanced group of entries, written at once under one idempotency key."""

    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=LedgerTransactionKind.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("posted by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    # The commission run's id; a plain column until the run model exists.
    commission_run_id = models.BigIntegerField(_("commission run"), null=True, blank=True)
    # One-to-one: a transaction is reversed at most once, held by the database.
    reverses = models.OneToOneField(
        "self", verbose_name=_("reverses"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reversed_by",
    )

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.idempotency_key


class LedgerEntry(AppendOnlyModel):
    """One line of a transaction. `amount` is signed: a debit is positive, a credit negative,
    so a transaction's entries sum to zero in each currency."""

    transaction = models.ForeignKey(
        LedgerTransaction, verbose_name=_("transaction"), on_delete=models.PROTECT,
        related_name="entries",
    )
    account = models.ForeignKey(
        LedgerAccount, verbose_name=_("account"), on_delete=models.PROTECT,
        related_name="entries",
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    # "<transaction key>:<n>", n counting from 1 in the order the entries were given.
    idempotency_key = models.CharField(_("idempotency key"), max_length=210, unique=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["transaction_id", "pk"]

    def __str__(self):
        return f"{self.idempotency_key}: {self.amount} {self.currency}"


# --- compensation plans and commission runs ----------------------------------------------


class PlanVersion(models.Model):
    """A version of the compensation plan (the plan file's JSON). Drafts can be analysed;
    a period is calculated with the newest published version in force for it."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    name = models.CharField(_("name"), max_length=120)
    version = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    rules = models.JSONField(_("rules"))
    effective_from = models.DateField(_("in force from"), help_text=_("The first day of a month."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="plan_version_unique"),
        ]

    def __str__(self):
        return f"{self.name} v{self.version} ({self.get_state_display()})"


class CommissionRun(models.Model):
    """One period's calculation: draft -> calculated (as often as needed) -> approved ->
    posted to the ledger."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CALCULATED = "calculated", _("Calculated")
        APPROVED = "approved", _("Approved")
        POSTED = "posted", _("Posted")
        # Set aside by an operator before approval; it can never be approved or posted.
        DISCARDED = "discarded", _("Discarded")

    period = models.CharField(_("period"), max_length=7, help_text="YYYY-MM")
    plan_version = models.ForeignKey(
        PlanVersion, verbose_name=_("plan version"), on_delete=models.PROTECT,
        related_name="runs",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    totals = models.JSONField(_("totals"), default=dict)
    previous_totals = models.JSONField(_("totals of the previous calculation"), default=dict)
    calculations = models.PositiveIntegerField(_("calculations"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    calculated_at = models.DateTimeField(_("calculated"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("posted by"),
    )
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)

    # The background work on the run (calculating or posting), as the task reports it.
    class TaskState(models.TextChoices):
        IDLE = "idle", _("Idle")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FAILED = "failed", _("Failed")

    class TaskStage(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        READING = "reading", _("Reading the network")
        CALCULATING = "calculating", _("Calculating")
        STORING = "storing", _("Storing the lines")
        POSTING = "posting", _("Posting to the ledger")

    task_state = models.CharField(
        _("background work"), max_length=8, choices=TaskState.choices, default=TaskState.IDLE
    )
    task_stage = models.CharField(
        _("stage"), max_length=12, choices=TaskStage.choices, blank=True
    )
    task_started_at = models.DateTimeField(_("work started"), null=True, blank=True)
    task_finished_at = models.DateTimeField(_("work finished"), null=True, blank=True)
    task_error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("commission run")
        verbose_name_plural = _("commission runs")
        ordering = ["-period", "-pk"]
        constraints = [
            # One run per period (a discarded one aside): a second start is refused by the
            # database, so two runs of a period can never both be approved and posted.
            models.UniqueConstraint(
                fields=["period"], condition=~Q(state="discarded"), name="one_run_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.period} ({self.get_state_display()})"


class CommissionLine(models.Model):
    """One bonus line of a run, with its source: the order, the downline partner, the level
    or generation."""

    # A run writes millions of lines with COPY, on PostgreSQL into a partition of its own
    # (migration 0011, network/run_store.py): the references are checked by the writer
    # (every line comes from the same read of partners and orders), not by per-row
    # triggers, and only the indexes readers need are kept: a partner's lines and an
    # order's lines (clawbacks); a run's lines are its partition. Deleting partners or
    # orders is still refused (PROTECT).
    run = models.ForeignKey(CommissionRun, on_delete=models.CASCADE, related_name="lines",
                            db_constraint=False, db_index=False)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+",
                                db_constraint=False)
    kind = models.CharField(_("bonus"), max_length=20)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    order = models.ForeignKey(
        "network.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_constraint=False,
    )
    source_partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_constraint=False, db_index=False,
    )
    level = models.PositiveIntegerField(_("level"), default=0)

    class Meta:
        verbose_name = _("commission line")


class PeriodResult(models.Model):
    """A partner's figures in a run: volumes, ranks, activity and binary carry-out (the next
    period's carry-in)."""

    # Written by COPY with the lines (see CommissionLine): no per-row reference triggers.
    run = models.ForeignKey(CommissionRun, on_delete=models.CASCADE, related_name="results",
                            db_constraint=False, db_index=False)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+",
                                db_constraint=False)
    pv = models.DecimalField(max_digits=14, decimal_places=2)
    gv = models.DecimalField(max_digits=16, decimal_places=2)
    rank = models.CharField(max_length=32)
    highest_rank = models.CharField(max_length=32)
    active = models.BooleanField()
    total = models.DecimalField(max_digits=14, decimal_places=2)
    left_carry = models.DecimalField(max_digits=16, decimal_places=2)
    right_carry = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "partner"], name="one_result_per_run"),
        ]


class Clawback(models.Model):
    """A posted bonus line reversed because its order was refunded; it is posted to the
    ledger with the next open period's run (nothing is edited in place)."""

    # Lines live in one partition per run on PostgreSQL (see run_store), which a foreign
    # key cannot point into; the line is protected by the ORM (PROTECT) and never edited.
    line = models.OneToOneField(
        CommissionLine, on_delete=models.PROTECT, related_name="clawback",
        verbose_name=_("bonus line"), db_constraint=False,
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    period = models.CharField(_("period"), max_length=7)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)

    class Meta:
        verbose_name = _("clawback")
        verbose_name_plural = _("clawbacks")
        indexes = [models.Index(fields=["period", "posted_at"], name="clawback_period_idx")]


# --- payouts (see network/payouts.py) ----------------------------------------------------


class PayoutBatch(models.Model):
    """One payout file as it was exported: who, when, its currency, how many requests and
    their total, and the file's exact bytes, so it can be downloaded again identically. Its
    requests are linked to it and never go into another batch."""

    currency = models.CharField(_("currency"), max_length=3)
    request_count = models.PositiveIntegerField(_("requests"))
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2)
    content = models.BinaryField(_("payout file"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("exported by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("exported"), default=timezone.now)
    # When an operator marked the whole batch paid (its exported requests each went paid).
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked paid by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    paid_at = models.DateTimeField(_("marked paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} · {self.total} {self.currency}"

    @property
    def filename(self):
        return f"payouts-{self.pk}-{self.created_at:%Y%m%d-%H%M%S}.csv"

    def file_bytes(self):
        # PostgreSQL hands a BinaryField back as a memoryview.
        return bytes(self.content)


class PayoutRequest(models.Model):
    """A partner's request to be paid out of their wallet: requested -> approved (by two
    different operators above the configured amount) -> exported -> paid, failed or returned;
    or rejected. The money is reserved in "payouts pending" from the moment it is requested."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        EXPORTED = "exported", _("Exported")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        RETURNED = "returned", _("Returned")
        REJECTED = "rejected", _("Rejected")

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="payouts"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.REQUESTED,
        db_index=True,
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    first_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("first approver"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("second approver"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    batch = models.ForeignKey(
        PayoutBatch, verbose_name=_("payout batch"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="requests",
    )

    # The partner's one-time key for this request (the cabinet form's hidden field, the
    # API's Idempotency-Key): a form sent twice or a retried call makes one request.
    request_key = models.CharField(_("request key"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("payout request")
        verbose_name_plural = _("payout requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "request_key"], condition=~Q(request_key=""),
                name="one_payout_per_request_key",
            ),
        ]

    def __str__(self):
        return f"{self.partner.name}: {self.amount} {self.currency} ({self.get_state_display()})"
