"""Clawbacks: when an order whose bonuses were posted is refunded, each bonus line it
produced is reversed in the next open period; posting that period's run posts them
(keyed `clawback:<line>`, so exactly once)."""

from datetime import UTC, datetime

from django.dispatch import receiver

from compensation.models import Clawback, CommissionLine, CommissionRun
from orders.models import Order
from orders.signals import order_refunded
from wallet import ledger
from wallet.models import LedgerTransactionKind


def next_open_period(today=None):
    """The earliest period after the last posted one (this month when none is posted)."""
    last = CommissionRun.objects.filter(state=CommissionRun.State.POSTED).order_by(
        "-period"
    ).values_list("period", flat=True).first()
    if last is None:
        today = today or datetime.now(UTC)
        return f"{today.year}-{today.month:02d}"
    year, month = (int(part) for part in last.split("-"))
    return f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"


def claw_back(order):
    """Clawbacks for every posted bonus line of `order`; returns the new ones."""
    lines = CommissionLine.objects.filter(
        order=order, run__state=CommissionRun.State.POSTED, clawback__isnull=True
    )
    period = next_open_period()
    return [
        Clawback.objects.create(line=line, partner_id=line.partner_id, amount=line.amount,
                                period=period)
        for line in lines
    ]


@receiver(order_refunded, sender=Order, dispatch_uid="compensation.clawbacks")
def on_refund(sender, order, **kwargs):
    claw_back(order)


def post_clawbacks(run, currency, user=None):
    """Post the clawbacks due in the run's period (each once), reversing the bonus."""
    due = Clawback.objects.filter(period=run.period).select_related("partner", "line")
    ledger.post_many(
        {
            "key": f"clawback:{clawback.line_id}",
            "kind": LedgerTransactionKind.CLAWBACK,
            "entries": [(account, -amount) for account, amount in
                        ledger.bonus_entries(clawback.partner, clawback.amount, currency)],
            "description": f"clawback of {clawback.line.kind}, order {clawback.line.order_id}",
            "posted_by": user,
            "commission_run_id": run.pk,
        }
        for clawback in due
    )
    due.filter(posted_at__isnull=True).update(posted_at=datetime.now(UTC))
