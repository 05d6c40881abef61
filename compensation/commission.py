"""The compensation engine over the database: the network and a period's orders read from
the tables straight into the engine's arrays, calculated exactly as the CSV command does.

Partners are identified to the engine by their primary key (as text); orders that are
paid or shipped count as paid. The company's own accounts (Partner.is_company: the root
Downline made) are marked so: they count in every figure but earn nothing. The trees
are taken as they stood at the period's close: staff changes made since (the TreeChange
audit keeps before and after) are undone, newest first. Partners who joined later are
read too; they have no volume in the period and change nobody's figures.

On PostgreSQL the tables are read with COPY into numpy (a million partners and three
million orders in seconds); elsewhere (SQLite, the demo) through the ORM.
"""

import io
from datetime import UTC

import numpy as np
from django.db import connection

from compensation.engine import columns
from compensation.engine.engine import calculate_decimal, period_bounds
from compensation.engine.inputs import OrderRow, PartnerRow
from network.models import Partner, PartnerStatus, TreeChange
from orders.models import Order, OrderStatus

PAID = [OrderStatus.PAID, OrderStatus.SHIPPED]


def _postgres():
    return connection.vendor == "postgresql"


def _copy_ints(sql, params, width):
    """Rows of integers from a PostgreSQL query, as a (rows, width) int64 array."""
    query = connection.ops.compose_sql(sql, params)
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy:
            for block in copy:
                buffer.write(block)
    if not buffer.tell():
        return np.zeros((0, width), np.int64)
    buffer.seek(0)
    return np.loadtxt(buffer, delimiter=",", dtype=np.int64, ndmin=2)


def network_arrays(closed_at=None):
    """Every partner (by primary key, ascending) as the engine's Network, with the trees
    as they stood at `closed_at`. One not placed yet (holding tank, review) stands alone
    in the placement tree: their volume reaches no one's binary legs until placed."""
    terminated_code = PartnerStatus.TERMINATED
    if _postgres():
        rows = _copy_ints(
            "SELECT id, coalesce(sponsor_id, 0), coalesce(placement_parent_id, 0),"
            " CASE placement_leg WHEN 'L' THEN 0 WHEN 'R' THEN 1 ELSE -1 END,"
            " (extract(epoch from joined_at) * 1000000)::bigint,"
            " (status = %s)::int FROM network_partner ORDER BY id",
            [terminated_code], 6,
        )
        pks, sponsor_pk, parent_pk, leg, joined, terminated = rows.T
    else:
        values = list(Partner.objects.order_by("pk").values_list(
            "pk", "sponsor_id", "placement_parent_id", "placement_leg", "joined_at", "status"
        ))
        count = len(values)
        pks = np.fromiter((v[0] for v in values), np.int64, count)
        sponsor_pk = np.fromiter((v[1] or 0 for v in values), np.int64, count)
        parent_pk = np.fromiter((v[2] or 0 for v in values), np.int64, count)
        leg = np.fromiter((columns.LEGS.get(v[3] or "", -1) for v in values), np.int64, count)
        joined = np.fromiter((columns.micros(v[4].astimezone(UTC)) for v in values),
                             np.int64, count)
        terminated = np.fromiter((v[5] == terminated_code for v in values), np.int64, count)
    pks = np.ascontiguousarray(pks)
    sponsor = _indexes(pks, sponsor_pk)
    parent = _indexes(pks, parent_pk)
    leg = np.where(parent >= 0, leg, -1).astype(np.int8)
    network = columns.Network(
        [str(pk) for pk in pks.tolist()], sponsor, parent, leg, terminated.astype(np.bool_),
        np.ascontiguousarray(joined), pks=pks,
        company=_company_mask(pks),
    )
    if closed_at is not None:
        _undo_changes_since(network, closed_at)
    return network


def company_account_ids():
    """Primary keys of the company's own accounts (Partner.is_company), which earn nothing."""
    return set(Partner.objects.filter(is_company=True).values_list("pk", flat=True))


def _company_mask(pks):
    company = company_account_ids()
    if not company:
        return None
    return np.isin(pks, np.fromiter(company, np.int64, len(company)))


def _indexes(pks, references):
    """Positions of `references` (primary keys, 0 for none) among the sorted `pks`."""
    if not len(pks):
        return np.full(len(references), -1, np.int64)
    found = np.minimum(np.searchsorted(pks, references), len(pks) - 1)
    return np.where((references > 0) & (pks[found] == references), found, -1).astype(np.int64)


def _undo_changes_since(network, closed_at):
    later = TreeChange.objects.filter(changed_at__gte=closed_at).order_by("-changed_at", "-pk")
    pks = network.pks

    def index_of(pk):
        if not pk:
            return -1
        found = int(np.searchsorted(pks, int(pk)))
        return found if found < len(pks) and pks[found] == int(pk) else -1

    for partner_id, kind, before in later.values_list("partner_id", "kind", "before"):
        index = index_of(partner_id)
        if index < 0:
            continue
        if kind == TreeChange.Kind.SPONSOR and before.get("sponsor"):
            network.sponsor[index] = index_of(before["sponsor"])
        elif kind == TreeChange.Kind.PLACEMENT:
            parent = index_of(before.get("placement_parent"))
            network.parent[index] = parent
            leg = columns.LEGS.get(before.get("placement_leg") or "", -1)
            network.leg[index] = leg if parent >= 0 else -1


def order_arrays(network, start, end):
    """The period's paid and shipped orders as the engine's Orders (ids are primary keys);
    refunded and cancelled ones do not count, so they are not read."""
    if _postgres():
        rows = _copy_ints(
            "SELECT id, partner_id, (extract(epoch from created_at) * 1000000)::bigint,"
            " (volume * 100)::bigint FROM network_order"
            " WHERE created_at >= %s AND created_at < %s AND status = ANY(%s)",
            [start, end, list(PAID)], 4,
        )
        pks, partner_pk, created, volume = rows.T
    else:
        values = list(Order.objects.filter(
            created_at__gte=start, created_at__lt=end, status__in=PAID
        ).values_list("pk", "partner_id", "created_at", "volume"))
        count = len(values)
        pks = np.fromiter((v[0] for v in values), np.int64, count)
        partner_pk = np.fromiter((v[1] for v in values), np.int64, count)
        created = np.fromiter((columns.micros(v[2].astimezone(UTC)) for v in values),
                              np.int64, count)
        volume = np.fromiter((columns.cents(v[3]) for v in values), np.int64, count)
    buyer = _indexes(network.pks, partner_pk)
    known = buyer >= 0
    return columns.Orders(
        np.ascontiguousarray(pks[known]), np.ascontiguousarray(buyer[known]),
        np.ascontiguousarray(created[known]), np.ascontiguousarray(volume[known]),
        np.ones(int(known.sum()), np.bool_),
    )


def partner_rows(network):
    """The network's partners as the Decimal engine's rows (for plans only it computes)."""
    legs = {0: "L", 1: "R"}
    ids, sponsor, parent = network.ids, network.sponsor.tolist(), network.parent.tolist()
    return [
        PartnerRow(0, ids[i], ids[sponsor[i]] if sponsor[i] >= 0 else "",
                   ids[parent[i]] if parent[i] >= 0 else "", legs.get(int(network.leg[i]), ""),
                   _moment(network.joined[i]),
                   "terminated" if network.terminated[i] else "active")
        for i in range(len(ids))
    ]


def order_rows(network, orders):
    """The period's counted orders as the Decimal engine's rows."""
    return [
        OrderRow(0, str(pk), network.ids[buyer], _moment(created), columns.from_cents(volume),
                 "paid")
        for pk, buyer, created, volume in zip(orders.ids.tolist(), orders.buyer.tolist(),
                                              orders.created.tolist(), orders.volume.tolist(),
                                              strict=True)
    ]


def _moment(micros):
    return columns.EPOCH + int(micros) * columns.MICROSECOND


def period_result(plan, period, carry_in=None, highest_ranks=None, progress=None):
    """`period` (YYYY-MM) over the database as a columns.Period: from the array engine,
    or, for plans only the Decimal engine computes, from its Calculation. The carry-in and
    highest ranks are dicts by partner id, or a previous Period's arrays (carry-out pair,
    `highest`). `progress(stage)` is told "reading" and then "calculating"."""
    progress = progress or (lambda stage: None)
    start, end = period_bounds(period)
    progress("reading")
    network = network_arrays(closed_at=end)
    orders = order_arrays(network, start, end)
    progress("calculating")
    carry = columns.carry_arrays(network, {} if carry_in is None else carry_in)
    highest = columns.highest_array(plan, network, {} if highest_ranks is None
                                    else highest_ranks)
    if columns.supports(plan):
        try:
            return columns.calculate(plan, network, orders, start, end, *carry, highest)
        except columns.Unsupported:
            pass
    ids = network.ids
    calculation = calculate_decimal(
        plan, partner_rows(network), order_rows(network, orders), start, end,
        {ids[i]: (columns.from_cents(carry[0][i]), columns.from_cents(carry[1][i]))
         for i in np.flatnonzero(carry[0] | carry[1]).tolist()},
        {ids[i]: plan.ranks[highest[i]].code for i in np.flatnonzero(highest).tolist()},
        network.company_ids(),
    )
    return columns.from_calculation(plan, network, orders, calculation, *carry)


def calculate_period(plan, period, carry_in=None, highest_ranks=None):
    """The engine's Calculation (results and BonusLine objects) for `period`."""
    return period_result(plan, period, carry_in, highest_ranks).calculation()
