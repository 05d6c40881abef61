"""Import of orders from the reference `orders.csv` (id,partner_id,created_at,volume,status).

Every row is validated first, by the compensation engine's own reader, against the partners
already here (by external id or referral code); an id already imported is a problem too, so
importing the same file twice adds nothing. Then every row is written in one transaction,
or none. Imported orders carry volume only: no lines, currency or total.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from compensation.engine.inputs import InputError, InputErrors, read_orders
from network.models import Partner
from network.partners_import import PROBLEMS as PARTNER_PROBLEMS
from orders.models import Order, OrderSource, OrderStatus

PROBLEMS = {
    **PARTNER_PROBLEMS,
    "unknown_partner": _("unknown partner {ref}"),
    "bad_order_status": _("status must be paid or refunded, not {value!r}"),
    # The engine's "existing_id" code; for orders it means an earlier import.
    "existing_id": _("order {id} was already imported"),
}
BATCH = 5000


def describe(error):
    """One translated line: "orders.csv, line 7: unknown partner P9"."""
    problem = str(PROBLEMS[error.code]).format(**error.params)
    return _("%(file)s, line %(line)s: %(problem)s") % {
        "file": error.filename, "line": error.line, "problem": problem,
    }


class ImportFailed(Exception):
    def __init__(self, errors):
        self.errors = sorted(errors, key=lambda error: error.line)
        self.messages = [describe(error) for error in self.errors]
        super().__init__("\n".join(self.messages))


def _partner_refs():
    """{external id or referral code: partner pk} for every partner."""
    refs = {}
    rows = Partner.objects.values_list("pk", "external_id", "referral_code")
    for pk, external_id, code in rows.iterator(chunk_size=20000):
        refs[code] = pk
        if external_id:
            refs[external_id] = pk
    return refs


def _already_imported(order_ids):
    """The ids among `order_ids` that are orders here already."""
    existing = set()
    for start in range(0, len(order_ids), BATCH):
        existing.update(
            Order.objects.filter(external_id__in=order_ids[start:start + BATCH])
            .values_list("external_id", flat=True)
        )
    return existing


def import_orders(stream, filename="orders.csv"):
    """Import every row or none; returns the number imported, raises ImportFailed."""
    refs = _partner_refs()
    try:
        rows = read_orders(stream, filename, partner_ids=refs.keys(),
                           existing_ids=_already_imported, collect=True)
    except InputErrors as failure:
        raise ImportFailed(failure.errors) from None
    except InputError as failure:  # the header: nothing else can be read
        raise ImportFailed([failure]) from None
    orders = [
        Order(
            external_id=row.id, partner_id=refs[row.partner_id], created_at=row.created_at,
            volume=row.volume, status=OrderStatus(row.status), source=OrderSource.IMPORT,
        )
        for row in rows
    ]
    try:
        with transaction.atomic():
            Order.objects.bulk_create(orders, batch_size=BATCH)
    except IntegrityError:
        # Another import wrote some of these ids since we checked: report, write nothing.
        existing = _already_imported([row.id for row in rows])
        raise ImportFailed([InputError(filename, row.line, "existing_id", id=row.id)
                            for row in rows if row.id in existing]) from None
    return len(orders)
