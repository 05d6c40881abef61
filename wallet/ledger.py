"""The ledger: double-entry, append-only bookkeeping of bonuses, clawbacks and payouts.

Every write is a `LedgerTransaction` of entries that sum to zero in each currency. An
entry's `amount` is signed: a debit is positive, a credit negative. A bonus debits the
company's bonus expense and credits the partner's wallet; `balance()` shows each account on
its normal side, so a wallet holding 10.00 reads 10.00.

Nothing is ever edited or deleted (the models refuse, and on PostgreSQL so does a trigger):
a correction is a reversing transaction. Every transaction carries an idempotency key held
unique by the database, and each entry the key `<transaction key>:<n>`, so posting the same
thing twice, two workers racing, or a batch resumed after a crash writes it exactly once.
"""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.money import summed_cents
from wallet.models import (
    LedgerAccount,
    LedgerAccountKind,
    LedgerEntry,
    LedgerTransaction,
    LedgerTransactionKind,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
KEY_MAX_LENGTH = 200
EXISTING_KEYS_CHUNK = 1000


class LedgerError(ValueError):
    """A transaction that cannot be posted as given (unbalanced, bad amount, bad key)."""


def money(amount):
    """`amount` as a Decimal of whole cents; refuses floats and anything finer than a cent."""
    if isinstance(amount, float):
        raise LedgerError(_("Amounts must be exact (Decimal, int or str), not float: %(amount)r")
                          % {"amount": amount})
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise LedgerError(_("Not an amount: %(amount)r") % {"amount": amount}) from None
    if not value.is_finite():
        raise LedgerError(_("Not an amount: %(amount)r") % {"amount": amount})
    cents = value.quantize(CENT)
    if cents != value:
        raise LedgerError(_("Amount %(amount)s is finer than a cent; round it first.")
                          % {"amount": value})
    return cents


def currency_code(currency):
    code = (currency or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise LedgerError(_("Not a currency code: %(currency)r") % {"currency": currency})
    return code


# --- accounts ----------------------------------------------------------------------------


def wallet(partner, currency):
    """The partner's wallet in `currency`, created on first use."""
    account, _created = LedgerAccount.objects.get_or_create(
        kind=LedgerAccountKind.PARTNER_WALLET, partner=partner,
        currency=currency_code(currency),
    )
    return account


def company_account(kind, currency):
    """The company's account of `kind` in `currency`, created on first use."""
    if kind == LedgerAccountKind.PARTNER_WALLET:
        raise LedgerError(_("A wallet belongs to a partner; use wallet()."))
    account, _created = LedgerAccount.objects.get_or_create(
        kind=kind, partner=None, currency=currency_code(currency),
    )
    return account


def balance(account):
    """The account's balance on its normal side: the sum of its entries (one query), with
    the sign turned for credit-normal accounts such as wallets."""
    total = summed_cents(account.entries.aggregate(total=Sum("amount"))["total"])
    return money(-total if account.credit_normal else total)


def wallet_balances(partner):
    """{currency: balance} of every wallet the partner has, in one query."""
    rows = (
        LedgerEntry.objects
        .filter(account__partner=partner, account__kind=LedgerAccountKind.PARTNER_WALLET)
        .values_list("account__currency")
        .annotate(total=Sum("amount"))
    )
    return {currency: money(-summed_cents(total)) for currency, total in rows}


def wallet_entries(partner):
    """The entries of every wallet the partner has, with their transactions (unordered).
    An entry's amount is signed as the ledger keeps it: what it added to the wallet is
    `wallet_change(entry)`."""
    return LedgerEntry.objects.filter(
        account__partner=partner, account__kind=LedgerAccountKind.PARTNER_WALLET,
    ).select_related("transaction")


def wallet_change(entry):
    """What a wallet entry added to the wallet (negative: taken out). A wallet is
    credit-normal: a credit, a negative entry, adds to it."""
    return -entry.amount


# --- posting ----------------------------------------------------------------------------


def _checked_entries(key, entries):
    """[(account, amount)] as [(account, Decimal)], refusing an unbalanced or empty list."""
    if not key or len(key) > KEY_MAX_LENGTH:
        raise LedgerError(_("An idempotency key of 1 to %(max)d characters is required.")
                          % {"max": KEY_MAX_LENGTH})
    lines = [(account, money(amount)) for account, amount in entries]
    if len(lines) < 2:
        raise LedgerError(_("Transaction %(key)s needs at least two entries.") % {"key": key})
    totals = defaultdict(Decimal)
    for account, amount in lines:
        if account.pk is None:
            raise LedgerError(_("Transaction %(key)s names an unsaved account.") % {"key": key})
        if amount == 0:
            raise LedgerError(_("Transaction %(key)s has an entry of zero.") % {"key": key})
        totals[account.currency] += amount
    for currency, total in sorted(totals.items()):
        if total != 0:
            raise LedgerError(
                _("Transaction %(key)s does not balance in %(currency)s: its entries sum "
                  "to %(total)s instead of zero.")
                % {"key": key, "currency": currency, "total": total}
            )
    return lines


def post(key, kind, entries, description="", *, posted_by=None, commission_run_id=None,
         reverses=None):
    """Write one balanced transaction under `key`, or return the one already written.

    `entries` is [(account, amount)], debits positive and credits negative. Posting a key
    that exists writes nothing and returns the existing transaction, provided it has the
    same entries; a key reused for different entries is a bug and raises LedgerError.
    """
    lines = _checked_entries(key, entries)
    existing = LedgerTransaction.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _same_or_refused(existing, lines)
    try:
        with transaction.atomic():
            posted = LedgerTransaction.objects.create(
                idempotency_key=key, kind=kind, description=description[:500],
                posted_by=posted_by, commission_run_id=commission_run_id, reverses=reverses,
            )
            LedgerEntry.objects.bulk_create([
                LedgerEntry(
                    transaction=posted, account=account, amount=amount,
                    currency=account.currency, idempotency_key=f"{key}:{number}",
                )
                for number, (account, amount) in enumerate(lines, start=1)
            ])
    except IntegrityError:
        # Another writer posted the same key between our look and our insert.
        existing = LedgerTransaction.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return _same_or_refused(existing, lines)
    return posted


def _same_or_refused(existing, lines):
    """`existing` when its entries are `lines`; a LedgerError when the key meant else."""
    written = list(existing.entries.order_by("pk").values_list("account_id", "amount"))
    if written != [(account.pk, amount) for account, amount in lines]:
        raise LedgerError(
            _("Key %(key)s was already posted with other entries; a key names one "
              "transaction.") % {"key": existing.idempotency_key}
        )
    return existing


def reverse(posted, key, reason, *, posted_by=None, kind=LedgerTransactionKind.REVERSAL):
    """Write the transaction that undoes `posted` (every entry negated) under `key`.

    A transaction is reversed at most once (held by the database); asking again with the
    same key returns the reversal already written.
    """
    already = LedgerTransaction.objects.filter(reverses=posted).first()
    if already is not None:
        if already.idempotency_key == key:
            return already
        raise LedgerError(_("Transaction %(key)s was already reversed by %(by)s.")
                          % {"key": posted.idempotency_key, "by": already.idempotency_key})
    entries = [(entry.account, -entry.amount)
               for entry in posted.entries.select_related("account").order_by("pk")]
    return post(key, kind, entries, description=reason, posted_by=posted_by,
                commission_run_id=posted.commission_run_id, reverses=posted)


def bonus_entries(partner, amount, currency):
    """The entries of a bonus: the company's bonus expense pays the partner's wallet."""
    amount = money(amount)
    if amount <= 0:
        raise LedgerError(_("A bonus must be positive, not %(amount)s.") % {"amount": amount})
    return [
        (company_account(LedgerAccountKind.COMPANY_BONUS_EXPENSE, currency), amount),
        (wallet(partner, currency), -amount),
    ]


def post_bonus(partner, amount, currency, key, description="", *, posted_by=None,
               commission_run_id=None):
    """Credit `amount` to the partner's wallet from the company's bonus expense."""
    return post(key, LedgerTransactionKind.BONUS, bonus_entries(partner, amount, currency),
                description, posted_by=posted_by, commission_run_id=commission_run_id)


def post_many(items):
    """Post a batch where each item is its own idempotent transaction.

    `items` are dicts of `post()`'s arguments (key, kind, entries, description, …). Each
    is committed on its own, so a crash mid-batch keeps what was written and a re-run of the
    whole batch writes only the rest: every item exactly once. Keys already posted are
    found a chunk at a time, so resuming a long batch skips the done part quickly.
    Returns the transactions in the order of `items`.
    """
    items = list(items)
    done = {}
    keys = [item["key"] for item in items]
    for start in range(0, len(keys), EXISTING_KEYS_CHUNK):
        chunk = keys[start:start + EXISTING_KEYS_CHUNK]
        done.update(
            (posted.idempotency_key, posted)
            for posted in LedgerTransaction.objects.filter(idempotency_key__in=chunk)
        )
    posted = []
    for item in items:
        if item["key"] not in done:
            done[item["key"]] = post(**item)
        posted.append(done[item["key"]])
    return posted
