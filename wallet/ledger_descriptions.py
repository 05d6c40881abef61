"""What a ledger transaction says to the partner reading their wallet, in the page's language.

A transaction's `description` is written once, in the language active when it was posted
(English for a run posted from a command or the demo's seed), and ledger rows are never
changed. So the wallet words the transactions Downline itself posts from what their
idempotency keys and descriptions name (the bonus kind and period, the payout request and
its step) and shows the stored text only for the rest, such as an operator's adjustment.
"""

import re

from django.utils.translation import gettext, gettext_lazy

from compensation.bonuses import kind_label
from wallet.models import LedgerTransactionKind

# payouts._key(request, step) -> the words the payout service writes for that step.
PAYOUT_STEPS = {
    "request": gettext_lazy("Payout request %(id)s reserved"),
    "reject": gettext_lazy("Payout request %(id)s rejected"),
    "paid": gettext_lazy("Payout request %(id)s paid"),
    "failed": gettext_lazy("Payout request %(id)s failed"),
    "returned": gettext_lazy("Payout request %(id)s returned"),
    "returned:paid": gettext_lazy("Payout request %(id)s returned"),
}
PAYOUT_KEY = re.compile(r"^payout:(?P<id>\d+):(?P<step>.+)$")
# commission_runs posts "<kind> <period>"; clawbacks post "clawback of <kind>, order <id>".
BONUS_TEXT = re.compile(r"^(?P<kind>[a-z_]+) (?P<period>\d{4}-\d{2})$")
CLAWBACK_TEXT = re.compile(r"^clawback of (?P<kind>[a-z_]+), order \d+$")


def describe(transaction):
    """The transaction's description in the active language."""
    text = transaction.description
    if (found := PAYOUT_KEY.match(transaction.idempotency_key)) and (
        found["step"] in PAYOUT_STEPS
    ):
        return PAYOUT_STEPS[found["step"]] % {"id": found["id"]}
    if transaction.kind == LedgerTransactionKind.BONUS and (found := BONUS_TEXT.match(text)):
        return gettext("%(bonus)s bonus for %(period)s") % {
            "bonus": kind_label(found["kind"]), "period": found["period"]}
    if transaction.kind == LedgerTransactionKind.CLAWBACK and (
        found := CLAWBACK_TEXT.match(text)
    ):
        # The order's id here is not the number the partner knows it by.
        return gettext("%(bonus)s bonus taken back (the order was refunded)") % {
            "bonus": kind_label(found["kind"])}
    return text
