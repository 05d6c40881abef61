"""The product catalogue as other apps read it: the active products to choose from, the
currencies it has prices in, and products for a showcase with their price in a currency.

`catalogue_changed` (orders/signals.py) is sent whenever a product or a price is saved or
deleted, so a page that shows products can drop what it cached.
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import Product, ProductPrice


def active_products():
    """[(SKU, name)] of the active products, by name then SKU."""
    return list(Product.objects.filter(active=True).order_by("name", "sku")
                .values_list("sku", "name"))


def currencies():
    """The currencies the catalogue has prices in, in alphabetical order."""
    return list(ProductPrice.objects.order_by("currency").values_list("currency", flat=True)
                .distinct())


@dataclass
class ShownProduct:
    product: Product
    price: Decimal | None  # in the showcase's currency; None when not priced in it


def showcase(skus, currency):
    """(currency, [ShownProduct]) for the active products among `skus`, in their order,
    once each. `currency` when any of them is priced in it, else the first (alphabetical)
    currency one of them is priced in (None when none is priced at all)."""
    skus = list(dict.fromkeys(skus))
    found = {product.sku: product for product in
             Product.objects.filter(sku__in=skus, active=True).prefetch_related("prices")}
    chosen = [found[sku] for sku in skus if sku in found]
    prices = {product.sku: {price.currency: price.amount for price in product.prices.all()}
              for product in chosen}
    if not currency or not any(currency in by_currency for by_currency in prices.values()):
        currency = min((c for by_currency in prices.values() for c in by_currency),
                       default=None)
    return currency, [ShownProduct(product, prices[product.sku].get(currency))
                      for product in chosen]

