"""/api/v1/money/bonuses/: a partner's bonus lines from posted commission runs, each with its
source. Served beside the wallet's money API (same partner choice, paging and errors:
wallet/api/views.py), but the lines are compensation's."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from compensation import bonuses
from compensation.models import CommissionLine
from network.api.views import read_query
from wallet.api.views import PARTNER_PARAMETER, MoneyView, target_partner


class BonusQuerySerializer(serializers.Serializer):
    period = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$", required=False,
        help_text=gettext_lazy("Only this period (YYYY-MM)."),
    )
    kind = serializers.CharField(
        min_length=1, max_length=20, required=False, trim_whitespace=False,
        help_text=gettext_lazy("Only this bonus type."),
    )


class BonusLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    period = serializers.CharField(source="run.period")
    kind = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.SerializerMethodField()
    level = serializers.IntegerField(
        help_text=gettext_lazy("The level or generation of the source below you (0: none).")
    )
    order_id = serializers.IntegerField(allow_null=True)
    order_external_id = serializers.SerializerMethodField()
    source_partner_id = serializers.IntegerField(allow_null=True)
    source_partner_name = serializers.SerializerMethodField()

    def get_currency(self, line) -> str:
        return bonuses.line_currency(line)

    def get_order_external_id(self, line) -> str | None:
        return (line.order.external_id or None) if line.order_id else None

    def get_source_partner_name(self, line) -> str | None:
        return line.source_partner.name if line.source_partner_id else None


@extend_schema(tags=["money"], parameters=[PARTNER_PARAMETER, BonusQuerySerializer])
class BonusesView(MoneyView, generics.ListAPIView):
    """Your bonus lines from posted commission runs, newest first, each with its source."""

    serializer_class = BonusLineSerializer

    def get_queryset(self):
        if self.is_schema_request():
            return CommissionLine.objects.none()
        query = read_query(BonusQuerySerializer, self.request)
        return bonuses.bonus_lines(
            target_partner(self.request), query.get("period"), query.get("kind")
        )
