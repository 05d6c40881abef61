"""The words the wallet shows for the transactions compensation posts, in the page's language
(registered with wallet/ledger_descriptions.py when the app loads).

commission_runs posts a bonus as "<kind> <period>", clawbacks post "clawback of <kind>,
order <id>"; the stored text stays as it was written, the partner reads it in their language.
"""

import re

from django.utils.translation import gettext

from compensation.bonuses import kind_label
from wallet.models import LedgerTransactionKind

BONUS_TEXT = re.compile(r"^(?P<kind>[a-z_]+) (?P<period>\d{4}-\d{2})$")
CLAWBACK_TEXT = re.compile(r"^clawback of (?P<kind>[a-z_]+), order \d+$")


def describe(transaction):
    text = transaction.description
    if transaction.kind == LedgerTransactionKind.BONUS and (found := BONUS_TEXT.match(text)):
        return gettext("%(bonus)s bonus for %(period)s") % {
            "bonus": kind_label(found["kind"]), "period": found["period"]}
    if transaction.kind == LedgerTransactionKind.CLAWBACK and (
        found := CLAWBACK_TEXT.match(text)
    ):
        # The order's id here is not the number the partner knows it by.
        return gettext("%(bonus)s bonus taken back (the order was refunded)") % {
            "bonus": kind_label(found["kind"])}
    return None
