"""What the reports and bonus lines APIs read (periods, plan versions, filters) and answer (the
rank card, the income disclosure, the plan analysis, bonus lines); the views are in views.py."""


from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
)
from rest_framework import serializers

from compensation import analysis, bonuses
from network.api.serializers import MAX_ID

RANK_NAME_HELP = gettext_lazy("The rank's name in the request's language.")


class QualifyingLegSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    best_rank = serializers.CharField(
        help_text=gettext_lazy("The highest rank in this leg (the partner or below).")
    )
    best_rank_name = serializers.CharField(help_text=RANK_NAME_HELP)


class LegsSerializer(serializers.Serializer):
    needed = serializers.IntegerField()
    min_rank = serializers.CharField(allow_null=True)
    min_rank_name = serializers.CharField(allow_null=True, help_text=RANK_NAME_HELP)
    have = serializers.IntegerField()
    short = serializers.IntegerField()
    qualifying = QualifyingLegSerializer(many=True)


class NextRankSerializer(serializers.Serializer):
    rank = serializers.CharField()
    rank_name = serializers.CharField(help_text=RANK_NAME_HELP)
    qualified = serializers.BooleanField()
    min_pv = serializers.DecimalField(max_digits=16, decimal_places=2)
    pv_short = serializers.DecimalField(max_digits=16, decimal_places=2)
    min_gv = serializers.DecimalField(max_digits=18, decimal_places=2)
    gv_short = serializers.DecimalField(max_digits=18, decimal_places=2)
    legs = LegsSerializer()


class PlanRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField()


class RankCardSerializer(serializers.Serializer):
    period = serializers.CharField()
    as_of = serializers.DateTimeField(
        help_text=gettext_lazy("When these figures were calculated (a new order shows within "
                               "seconds).")
    )
    plan = PlanRefSerializer()
    pv = serializers.DecimalField(max_digits=16, decimal_places=2)
    gv = serializers.DecimalField(max_digits=18, decimal_places=2)
    left_volume = serializers.DecimalField(max_digits=18, decimal_places=2)
    right_volume = serializers.DecimalField(max_digits=18, decimal_places=2)
    left_carry_in = serializers.DecimalField(
        max_digits=18, decimal_places=2,
        help_text=gettext_lazy("Binary carry into this period from the posted last period."),
    )
    right_carry_in = serializers.DecimalField(max_digits=18, decimal_places=2)
    rank = serializers.CharField(help_text=gettext_lazy("The paid rank so far this period."))
    rank_name = serializers.CharField(help_text=RANK_NAME_HELP)
    next_rank = NextRankSerializer(allow_null=True)


class DisclosureRowSerializer(serializers.Serializer):
    rank = serializers.CharField()
    rank_name = serializers.CharField(help_text=RANK_NAME_HELP)
    count = serializers.IntegerField()
    median = serializers.DecimalField(max_digits=16, decimal_places=2)
    mean = serializers.DecimalField(max_digits=16, decimal_places=2)
    top_10_percent_average = serializers.DecimalField(
        max_digits=16, decimal_places=2,
        help_text=gettext_lazy("The average of the highest-earning tenth of partners."),
    )
    earning_nothing_percent = serializers.DecimalField(max_digits=6, decimal_places=2)


class DisclosureSerializer(serializers.Serializer):
    scope = serializers.CharField()
    periods = serializers.ListField(child=serializers.CharField())
    rows = DisclosureRowSerializer(many=True)
    counted = serializers.CharField(
        help_text=gettext_lazy("Whom the figures count, and which accounts they leave out.")
    )


MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class DisclosureQuerySerializer(serializers.Serializer):
    period = serializers.RegexField(
        r"^\d{4}(-(0[1-9]|1[0-2]))?$", help_text=gettext_lazy("A month YYYY-MM or a year YYYY.")
    )


class AnalysisQuerySerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=gettext_lazy("The plan version's id.")
    )
    periods = serializers.IntegerField(
        default=3, min_value=1, max_value=analysis.MAX_PERIODS,
        help_text=gettext_lazy("How many periods, ending with the last complete month."),
    )
    until = serializers.RegexField(
        MONTH_PATTERN, required=False,
        help_text=gettext_lazy("The last period analysed (YYYY-MM)."),
    )
    compare = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID,
        help_text=gettext_lazy("Another plan version's id, side by side."),
    )


class AnalysisSerializer(serializers.Serializer):
    version = serializers.DictField()
    periods = serializers.ListField(child=serializers.DictField())
    volume = serializers.DecimalField(max_digits=20, decimal_places=2)
    paid = serializers.DecimalField(max_digits=20, decimal_places=2)
    payout_percent = serializers.DecimalField(max_digits=8, decimal_places=2)
    by_bonus = serializers.DictField(child=serializers.CharField())
    by_rank = serializers.ListField(child=serializers.DictField())
    partners = serializers.IntegerField()
    earning_partners = serializers.IntegerField()
    deciles = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("Earnings per partner at the 10th … 100th percentile."),
    )


class AnalysisDifferenceSerializer(serializers.Serializer):
    paid = serializers.DecimalField(max_digits=20, decimal_places=2)
    payout_percent = serializers.DecimalField(max_digits=8, decimal_places=2)
    by_bonus = serializers.DictField(child=serializers.CharField())


class AnalysisComparisonSerializer(serializers.Serializer):
    a = AnalysisSerializer()
    b = AnalysisSerializer()
    difference = AnalysisDifferenceSerializer(help_text=gettext_lazy("b minus a."))


# One analysis, or with `compare` two side by side: the answer is one shape or the other.
ANALYSIS_RESULT = PolymorphicProxySerializer(
    component_name="PlanAnalysisResult",
    serializers=[AnalysisSerializer, AnalysisComparisonSerializer],
    resource_type_field_name=None,
)


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
