"""Fixtures of the orders' tests (the catalogue is in tests/conftest.py)."""

import pytest

from orders import services as order_services
from orders.models import OrderStatus
from tests.orders.helpers import day


@pytest.fixture
def shop(make_partner, catalogue):
    anna = make_partner(first_name="Anna", last_name="Adler", email="anna@shop.example")
    anna.external_id = "CRM-ANNA"
    anna.save(update_fields=["external_id"])
    boris = make_partner(first_name="Boris", last_name="Bauer")
    orders = {
        "usd": order_services.create_order(
            anna, [{"sku": "SHAKE", "quantity": 2}, {"sku": "BAR", "quantity": 3}], "USD",
            created_at=day(3, 5), status=OrderStatus.PAID, external_id="SHOP-1",
            idempotency_key="key-shop-1",
        ),
        "eur": order_services.create_order(
            anna, [{"sku": "SHAKE", "quantity": 1}], "EUR", created_at=day(4, 10),
            external_id="SHOP-2",
        ),
        "boris": order_services.create_order(
            boris, [{"sku": "BAR", "quantity": 1}], "USD", created_at=day(3, 20),
            status=OrderStatus.PAID, external_id="SHOP-3",
        ),
    }
    return {"anna": anna, "boris": boris, "orders": orders}
