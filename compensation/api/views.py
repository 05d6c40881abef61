"""Reports under /api/v1/reports/: the partner's rank report card, and for staff the income
disclosure (JSON or CSV) and the plan analysis. Amounts are decimal strings."""

from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAdminUser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from compensation import analysis, disclosure, report_card
from compensation.commission_runs import RunError
from compensation.models import PlanVersion
from network import permissions
from network.api.serializers import MAX_ID
from network.api.views import BadRequest, read_query, refuse_empty


def plain(value):
    """Decimals as strings (exact), recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


# --- schema -------------------------------------------------------------------------------

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


# --- views --------------------------------------------------------------------------------


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, str):
            return data.encode(self.charset)
        return JSONRenderer().render(data)


@extend_schema(tags=["reports"], responses={
    200: RankCardSerializer,
    400: OpenApiResponse(description=gettext_lazy("No plan is in force for this period.")),
})
class RankCardView(APIView):
    """This period's PV, GV, binary leg volumes, paid rank so far and what is missing for
    the next rank. Staff without a partner see the network root's card."""

    permission_classes = [permissions.IsNetworkViewer]

    def get(self, request):
        viewer = permissions.get_viewer(request)
        try:
            card = report_card.report_card(viewer.acting_partner)
        except RunError as error:
            raise BadRequest(" ".join(error.messages), code="no_plan") from None
        return Response(plain(card))


@extend_schema(
    tags=["reports"], parameters=[
        DisclosureQuerySerializer,
        OpenApiParameter("format", str, enum=["json", "csv"], required=False,
                         description=gettext_lazy("csv for a CSV file; JSON otherwise.")),
    ],
    responses={200: OpenApiResponse(DisclosureSerializer,
                                    description=gettext_lazy("JSON, or CSV with format=csv."))},
)
class IncomeDisclosureView(APIView):
    """Earnings by rank over the posted runs of a month or a year (staff only)."""

    permission_classes = [IsAdminUser]
    renderer_classes = [JSONRenderer, CSVRenderer]

    def perform_content_negotiation(self, request, force=False):
        refuse_empty(request, ["format"])
        try:
            return super().perform_content_negotiation(request, force)
        except (NotFound, Http404):  # DRF's answer to an unknown ?format=
            raise BadRequest(_("The “format” parameter must be json or csv."),
                             code="invalid_parameter") from None

    def finalize_response(self, request, response, *args, **kwargs):
        # An error is JSON even when CSV was asked for: it is no table.
        if response.status_code >= 400 and getattr(request, "accepted_renderer", None):
            request.accepted_renderer, request.accepted_media_type = (
                JSONRenderer(), JSONRenderer.media_type)
        return super().finalize_response(request, response, *args, **kwargs)

    def get(self, request, format=None):
        query = read_query(DisclosureQuerySerializer, request)
        try:
            result = disclosure.disclose(query["period"])
        except disclosure.DisclosureError as error:
            raise BadRequest(str(error), code="invalid_parameter") from None
        if request.accepted_renderer.format == "csv":
            response = HttpResponse(disclosure.as_csv(result), content_type="text/csv")
            response["Content-Disposition"] = (
                f'attachment; filename="income-disclosure-{query["period"]}.csv"'
            )
            return response
        return Response(plain(result))


@extend_schema(tags=["reports"], parameters=[AnalysisQuerySerializer], responses={
    200: ANALYSIS_RESULT,
    404: OpenApiResponse(description=gettext_lazy("No plan version has this id.")),
})
class PlanAnalysisView(APIView):
    """A plan version (a draft too) over the last N periods, nothing posted; with
    `compare`, two versions side by side as {a, b, difference} (staff only)."""

    permission_classes = [IsAdminUser]

    def get(self, request):
        query = read_query(AnalysisQuerySerializer, request)
        version = get_object_or_404(PlanVersion, pk=query["version"])
        until = query.get("until")
        try:
            if query.get("compare") is not None:
                other = get_object_or_404(PlanVersion, pk=query["compare"])
                result = analysis.compare(version, other, query["periods"], until)
            else:
                result = analysis.analyse(version, query["periods"], until)
        except (analysis.AnalysisError, RunError) as error:
            message = str(error) if isinstance(error, ValueError) else " ".join(error.messages)
            raise BadRequest(message, code="invalid_parameter") from None
        return Response(plain(result))
