from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from orders import services as order_services
from orders.models import Order, OrderStatus


def test_totals_and_volume_come_from_the_catalogue(make_partner, catalogue):
    partner = make_partner()
    order = order_services.create_order(
        partner, [{"sku": "SHAKE", "quantity": 2}, {"sku": "BAR", "quantity": 3}], "usd"
    )
    assert order.currency == "USD"
    assert order.total == Decimal("106.28")  # 2 × 49.99 + 3 × 2.10
    assert order.volume == Decimal("60.75")  # 2 × 25.50 + 3 × 3.25
    assert sorted((line.product.sku, line.pv) for line in order.lines.all()) == [
        ("BAR", Decimal("9.75")), ("SHAKE", Decimal("51.00")),
    ]
    assert order.status == OrderStatus.PENDING


def test_the_price_follows_the_currency(make_partner, catalogue):
    order = order_services.create_order(make_partner(), [{"sku": "SHAKE", "quantity": 1}], "EUR")
    assert order.total == Decimal("45.00")
    assert order.volume == Decimal("25.50")


@pytest.mark.parametrize(
    ("lines", "currency", "message"),
    [
        ([{"sku": "NOPE", "quantity": 1}], "USD", "Line 1: unknown SKU “NOPE”."),
        ([{"sku": "SHAKE", "quantity": 1}, {"sku": "OLD", "quantity": 1}], "USD",
         "Line 2: “OLD” is no longer sold."),
        ([{"sku": "BAR", "quantity": 1}], "EUR", "Line 1: “BAR” has no price in EUR."),
        ([{"sku": "BAR", "quantity": 0}], "USD",
         "Line 1: the quantity of “BAR” must be a whole number above 0."),
        ([{"sku": "BAR", "quantity": -2}], "USD",
         "Line 1: the quantity of “BAR” must be a whole number above 0."),
        ([], "USD", "An order needs at least one line."),
    ],
)
def test_bad_lines_are_refused_naming_the_line(make_partner, catalogue, lines, currency,
                                                message):
    partner = make_partner()
    with pytest.raises(ValidationError) as raised:
        order_services.create_order(partner, lines, currency)
    assert raised.value.message_dict["lines"] == [message]
    assert not Order.objects.exists()


def test_every_bad_line_is_named_at_once(make_partner, catalogue):
    with pytest.raises(ValidationError) as raised:
        order_services.create_order(
            make_partner(), [{"sku": "X", "quantity": 1}, {"sku": "SHAKE", "quantity": 1},
                             {"sku": "BAR", "quantity": 0}], "USD",
        )
    messages = raised.value.message_dict["lines"]
    assert [message.split(":")[0] for message in messages] == ["Line 1", "Line 3"]


def receiver_log(signal):
    calls = []

    def receiver(sender, order, **kwargs):
        calls.append((order.pk, order.status))

    signal.connect(receiver, weak=False)
    return calls, lambda: signal.disconnect(receiver)


def test_paying_then_refunding_sends_both_signals(make_partner, catalogue):
    order = order_services.create_order(make_partner(), [{"sku": "SHAKE", "quantity": 1}], "USD")
    paid, stop_paid = receiver_log(order_services.order_paid)
    refunded, stop_refunded = receiver_log(order_services.order_refunded)
    try:
        order_services.set_status(order, OrderStatus.PAID)
        order_services.set_status(order, OrderStatus.SHIPPED)
        order = order_services.set_status(order, OrderStatus.REFUNDED)
        order_services.set_status(order, OrderStatus.REFUNDED)  # again: nothing new
    finally:
        stop_paid()
        stop_refunded()
    assert paid == [(order.pk, "paid")]
    assert refunded == [(order.pk, "refunded")]
    order.refresh_from_db()
    assert order.status == "refunded" and order.refunded_at is not None


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], "refunded"),  # pending cannot be refunded: it was never paid
        (["cancelled"], "paid"),
        (["paid", "refunded"], "shipped"),
        (["paid"], "pending"),
    ],
)
def test_forbidden_moves_are_refused(make_partner, catalogue, path, refused):
    order = order_services.create_order(make_partner(), [{"sku": "BAR", "quantity": 1}], "USD")
    for status in path:
        order = order_services.set_status(order, status)
    with pytest.raises(ValidationError) as raised:
        order_services.set_status(order, refused)
    assert "cannot go from" in raised.value.message_dict["status"][0]
    order.refresh_from_db()
    assert order.status == (path[-1] if path else "pending")
    assert order.refunded_at is None or order.status == "refunded"


def test_an_order_created_paid_announces_it(make_partner, catalogue):
    paid, stop = receiver_log(order_services.order_paid)
    try:
        order = order_services.create_order(
            make_partner(), [{"sku": "BAR", "quantity": 1}], "USD", status="paid"
        )
    finally:
        stop()
    assert paid == [(order.pk, "paid")]


def test_create_once_answers_a_taken_external_id_with_a_validation_error(make_partner,
                                                                         catalogue):
    partner = make_partner()
    lines = [{"sku": "BAR", "quantity": 1}]
    first, created = order_services.create_order_once(
        "k1", "f1", partner=partner, lines=lines, currency="USD", external_id="S-1")
    again, created_again = order_services.create_order_once(
        "k1", "f1", partner=partner, lines=lines, currency="USD", external_id="S-1")
    assert (created, created_again, again.pk) == (True, False, first.pk)
    with pytest.raises(order_services.IdempotencyConflict):
        order_services.create_order_once(
            "k1", "f2", partner=partner, lines=lines, currency="USD", external_id="S-1")
    with pytest.raises(ValidationError) as raised:
        order_services.create_order_once(
            "k2", "f1", partner=partner, lines=lines, currency="USD", external_id="S-1")
    assert "external_id" in raised.value.message_dict
    assert Order.objects.count() == 1
