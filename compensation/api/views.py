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
    extend_schema,
)
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAdminUser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from compensation import analysis, bonuses, disclosure, report_card
from compensation.api.serializers import (
    ANALYSIS_RESULT,
    AnalysisQuerySerializer,
    BonusLineSerializer,
    BonusQuerySerializer,
    DisclosureQuerySerializer,
    DisclosureSerializer,
    RankCardSerializer,
)
from compensation.commission_runs import RunError
from compensation.models import CommissionLine, PlanVersion
from network import permissions
from network.api.views import BadRequest, read_query, refuse_empty
from wallet.api.views import PARTNER_PARAMETER, MoneyView, target_partner


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


# --- bonus lines (served at /api/v1/money/bonuses/, beside the wallet's) ------------------


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
