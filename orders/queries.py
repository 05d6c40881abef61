"""Whose orders a partner may read, and how a list of them is narrowed and summed: their
own orders, their sponsor team's down to a depth (staff: the whole network), the list's
filters (status, days; for the team also a search and a level), and the filtered set's
volume and amounts.

One scope for the orders API (`orders.api.views`) and the cabinet's orders pages. The
team's search and level are the downline's own (`network.downline`).
"""

from decimal import Decimal

from django.db.models import Sum
from django.http import Http404

from core.money import summed_cents
from network import downline, genealogy, permissions
from network.stats import day_start
from orders.models import Order

CENT = Decimal("0.01")


def own_orders(partner):
    """The orders `partner` placed."""
    return Order.objects.filter(partner=partner)


def team_orders(viewer, depth=downline.DEFAULT_DEPTH):
    """The orders of the partners below the viewer's root in the sponsor tree, at most
    `depth` levels down (staff: the whole network)."""
    team = permissions.downline(viewer, genealogy.SPONSOR, depth)
    return Order.objects.filter(partner__in=team)


def searched_team_orders(viewer, filters):
    """The team's orders (`team_orders`) down to the filters' depth, narrowed to the
    partners the downline's search (`q`) and `level` find."""
    orders = team_orders(viewer, downline.reach(filters))
    search = (filters.get("q") or "").strip()
    if filters.get("level") or search:
        members, _tree = downline.filtered_downline(viewer, {
            "tree": genealogy.SPONSOR, "depth": filters.get("depth"),
            "level": filters.get("level"), "q": search,
        })
        orders = orders.filter(partner__in=members.values("pk"))
    return orders


def readable_order(viewer, queryset, pk):
    """The order `pk` from `queryset` when it is the viewer's own or their sponsor team's
    (staff: any); otherwise Http404, so an outsider's order is never confirmed to exist."""
    order = queryset.filter(pk=pk).first()
    if order is None or not (
        viewer.is_staff or permissions.is_in_tree(viewer, order.partner, genealogy.SPONSOR)
    ):
        raise Http404
    return order


def filter_orders(queryset, query):
    """`queryset` narrowed by status and by the days it was created (inclusive, in the
    site's time zone)."""
    if query.get("status"):
        queryset = queryset.filter(status=query["status"])
    if query.get("created_after"):
        queryset = queryset.filter(created_at__gte=day_start(query["created_after"]))
    if query.get("created_before"):
        queryset = queryset.filter(created_at__lt=day_start(query["created_before"], 1))
    return queryset




def totals(orders):
    """{"volume", "amounts": [{"currency", "total"}]}: the set's volume and its amounts by
    currency (imported orders carry volume only, no currency)."""
    volume = summed_cents(orders.aggregate(volume=Sum("volume"))["volume"])
    amounts = [
        {"currency": row["currency"], "total": summed_cents(row["total"])}
        for row in orders.exclude(currency="").values("currency")
        .annotate(total=Sum("total")).order_by("currency")
    ]
    return {"volume": volume, "amounts": amounts}
