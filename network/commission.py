"""The compensation engine over the database: the network and a period's orders read from
the tables into the engine's rows, calculated exactly as the CSV command does.

Partners are identified to the engine by their primary key (as text); orders that are
paid or shipped count as paid. The trees are taken as they stood at the period's close:
staff changes made since (the TreeChange audit keeps before and after) are undone on the
rows, newest first. Partners who joined later are read too; they have no volume in the
period and change nobody's figures.
"""


from .compensation.engine import calculate, period_bounds
from .compensation.inputs import OrderRow, PartnerRow
from .models import Order, OrderStatus, Partner, PartnerStatus, TreeChange

COUNTED = {OrderStatus.PAID: "paid", OrderStatus.SHIPPED: "paid",
           OrderStatus.REFUNDED: "refunded"}


def partner_rows(closed_at=None):
    """Every partner as the engine's row, with the trees as they stood at `closed_at`. One
    not placed yet (holding tank, review) stands alone in the placement tree: their volume
    reaches no one's binary legs until placed."""
    rows = Partner.objects.values_list(
        "pk", "sponsor_id", "placement_parent_id", "placement_leg", "joined_at", "status"
    ).order_by("pk")
    partners = [
        PartnerRow(0, str(pk), str(sponsor) if sponsor else "", str(parent) if parent else "",
                   leg or "", joined_at,
                   "terminated" if status == PartnerStatus.TERMINATED else "active")
        for pk, sponsor, parent, leg, joined_at, status in rows.iterator(chunk_size=20000)
    ]
    if closed_at is not None:
        _undo_changes_since(partners, closed_at)
    return partners


def _undo_changes_since(partners, closed_at):
    by_id = {row.id: row for row in partners}
    later = TreeChange.objects.filter(changed_at__gte=closed_at).order_by("-changed_at", "-pk")
    for partner_id, kind, before in later.values_list("partner_id", "kind", "before"):
        row = by_id.get(str(partner_id))
        if row is None:
            continue
        if kind == TreeChange.Kind.SPONSOR and before.get("sponsor"):
            row.sponsor_id = str(before["sponsor"])
        elif kind == TreeChange.Kind.PLACEMENT:
            parent = before.get("placement_parent")
            row.placement_parent_id = str(parent) if parent else ""
            row.placement_leg = (before.get("placement_leg") or "") if parent else ""


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
    partners = partner_rows(closed_at=end)
    orders = order_rows(start, end, {row.id for row in partners})
    return calculate(plan, partners, orders, start, end, carry_in, highest_ranks)
