"""The events the orders app sends; other apps listen (compensation's clawbacks on a refund,
the rank card's cache on a payment).

`order_paid` and `order_refunded` are sent with `sender=Order` and `order=` the order, once
the status change is committed."""

from django.dispatch import Signal

order_paid = Signal()
order_refunded = Signal()
# Sent with `sender=Product` whenever a product or a price is saved or deleted (connected
# by orders/catalogue.py, which every reader of the catalogue imports).
catalogue_changed = Signal()
