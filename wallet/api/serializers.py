"""What the money API reads (payout requests) and answers (balances, wallet entries, payout
requests); the views are in views.py."""

from decimal import Decimal

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from core.api import StrictJSONInput
from network.api.serializers import CURRENCY_PATTERN
from wallet import ledger, payouts
from wallet.models import PayoutRequest


class BalanceSerializer(serializers.Serializer):
    currency = serializers.CharField()
    balance = serializers.DecimalField(
        max_digits=14, decimal_places=2,
        help_text=gettext_lazy("What the wallet holds; requested payouts are already out."),
    )
    pending_payouts = serializers.DecimalField(
        max_digits=14, decimal_places=2,
        help_text=gettext_lazy("Requested, approved or exported payouts not yet settled."),
    )
    available = serializers.DecimalField(
        max_digits=14, decimal_places=2,
        help_text=gettext_lazy("What may be requested as a payout now."),
    )


class WalletEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField(source="transaction.created_at")
    kind = serializers.CharField(source="transaction.kind")
    description = serializers.CharField(source="transaction.description")
    amount = serializers.SerializerMethodField(
        help_text=gettext_lazy("Positive: into the wallet; negative: out of it.")
    )
    currency = serializers.CharField()

    def get_amount(self, entry) -> str:
        return f"{ledger.wallet_change(entry):.2f}"


class WalletSerializer(serializers.Serializer):
    balances = BalanceSerializer(many=True)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = WalletEntrySerializer(many=True)


class PayoutSerializer(serializers.ModelSerializer):
    approvals = serializers.SerializerMethodField()

    class Meta:
        model = PayoutRequest
        fields = ["id", "amount", "currency", "state", "requested_at", "approvals",
                  "approved_at", "exported_at", "settled_at", "note"]
        read_only_fields = fields

    def get_approvals(self, request) -> int:
        return int(request.first_approver_id is not None) + int(
            request.second_approver_id is not None
        )


class PayoutInputSerializer(StrictJSONInput, serializers.Serializer):
    currency = serializers.RegexField(
        CURRENCY_PATTERN, help_text=gettext_lazy("A three-letter currency code (ISO 4217)."),
    )

    def get_fields(self):
        fields = super().get_fields()
        # The smallest payout is a setting, so the schema shows the one in force.
        fields["amount"] = serializers.DecimalField(
            max_digits=14, decimal_places=2, coerce_to_string=False,
            min_value=payouts.minimum(), max_value=Decimal("999999999999.99"),
            help_text=gettext_lazy("At least the smallest payout, at most what is available."),
            error_messages={"min_value": gettext_lazy("The smallest payout is {min_value}.")},
        )
        return dict(sorted(fields.items()))
