"""What compensation adds to an order's page in the operators' admin (orders/admin/views.py
asks through its hooks): the bonus lines the order produced with their runs, and their
clawbacks; and, on a refund, how many posted lines will be (or were) clawed back."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from compensation import clawbacks
from compensation.admin.runs import RUNS
from compensation.bonuses import kind_label
from compensation.models import Clawback, CommissionLine, CommissionRun
from network.admin.views import partner_url
from orders.models import OrderStatus


def order_section(request, order):
    bonus_lines = [
        {"line": line, "kind": kind_label(line.kind), "run_url": reverse(
            f"{RUNS}:inspect", args=[line.run_id]
        ), "partner_url": partner_url(line.partner_id)}
        for line in CommissionLine.objects.filter(order=order)
        .select_related("run", "partner__user", "source_partner__user", "clawback")
        .order_by("run__period", "run_id", "partner_id", "kind", "level", "pk")
    ]
    order_clawbacks = (
        Clawback.objects.filter(line__order=order)
        .select_related("partner__user", "line__run").order_by("period", "pk")
    )
    return render_to_string("compensation/admin/order_bonuses.html", {
        "bonus_lines": bonus_lines,
        "posted_total": sum(
            (row["line"].amount for row in bonus_lines
             if row["line"].run.state == CommissionRun.State.POSTED), Decimal(0)
        ),
        "clawbacks": [
            {"clawback": clawback, "kind": kind_label(clawback.line.kind),
             "partner_url": partner_url(clawback.partner_id)}
            for clawback in order_clawbacks
        ],
    }, request=request)


def refund_note(order, status, done):
    if status != OrderStatus.REFUNDED:
        return None
    if done:
        made = Clawback.objects.filter(line__order=order).count()
        return _("Clawbacks of its bonus lines: %(count)s.") % {"count": made} if made else None
    due = CommissionLine.objects.filter(
        order=order, run__state=CommissionRun.State.POSTED, clawback__isnull=True,
    ).count()
    if not due:
        return None
    return _(
        "Posted bonus lines from this order: %(count)s; they will be clawed "
        "back in %(period)s."
    ) % {"count": due, "period": clawbacks.next_open_period()}
