"""The domain events that go out as webhooks, heard from the apps that send them (their
`signals.py`): each becomes a WebhookEvent for the endpoints subscribed to its kind
(webhooks/outbox.py). Nothing here reads another app's tables beyond the rows the signal
hands over and their partners."""

from decimal import Decimal

from compensation.signals import rank_reached, run_posted
from landing.signals import lead_converted, lead_created
from network.models import Partner
from network.signals import partner_enrolled
from orders.signals import order_paid, order_refunded
from wallet.signals import payout_paid
from webhooks import outbox, subscriptions
from webhooks.models import EventKind


def _partner_enrolled(sender, partner, **kwargs):
    outbox.record(EventKind.PARTNER_ENROLLED, partner)


def _lead_created(sender, lead, **kwargs):
    outbox.record(EventKind.LEAD_CREATED, lead)


def _lead_converted(sender, lead, partner, **kwargs):
    outbox.record(EventKind.LEAD_CONVERTED, {"lead": lead, "partner": partner})


def _order_paid(sender, order, **kwargs):
    outbox.record(EventKind.ORDER_PAID, order)


def _order_refunded(sender, order, **kwargs):
    outbox.record(EventKind.ORDER_REFUNDED, order)


def _run_posted(sender, run, bonuses, currency, **kwargs):
    """One `bonus.posted` per partner the run paid."""
    if not bonuses or not subscriptions.endpoints_for(EventKind.BONUS_POSTED):
        return
    ids = sorted(bonuses)
    for start in range(0, len(ids), outbox.BATCH):
        partners = Partner.objects.filter(pk__in=ids[start:start + outbox.BATCH]).order_by("pk")
        outbox.record_many(EventKind.BONUS_POSTED, [
            {"partner": partner, "run": run, "currency": currency,
             "bonuses": bonuses[partner.pk],
             "total": sum(bonuses[partner.pk].values(), Decimal(0))}
            for partner in partners
        ])


def _rank_reached(sender, partner, rank, run, **kwargs):
    outbox.record(EventKind.RANK_REACHED, {"partner": partner, "rank": rank, "run": run})


def _payout_paid(sender, request, **kwargs):
    outbox.record(EventKind.PAYOUT_PAID, request)


def connect():
    for signal, receiver in (
        (partner_enrolled, _partner_enrolled),
        (lead_created, _lead_created),
        (lead_converted, _lead_converted),
        (order_paid, _order_paid),
        (order_refunded, _order_refunded),
        (run_posted, _run_posted),
        (rank_reached, _rank_reached),
        (payout_paid, _payout_paid),
    ):
        signal.connect(receiver, dispatch_uid=f"webhooks{receiver.__name__}")
