"""What a ledger transaction says to the partner reading their wallet, in the page's language.

A transaction's `description` is written once, in the language active when it was posted
(English for a run posted from a command or the demo's seed), and ledger rows are never
changed. So the wallet words the transactions Downline itself posts from what their
idempotency keys and descriptions name, and shows the stored text only for the rest, such
as an operator's adjustment. The payout steps are the wallet's own; an app that posts other
transactions words them itself through `add_describer` (compensation: bonuses and
clawbacks, compensation/ledger_texts.py), so the wallet depends on no app that posts to it.
"""

import re

from django.utils.translation import gettext_lazy

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

_describers = []


def add_describer(describer):
    """`describer(transaction)` gives the words for a transaction its app posted, or None."""
    if describer not in _describers:
        _describers.append(describer)


def describe(transaction):
    """The transaction's description in the active language."""
    if (found := PAYOUT_KEY.match(transaction.idempotency_key)) and (
        found["step"] in PAYOUT_STEPS
    ):
        return PAYOUT_STEPS[found["step"]] % {"id": found["id"]}
    for describer in _describers:
        if (words := describer(transaction)) is not None:
            return words
    return transaction.description
