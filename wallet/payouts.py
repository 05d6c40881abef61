"""Payouts: a partner asks to be paid out of their wallet, operators approve (two different
operators above `PAYOUT_TWO_APPROVERS_ABOVE`), export approved requests as a payout batch
(the file kept byte for byte, so it can be downloaded again), and enter the bank's answer:
paid (per request or for a whole batch), failed or returned.

The money moves through the ledger, never by editing a balance:

- requesting reserves it: wallet -> payouts pending (`payout:<id>:request`), so what is
  reserved can neither be requested twice nor disappear from the books;
- rejecting, or a failed payout, reverses that reservation (the money is back in the wallet);
- a paid payout leaves the company: payouts pending -> company cash (`payout:<id>:paid`);
- a returned payout (paid, then sent back by the bank) reverses the payment and the
  reservation, so the money is again in the wallet.

Each step runs in one database transaction with the request's row locked, and every ledger
write has a stable idempotency key, so a retried step writes its entries exactly once.
"""

import csv
import hashlib
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import summed_cents
from wallet import ledger, signals
from wallet.models import (
    LedgerAccount,
    LedgerAccountKind,
    LedgerTransaction,
    LedgerTransactionKind,
    PayoutBatch,
    PayoutRequest,
)

State = PayoutRequest.State
# Requests whose money is reserved in "payouts pending" and not yet settled.
OPEN_STATES = (State.REQUESTED, State.APPROVED, State.EXPORTED)
CSV_HEADER = ["request_id", "partner_id", "partner_name", "amount", "currency"]


class PayoutError(ValidationError):
    """A payout step the request's state, the amount or the operator does not allow; the
    message is for the person who asked."""


def minimum():
    return ledger.money(settings.PAYOUT_MINIMUM)


def two_approvers_above():
    return ledger.money(settings.PAYOUT_TWO_APPROVERS_ABOVE)


def needs_two_approvers(request):
    return request.amount > two_approvers_above()


def pending_total(partner, currency):
    """What the partner has requested and not yet been paid (or refused): reserved money."""
    total = PayoutRequest.objects.filter(
        partner=partner, currency=ledger.currency_code(currency), state__in=OPEN_STATES,
    ).aggregate(total=Sum("amount"))["total"]
    return ledger.money(summed_cents(total))


def available_balance(partner, currency):
    """What the partner may still request in `currency`.

    Requesting moves the money out of the wallet into "payouts pending" at once, so the
    wallet's ledger balance already excludes every open request: it is the available
    balance, and subtracting the open requests again would count them twice.
    """
    account = LedgerAccount.objects.filter(
        kind=LedgerAccountKind.PARTNER_WALLET, partner=partner,
        currency=ledger.currency_code(currency),
    ).first()
    return ledger.balance(account) if account is not None else ledger.ZERO


def _key(request, step):
    return f"payout:{request.pk}:{step}"


def _reservation_entries(request):
    return [
        (ledger.wallet(request.partner, request.currency), request.amount),
        (ledger.company_account(LedgerAccountKind.PAYOUTS_PENDING, request.currency),
         -request.amount),
    ]


def _reserve(request):
    return ledger.post(
        _key(request, "request"), LedgerTransactionKind.PAYOUT, _reservation_entries(request),
        _("Payout request %(id)s reserved") % {"id": request.pk},
    )


def _locked(request):
    return PayoutRequest.objects.select_for_update().select_related("partner").get(
        pk=request.pk
    )


def _refuse_state(request, allowed):
    if request.state not in allowed:
        raise PayoutError(
            _("Payout request %(id)s is %(state)s; this step needs it %(allowed)s.")
            % {"id": request.pk, "state": request.get_state_display(),
               "allowed": ", ".join(str(State(value).label) for value in allowed)}
        )


def _refuse_non_operator(operator):
    if operator is None or not operator.is_staff:
        raise PayoutError(_("Only an operator (staff) may decide on payouts."))


# --- the partner's side ----------------------------------------------------------------


def request_payout(partner, amount, currency, request_key=""):
    """Create a payout request and reserve its money; PayoutError when the amount is below
    the minimum or above what the partner has available.

    With a `request_key` (the form's one-time key, the API's Idempotency-Key) the same
    request sent again returns the first one instead of reserving the money twice: the
    wallet's lock orders the two, and the database's unique key holds it."""
    request_key = (request_key or "").strip()
    if len(request_key) > 64:
        raise PayoutError(_("The request key is too long (64 characters at most)."))
    try:
        amount = ledger.money(amount)
        currency = ledger.currency_code(currency)
    except ledger.LedgerError as error:
        raise PayoutError(str(error)) from None
    if amount < minimum():
        raise PayoutError(
            _("The smallest payout is %(minimum)s %(currency)s.")
            % {"minimum": minimum(), "currency": currency}
        )
    try:
        with transaction.atomic():
            account = ledger.wallet(partner, currency)
            # Lock the wallet: two requests at once cannot both spend the same balance.
            LedgerAccount.objects.select_for_update().get(pk=account.pk)
            if request_key:
                earlier = PayoutRequest.objects.filter(
                    partner=partner, request_key=request_key).first()
                if earlier is not None:
                    return _same_request(earlier, amount, currency)
            available = ledger.balance(account)
            if amount > available:
                raise PayoutError(
                    _("You can request at most %(available)s %(currency)s.")
                    % {"available": available, "currency": currency}
                )
            request = PayoutRequest.objects.create(
                partner=partner, amount=amount, currency=currency, request_key=request_key)
            _reserve(request)
    except IntegrityError:
        # the same key sent for another currency at the same moment (another wallet's
        # lock): the database's unique key refused the second
        if not request_key:
            raise
        return _same_request(PayoutRequest.objects.get(partner=partner, request_key=request_key),
                             amount, currency)
    return request


def _same_request(earlier, amount, currency):
    if (earlier.amount, earlier.currency) != (amount, currency):
        raise PayoutError(_("This request was already sent with another amount or currency."))
    return earlier


# --- the operators' side -----------------------------------------------------------------


def approve(request, operator):
    """Approve a request. Up to the threshold one operator does; above it the first approval
    is recorded and a second, different operator completes it."""
    _refuse_non_operator(operator)
    with transaction.atomic():
        request = _locked(request)
        if request.state == State.APPROVED and operator.pk in (
            request.first_approver_id, request.second_approver_id
        ):
            return request  # a retry of the approval that was already made
        _refuse_state(request, [State.REQUESTED])
        if request.partner.user_id == operator.pk:
            raise PayoutError(_("You cannot approve your own payout; another operator must."))
        if needs_two_approvers(request):
            if request.first_approver_id is None:
                request.first_approver = operator
                request.save(update_fields=["first_approver"])
                return request
            if request.first_approver_id == operator.pk:
                raise PayoutError(
                    _("Payouts above %(limit)s %(currency)s need two different operators: "
                      "you approved this one already, so another operator must approve it.")
                    % {"limit": two_approvers_above(), "currency": request.currency}
                )
            request.second_approver = operator
        else:
            request.first_approver = operator
        request.state = State.APPROVED
        request.approved_at = timezone.now()
        request.save(update_fields=["first_approver", "second_approver", "state",
                                    "approved_at"])
    return request


def reject(request, operator, note=""):
    """Refuse a request not yet exported; its reserved money goes back to the wallet."""
    _refuse_non_operator(operator)
    with transaction.atomic():
        request = _locked(request)
        if request.state != State.REJECTED:
            _refuse_state(request, [State.REQUESTED, State.APPROVED])
        reservation = _reserve(request)
        ledger.reverse(
            reservation, _key(request, "reject"),
            _("Payout request %(id)s rejected") % {"id": request.pk}, posted_by=operator,
        )
        if request.state != State.REJECTED:
            request.state = State.REJECTED
            request.note = note
            request.settled_at = timezone.now()
            request.save(update_fields=["state", "note", "settled_at"])
    return request


def export_batch(requests, operator=None):
    """One payout batch of approved `requests`, all in one currency: the payout file (CSV)
    written once and kept byte for byte, the requests linked to the batch and exported.

    A request that is not approved (an exported one is in a batch already) is refused, as
    are mixed currencies and an empty list, and then nothing is exported.
    """
    pks = [request.pk for request in requests]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    with transaction.atomic():
        locked = list(
            PayoutRequest.objects.select_for_update().select_related("partner")
            .filter(pk__in=pks).order_by("pk")
        )
        if not locked:
            raise PayoutError(_("There are no approved payout requests to export."))
        for request in locked:
            _refuse_state(request, [State.APPROVED])
        currencies = sorted({request.currency for request in locked})
        if len(currencies) > 1:
            raise PayoutError(
                _("A payout file holds one currency; these requests are in %(currencies)s.")
                % {"currencies": ", ".join(currencies)}
            )
        for request in locked:
            writer.writerow([request.pk, request.partner_id, _cell(request.partner.name),
                             f"{request.amount:.2f}", request.currency])
        content = out.getvalue().encode("utf-8")
        now = timezone.now()
        batch = PayoutBatch.objects.create(
            currency=currencies[0], request_count=len(locked),
            total=sum((request.amount for request in locked), ledger.ZERO),
            content=content, sha256=hashlib.sha256(content).hexdigest(),
            created_by=operator, created_at=now,
        )
        PayoutRequest.objects.filter(pk__in=[request.pk for request in locked]).update(
            state=State.EXPORTED, exported_at=now, batch=batch,
        )
    return batch


def export_csv(requests, operator=None):
    """The payout file's text for approved `requests` (see export_batch)."""
    return export_batch(requests, operator).file_bytes().decode("utf-8")


def mark_batch_paid(batch, operator=None):
    """The bank paid the batch: each of its requests still exported goes through
    `mark_paid`, so each request's ledger entries are written exactly once however often
    this runs; requests already marked failed or returned stay as they are. Returns the
    requests marked paid now."""
    with transaction.atomic():
        batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
        paid = [
            mark_paid(request, operator)
            for request in batch.requests.filter(state=State.EXPORTED).order_by("pk")
        ]
        if batch.paid_at is None:
            batch.paid_at, batch.paid_by = timezone.now(), operator
            batch.save(update_fields=["paid_at", "paid_by"])
    return paid


def _cell(text):
    """`text` made safe for a spreadsheet: a leading =, +, - or @ would run as a formula."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def mark_paid(request, operator=None):
    """The bank paid it: the reserved money leaves the company (payouts pending -> cash)."""
    with transaction.atomic():
        request = _locked(request)
        if request.state != State.PAID:
            _refuse_state(request, [State.EXPORTED])
        _pay(request, operator)
        if request.state != State.PAID:
            request.state = State.PAID
            request.settled_at = timezone.now()
            request.save(update_fields=["state", "settled_at"])
            _announce(signals.payout_paid, request)
    return request


def _announce(signal, request):
    transaction.on_commit(lambda: signal.send(sender=PayoutRequest, request=request))


def _pay(request, operator):
    return ledger.post(
        _key(request, "paid"), LedgerTransactionKind.PAYOUT,
        [
            (ledger.company_account(LedgerAccountKind.PAYOUTS_PENDING, request.currency),
             request.amount),
            (ledger.company_account(LedgerAccountKind.COMPANY_CASH, request.currency),
             -request.amount),
        ],
        _("Payout request %(id)s paid") % {"id": request.pk}, posted_by=operator,
    )


def mark_failed(request, operator=None):
    """The bank could not pay an exported request: the reservation is reversed."""
    with transaction.atomic():
        request = _locked(request)
        if request.state != State.FAILED:
            _refuse_state(request, [State.EXPORTED])
        ledger.reverse(
            _reserve(request), _key(request, "failed"),
            _("Payout request %(id)s failed") % {"id": request.pk}, posted_by=operator,
            kind=LedgerTransactionKind.PAYOUT_FAILED,
        )
        if request.state != State.FAILED:
            request.state = State.FAILED
            request.settled_at = timezone.now()
            request.save(update_fields=["state", "settled_at"])
            _announce(signals.payout_failed, request)
    return request


def mark_returned(request, operator=None):
    """A paid payout came back: the payment and the reservation are both reversed, so the
    money is in the wallet again."""
    with transaction.atomic():
        request = _locked(request)
        if request.state != State.RETURNED:
            _refuse_state(request, [State.PAID])
        description = _("Payout request %(id)s returned") % {"id": request.pk}
        ledger.reverse(_pay(request, operator), _key(request, "returned:paid"), description,
                       posted_by=operator, kind=LedgerTransactionKind.PAYOUT_FAILED)
        ledger.reverse(_reserve(request), _key(request, "returned"), description,
                       posted_by=operator, kind=LedgerTransactionKind.PAYOUT_FAILED)
        if request.state != State.RETURNED:
            request.state = State.RETURNED
            request.settled_at = timezone.now()
            request.save(update_fields=["state", "settled_at"])
            _announce(signals.payout_returned, request)
    return request


def transactions_of(request):
    """The ledger transactions of a request, oldest first."""
    return LedgerTransaction.objects.filter(
        idempotency_key__startswith=f"payout:{request.pk}:"
    ).order_by("pk")



def wallet_summary(partner):
    """Per currency: the wallet's balance (what can be requested), and what open payout
    requests hold apart from it."""
    held = ledger.wallet_balances(partner)
    pending = dict(
        PayoutRequest.objects.filter(partner=partner, state__in=OPEN_STATES)
        .values_list("currency").annotate(total=Sum("amount")).order_by()
    )
    return [
        {"currency": currency, "balance": held.get(currency, ledger.ZERO),
         "pending_payouts": summed_cents(pending.get(currency)),
         "available": held.get(currency, ledger.ZERO)}
        for currency in sorted(set(held) | set(pending))
    ]


def requests_of(partner):
    """The partner's payout requests, newest first."""
    return PayoutRequest.objects.filter(partner=partner).order_by("-requested_at", "-pk")
