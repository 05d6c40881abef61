"""The events the orders app sends; other apps listen (compensation's clawbacks on a refund,
the rank card's cache on a payment).

`order_paid` and `order_refunded` are sent with `sender=Order` and `order=` the order, once
the status change is committed."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from orders.models import Product, ProductPrice

order_paid = Signal()
order_refunded = Signal()
# Sent with `sender=Product` whenever a product or a price is saved or deleted (connected
# when the app loads: `connect`).
catalogue_changed = Signal()


def _catalogue_saved_or_deleted(sender, **kwargs):
    catalogue_changed.send(sender=Product)


def connect():
    for model in (Product, ProductPrice):
        for model_signal, name in ((post_save, "save"), (post_delete, "delete")):
            model_signal.connect(_catalogue_saved_or_deleted, sender=model,
                                 dispatch_uid=f"orders.signals.{name}.{model.__name__}")

