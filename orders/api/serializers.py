"""What the orders API reads (order bodies, the shop's webhook events, list filters) and answers
(orders with their lines); the views are in views.py."""


from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from core.api import StrictJSONInput
from network.api.serializers import CURRENCY_PATTERN
from network.downline import DEFAULT_DEPTH, MAX_DEPTH
from orders import services as order_services
from orders.models import Order, OrderStatus

# An order of more units than this is a typing mistake (and would overflow a total).
MAX_QUANTITY = 100_000


class OrderLineInputSerializer(StrictJSONInput, serializers.Serializer):
    sku = serializers.CharField(min_length=1, max_length=64)
    quantity = serializers.IntegerField(
        min_value=1, max_value=MAX_QUANTITY, help_text=gettext_lazy("How many units (1 or more).")
    )


class OrderInputSerializer(StrictJSONInput, serializers.Serializer):
    partner = serializers.CharField(
        min_length=1, max_length=64,
        help_text=gettext_lazy("The partner's external id or referral code."),
    )
    currency = serializers.RegexField(CURRENCY_PATTERN)
    lines = OrderLineInputSerializer(many=True)
    external_id = serializers.CharField(
        max_length=64, required=False, allow_blank=True,
        help_text=gettext_lazy("The shop's own id for the order."),
    )
    created_at = serializers.DateTimeField(required=False)
    status = serializers.ChoiceField(
        choices=[OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.SHIPPED],
        default=OrderStatus.PENDING,
    )

    def validate_partner(self, value):
        partner = order_services.find_partner(value)
        if partner is None:
            raise serializers.ValidationError(_("No partner has this id or referral code."))
        return partner

    def validate_external_id(self, value):
        if value and Order.objects.filter(external_id=value).exists():
            raise serializers.ValidationError(_("An order with this external id exists."))
        return value


class OrderLineSerializer(serializers.Serializer):
    sku = serializers.CharField(source="product.sku")
    name = serializers.CharField(source="product.name")
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    pv = serializers.DecimalField(max_digits=12, decimal_places=2)


class OrderSerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    lines = OrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "id", "external_id", "partner", "partner_name", "created_at", "currency", "status",
            "total", "volume", "source", "refunded_at", "lines",
        ]
        read_only_fields = fields


class OrderQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    created_after = serializers.DateField(
        required=False, help_text=gettext_lazy("Orders on or after this day (UTC).")
    )
    created_before = serializers.DateField(
        required=False, help_text=gettext_lazy("Orders on or before this day (UTC).")
    )


class TeamOrderQuerySerializer(OrderQuerySerializer):
    depth = serializers.IntegerField(
        default=DEFAULT_DEPTH, min_value=1, max_value=MAX_DEPTH,
        help_text=gettext_lazy("How many sponsor levels below you to include."),
    )


class WebhookOrderSerializer(OrderInputSerializer):
    external_id = None
    id = serializers.CharField(
        min_length=1, max_length=64, help_text=gettext_lazy("The shop's order id.")
    )
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    lines = OrderLineInputSerializer(many=True, required=False)
    currency = serializers.RegexField(CURRENCY_PATTERN, required=False)
    partner = serializers.CharField(min_length=1, max_length=64, required=False)


class WebhookEventSerializer(StrictJSONInput, serializers.Serializer):
    id = serializers.CharField(
        min_length=1, max_length=200, help_text=gettext_lazy("The event's unique id.")
    )
    order = WebhookOrderSerializer()
