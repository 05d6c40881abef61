"""The events that enter partners into sequences at once (the periodic pass would find
them a few minutes later): a partner joined, a first paid order, a run that paid bonuses
or raised titles. Each receiver only enqueues `tasks.enter_event` after the sender's
transaction commits, so a sequence never slows or breaks the sign-up, the order or the
run that caused it."""

from django.db import transaction

from compensation import signals as compensation_signals
from network import signals as network_signals
from orders import signals as order_signals

from .conditions import PAID
from .models import Sequence, Trigger


def _enqueue(trigger, partner_ids, triggered_at, rank=""):
    from . import tasks

    if not partner_ids or not Sequence.objects.filter(active=True, trigger=trigger).exists():
        return
    ids = sorted(partner_ids)
    transaction.on_commit(lambda: tasks.enter_event.delay(
        trigger, ids, triggered_at.isoformat(), rank))


def _partner_enrolled(sender, partner, **kwargs):
    _enqueue(Trigger.JOINED, [partner.pk], partner.joined_at)


def _order_paid(sender, order, **kwargs):
    if not order.partner_id:
        return
    earlier = type(order).objects.filter(partner_id=order.partner_id, status__in=PAID).exclude(
        pk=order.pk)
    if not earlier.exists():
        _enqueue(Trigger.FIRST_ORDER, [order.partner_id], order.created_at)


def _run_posted(sender, run, bonuses, **kwargs):
    _enqueue(Trigger.BONUS_EARNED, list(bonuses), run.posted_at)


def _rank_reached(sender, partner, rank, run, **kwargs):
    _enqueue(Trigger.RANK_REACHED, [partner.pk], run.posted_at, rank)


def connect():
    network_signals.partner_enrolled.connect(_partner_enrolled,
                                             dispatch_uid="sequences_partner_enrolled")
    order_signals.order_paid.connect(_order_paid, dispatch_uid="sequences_order_paid")
    compensation_signals.run_posted.connect(_run_posted, dispatch_uid="sequences_run_posted")
    compensation_signals.rank_reached.connect(_rank_reached,
                                              dispatch_uid="sequences_rank_reached")
