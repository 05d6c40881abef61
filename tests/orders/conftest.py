from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from orders.models import Product, ProductPrice
from tests.factories import UserFactory
from tests.network.conftest import make_partner, network_root  # noqa: F401 (fixtures)


@pytest.fixture
def catalogue(db):
    """Two products sold in USD and EUR, and one no longer sold."""
    shake = Product.objects.create(sku="SHAKE", name="Protein shake", pv=Decimal("25.50"),
                                   bv=Decimal("20"))
    bar = Product.objects.create(sku="BAR", name="Energy bar", pv=Decimal("3.25"),
                                 bv=Decimal("2"))
    old = Product.objects.create(sku="OLD", name="Discontinued", pv=Decimal("10"),
                                 bv=Decimal("5"), active=False)
    ProductPrice.objects.create(product=shake, currency="USD", amount=Decimal("49.99"))
    ProductPrice.objects.create(product=shake, currency="EUR", amount=Decimal("45.00"))
    ProductPrice.objects.create(product=bar, currency="USD", amount=Decimal("2.10"))
    ProductPrice.objects.create(product=old, currency="USD", amount=Decimal("9.00"))
    return {"shake": shake, "bar": bar, "old": old}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)
