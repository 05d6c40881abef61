"""The wallet: the double-entry, append-only ledger (accounts, transactions, entries,
reversals) and payout requests with their batches.

The tables were created by the `network` app and keep their names (`network_ledgerentry`, ...):
migration `wallet.0001_initial` moved the models here without touching the database; the
append-only triggers of `network.0005_ledger` stay on them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Partner

# --- the ledger: double-entry, append-only (see wallet/ledger.py) ----------------------


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
        db_table = "network_ledgeraccount"
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
        db_table = "network_appendonlymodel"
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
        db_table = "network_ledgertransaction"
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
        db_table = "network_ledgerentry"
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["transaction_id", "pk"]

    def __str__(self):
        return f"{self.idempotency_key}: {self.amount} {self.currency}"




# --- payouts (see wallet/payouts.py) ----------------------------------------------------


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
        db_table = "network_payoutbatch"
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
        db_table = "network_payoutrequest"
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
