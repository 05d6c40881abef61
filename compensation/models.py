"""Compensation plan versions, commission runs with their bonus lines and per-partner
results, and clawbacks.

The tables were created by the `network` app and keep their names (`network_commissionrun`, ...):
migration `compensation.0001_initial` moved the models here without touching the database;
on PostgreSQL `network_commissionline` stays partitioned by run (`network.0011`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Partner

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
        db_table = "network_planversion"
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
        db_table = "network_commissionrun"
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
    # (migration 0011, compensation/run_store.py): the references are checked by the writer
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
        "orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_constraint=False,
    )
    source_partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_constraint=False, db_index=False,
    )
    level = models.PositiveIntegerField(_("level"), default=0)

    class Meta:
        db_table = "network_commissionline"
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
        db_table = "network_periodresult"
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
        db_table = "network_clawback"
        verbose_name = _("clawback")
        verbose_name_plural = _("clawbacks")
        indexes = [models.Index(fields=["period", "posted_at"], name="clawback_period_idx")]


