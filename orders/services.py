"""Orders: pricing them from the catalogue, creating them once, moving them through their
statuses, and the company shop's order events (each received once).

Totals and volume always come from the catalogue, never from the caller. A status change
that matters to the compensation plan is announced as a signal: `order_paid` when an order
starts to count, `order_refunded` when it stops (the clawbacks listen for that one).
Signals are sent inside the transaction that changed the order, so a receiver's writes
commit or roll back with it; receivers that enqueue tasks use `delay_on_commit`.
"""

import hashlib
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Partner
from orders.models import Order, OrderLine, OrderSource, OrderStatus, Product, WebhookEvent
from orders.signals import order_paid, order_refunded

CENT = Decimal("0.01")

# Where each status may go next. Refunds only after payment; refunded and cancelled end it.
TRANSITIONS = {
    OrderStatus.PENDING: {OrderStatus.PAID, OrderStatus.CANCELLED},
    OrderStatus.PAID: {OrderStatus.SHIPPED, OrderStatus.REFUNDED},
    OrderStatus.SHIPPED: {OrderStatus.REFUNDED},
    OrderStatus.REFUNDED: set(),
    OrderStatus.CANCELLED: set(),
}
COUNTING = {OrderStatus.PAID, OrderStatus.SHIPPED}


class IdempotencyConflict(Exception):
    """The idempotency key was already used for a different request."""

    def __init__(self, order):
        self.order = order
        super().__init__(f"idempotency key already used by order {order.pk}")


def find_partner(reference):
    """The partner with this external id or referral code, or None."""
    reference = (reference or "").strip()
    if not reference:
        return None
    partner = Partner.objects.filter(external_id=reference).first()
    return partner or Partner.objects.filter(referral_code=reference.upper()).first()


def fingerprint(payload):
    """A stable digest of a request body (key order and spacing do not matter)."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def price_lines(lines, currency):
    """[(product, quantity, unit price, line PV)] for `lines` of {"sku", "quantity"}.

    Raises ValidationError({"lines": [...]}) naming every bad line (1-based).
    """
    currency = (currency or "").strip().upper()
    if not lines:
        raise ValidationError({"lines": [_("An order needs at least one line.")]})
    skus = {str(line.get("sku", "")).strip() for line in lines}
    products = {
        product.sku: product
        for product in Product.objects.filter(sku__in=skus).prefetch_related("prices")
    }
    priced, problems = [], []
    for number, line in enumerate(lines, start=1):
        sku = str(line.get("sku", "")).strip()
        quantity = line.get("quantity")
        product = products.get(sku)
        params = {"line": number, "sku": sku}
        if product is None:
            problems.append(_("Line %(line)s: unknown SKU “%(sku)s”.") % params)
            continue
        if not product.active:
            problems.append(
                _("Line %(line)s: “%(sku)s” is no longer sold.") % params
            )
            continue
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
            problems.append(
                _("Line %(line)s: the quantity of “%(sku)s” must be a whole number above 0.")
                % params
            )
            continue
        price = next((p for p in product.prices.all() if p.currency == currency), None)
        if price is None:
            problems.append(
                _("Line %(line)s: “%(sku)s” has no price in %(currency)s.")
                % {**params, "currency": currency or "?"}
            )
            continue
        priced.append((product, quantity, price.amount, (product.pv * quantity).quantize(CENT)))
    if problems:
        raise ValidationError({"lines": problems})
    return priced


def create_order(partner, lines, currency, external_id=None, created_at=None,
                 status=OrderStatus.PENDING, idempotency_key=None, source=OrderSource.API,
                 request_fingerprint=""):
    """Create an order priced from the catalogue; raises ValidationError when it cannot."""
    if status not in OrderStatus.values:
        raise ValidationError({"status": [_("Unknown order status.")]})
    priced = price_lines(lines, currency)
    total = sum((unit_price * quantity for _p, quantity, unit_price, _pv in priced), Decimal(0))
    volume = sum((pv for *_rest, pv in priced), Decimal(0))
    now = timezone.now()
    with transaction.atomic():
        order = Order.objects.create(
            external_id=external_id or None, partner=partner, created_at=created_at or now,
            currency=currency.strip().upper(), status=status, total=total.quantize(CENT),
            volume=volume.quantize(CENT), idempotency_key=idempotency_key or None,
            request_fingerprint=request_fingerprint, source=source,
            refunded_at=now if status == OrderStatus.REFUNDED else None,
        )
        OrderLine.objects.bulk_create([
            OrderLine(order=order, product=product, quantity=quantity, unit_price=unit_price,
                      pv=pv)
            for product, quantity, unit_price, pv in priced
        ])
        if status in COUNTING:
            order_paid.send(sender=Order, order=order)
    return order


def create_order_once(idempotency_key, request_fingerprint, **fields):
    """(order, created): the order this key created before when the request is the same,
    else a new one. Raises IdempotencyConflict when the key came with another request."""
    existing = Order.objects.filter(idempotency_key=idempotency_key).first()
    if existing is None:
        try:
            with transaction.atomic():
                order = create_order(
                    idempotency_key=idempotency_key, request_fingerprint=request_fingerprint,
                    **fields,
                )
            return order, True
        except IntegrityError:
            # A concurrent retry with the same key won the race; answer with its order.
            existing = Order.objects.filter(idempotency_key=idempotency_key).first()
            if existing is None:  # then the external id was taken meanwhile
                raise ValidationError(
                    {"external_id": [_("An order with this external id exists.")]}
                ) from None
    if existing.request_fingerprint != request_fingerprint:
        raise IdempotencyConflict(existing)
    return existing, False


def set_status(order, status):
    """Move `order` to `status`; the same status again changes nothing.

    Raises ValidationError for a move TRANSITIONS does not allow. Returns the order.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status == status:
            return order
        if status not in TRANSITIONS.get(order.status, set()):
            raise ValidationError(
                {"status": [
                    _("An order cannot go from %(current)s to %(new)s.")
                    % {"current": order.status, "new": status}
                ]},
            )
        was_counting = order.status in COUNTING
        order.status = status
        fields = ["status"]
        if status == OrderStatus.REFUNDED:
            order.refunded_at = timezone.now()
            fields.append("refunded_at")
        order.save(update_fields=fields)
        if status == OrderStatus.PAID:
            order_paid.send(sender=Order, order=order)
        elif status == OrderStatus.REFUNDED and was_counting:
            order_refunded.send(sender=Order, order=order)
    return order


class Replay(Exception):
    """The shop's event was received before: the same event id, or the same signature."""


def receive_shop_event(event_id, signature, order):
    """Record the shop's event and apply its `order` (the webhook's validated order data),
    once: an event received before, by its id or its signature, is a Replay (held by the
    database when two deliveries arrive at the same moment). Raises ValidationError for
    an order that cannot be made; nothing is recorded then. Returns the order."""
    if WebhookEvent.objects.filter(event_id=event_id).exists() or \
            WebhookEvent.objects.filter(signature=signature).exists():
        raise Replay
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(event_id=event_id, signature=signature)
            event.order = apply_shop_order(order)
            event.save(update_fields=["order"])
    except IntegrityError:
        raise Replay from None
    return event.order


def apply_shop_order(data):
    """Create the shop's order, or move the one we have to the reported status."""
    order = Order.objects.select_for_update().filter(external_id=data["id"]).first()
    if order is not None:
        return set_status(order, data["status"])
    missing = {name: [_("This field is required for a new order.")]
               for name in ("partner", "currency", "lines") if not data.get(name)}
    if missing:
        raise ValidationError(missing)
    return create_order(
        data["partner"], [dict(line) for line in data["lines"]], data["currency"],
        external_id=data["id"], created_at=data.get("created_at"), status=data["status"],
        source=OrderSource.WEBHOOK,
    )
