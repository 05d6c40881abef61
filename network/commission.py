"""The compensation engine over the database: the network and a period's orders read from
the tables into the engine's rows, calculated exactly as the CSV command does.

Partners are identified to the engine by their primary key (as text); orders that are
paid or shipped count as paid. The trees are read as they stand now: tree changes are
audited (TreeChange) but not yet replayed to rebuild the trees at an earlier period close.
"""

from datetime import UTC, datetime

from .compensation.engine import calculate
from .compensation.inputs import OrderRow, PartnerRow
from .models import Order, OrderStatus, Partner, PartnerStatus

COUNTED = {OrderStatus.PAID: "paid", OrderStatus.SHIPPED: "paid",
           OrderStatus.REFUNDED: "refunded"}


def period_bounds(period):
    """`YYYY-MM` as the UTC calendar month [start, end)."""
    start = datetime.strptime(period, "%Y-%m").replace(tzinfo=UTC)
    if start.month == 12:
        return start, start.replace(year=start.year + 1, month=1)
    return start, start.replace(month=start.month + 1)


def partner_rows():
    """Every partner as the engine's row. One not placed yet (holding tank, review) stands
    alone in the placement tree: their volume reaches no one's binary legs until placed."""
    rows = Partner.objects.values_list(
        "pk", "sponsor_id", "placement_parent_id", "placement_leg", "joined_at", "status"
    ).order_by("pk")
    return [
        PartnerRow(0, str(pk), str(sponsor) if sponsor else "", str(parent) if parent else "",
                   leg or "", joined_at,
                   "terminated" if status == PartnerStatus.TERMINATED else "active")
        for pk, sponsor, parent, leg, joined_at, status in rows.iterator(chunk_size=20000)
    ]


def order_rows(start, end, partner_ids):
    orders = Order.objects.filter(
        created_at__gte=start, created_at__lt=end, status__in=list(COUNTED)
    ).values_list("pk", "partner_id", "created_at", "volume", "status")
    return [
        OrderRow(0, str(pk), str(partner), created_at, volume, COUNTED[status])
        for pk, partner, created_at, volume, status in orders.iterator(chunk_size=20000)
        if str(partner) in partner_ids
    ]


def calculate_period(plan, period, carry_in=None, highest_ranks=None):
    """The engine's Calculation for `period` (YYYY-MM) over the database."""
    start, end = period_bounds(period)
    partners = partner_rows()
    orders = order_rows(start, end, {row.id for row in partners})
    return calculate(plan, partners, orders, start, end, carry_in, highest_ranks)
