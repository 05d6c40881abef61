"""The product catalogue and its prices, orders and their lines, and the shop webhook
deliveries already handled.

The tables were created by the `network` app and keep their names (`network_order`, ...):
migration `orders.0001_initial` moved the models here without touching the database.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Partner

# --- orders and volumes (issue 4) ---------------------------------------------------------


class Product(models.Model):
    """A catalogue item: what one unit earns in point volume (PV) and business volume (BV)."""

    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    pv = models.DecimalField(_("PV"), max_digits=12, decimal_places=2, default=0)
    bv = models.DecimalField(_("BV"), max_digits=12, decimal_places=2, default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "network_product"
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["sku"]

    def __str__(self):
        return f"{self.sku} {self.name}"


class ProductPrice(models.Model):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="prices"
    )
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("price"), max_digits=12, decimal_places=2)

    class Meta:
        db_table = "network_productprice"
        verbose_name = _("product price")
        verbose_name_plural = _("product prices")
        constraints = [
            models.UniqueConstraint(fields=["product", "currency"], name="product_price_currency"),
        ]

    def __str__(self):
        return f"{self.product.sku} {self.amount} {self.currency}"


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    SHIPPED = "shipped", _("Shipped")
    REFUNDED = "refunded", _("Refunded")
    CANCELLED = "cancelled", _("Cancelled")


class OrderSource(models.TextChoices):
    API = "api", _("API")
    WEBHOOK = "webhook", _("Shop webhook")
    IMPORT = "import", _("CSV import")


class Order(models.Model):
    """A partner's order; `volume` (PV) is what the compensation plan counts."""

    # The shop's id for the order (or the id in an imported orders.csv).
    external_id = models.CharField(
        _("external id"), max_length=64, null=True, blank=True, unique=True
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="orders"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    # Blank for imported orders: orders.csv carries volume only.
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.PENDING,
        db_index=True,
    )
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    volume = models.DecimalField(_("volume (PV)"), max_digits=12, decimal_places=2, default=0)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=200, null=True, blank=True, unique=True
    )
    # What the request that created the order carried, to tell a retry from a conflict.
    request_fingerprint = models.CharField(max_length=64, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=OrderSource.choices, default=OrderSource.API
    )
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)

    class Meta:
        db_table = "network_order"
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["partner", "created_at"], name="order_partner_created_idx"),
        ]

    def __str__(self):
        return self.external_id or f"#{self.pk}"


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    # The line's PV (quantity × the product's PV when ordered): later catalogue changes
    # must not change what an order counted.
    pv = models.DecimalField(_("PV"), max_digits=12, decimal_places=2)

    class Meta:
        db_table = "network_orderline"
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self):
        return f"{self.quantity} × {self.product.sku}"


class WebhookEvent(models.Model):
    """A shop webhook delivery already handled: a second one with its id is a replay."""

    event_id = models.CharField(_("event id"), max_length=200, unique=True)
    signature = models.CharField(_("signature"), max_length=64, unique=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    order = models.ForeignKey(
        Order, verbose_name=_("order"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "network_webhookevent"
        verbose_name = _("shop webhook event")
        verbose_name_plural = _("shop webhook events")


