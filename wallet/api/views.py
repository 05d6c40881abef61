"""The money API under /api/v1/money/: the partner's wallet (balances and entries), bonus
history with each line's source, and payout requests.

Everything is the requesting partner's own. Staff may pass `?partner=<id>` to read any
partner's; a partner passing another partner's id gets 404. Views stay thin: balances and
payout rules live in ledger.py and payouts.py; the bonus lines under /money/bonuses/ are
compensation's (compensation/api/views.py)
(the cabinet's money pages read the same).
"""


from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from network import permissions
from network.api.serializers import MAX_ID
from network.api.views import BadRequest, CheckedCursorPagination, refuse_empty
from network.models import Partner
from wallet import ledger, payouts
from wallet.api.serializers import (
    BalanceSerializer,
    PayoutInputSerializer,
    PayoutSerializer,
    WalletEntrySerializer,
    WalletSerializer,
)
from wallet.models import LedgerEntry, PayoutRequest

PARTNER_PARAMETER = OpenApiParameter(
    "partner", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, OpenApiParameter.QUERY,
    required=False,
    description=gettext_lazy("Staff only: the partner whose figures to read (default: your own)."),
)


def target_partner(request):
    """The partner whose money this request reads: the viewer's own, or (staff) `?partner`."""
    viewer = permissions.get_viewer(request)
    refuse_empty(request, ["partner"])
    wanted = request.query_params.get("partner")
    if wanted is None:
        return viewer.acting_partner
    if not wanted.isdigit() or not 1 <= int(wanted) <= MAX_ID:
        raise BadRequest(_("The “partner” parameter must be a partner id."),
                         code="invalid_parameter")
    if viewer.is_staff:
        return get_object_or_404(Partner, pk=int(wanted))
    if viewer.partner is not None and int(wanted) == viewer.partner.pk:
        return viewer.partner
    raise NotFound()


class MoneyPagination(CheckedCursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "limit"
    ordering = ("-pk",)


class MoneyView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, permissions.IsNetworkViewer]
    pagination_class = MoneyPagination

    def is_schema_request(self):
        return getattr(self, "swagger_fake_view", False)


# --- wallet -------------------------------------------------------------------------------


@extend_schema(
    tags=["money"],
    parameters=[
        PARTNER_PARAMETER,
        OpenApiParameter("cursor", {"type": "string", "minLength": 1},
                         OpenApiParameter.QUERY, required=False),
        OpenApiParameter("limit", {"type": "integer", "minimum": 1, "maximum": 200},
                         OpenApiParameter.QUERY, required=False,
                         description=gettext_lazy("Entries per page (200 at most).")),
    ],
    responses={200: WalletSerializer},
)
class WalletView(MoneyView):
    """Your wallet: the balance in each currency and the entries, newest first."""

    serializer_class = WalletEntrySerializer

    def get_queryset(self):
        if self.is_schema_request():
            return LedgerEntry.objects.none()
        return ledger.wallet_entries(target_partner(self.request))

    def get(self, request):
        partner = target_partner(request)
        page = self.paginate_queryset(self.get_queryset())
        return Response({
            "balances": BalanceSerializer(payouts.wallet_summary(partner), many=True).data,
            "next": self.paginator.get_next_link(),
            "previous": self.paginator.get_previous_link(),
            "results": self.get_serializer(page, many=True).data,
        })


# --- payouts -----------------------------------------------------------------------------


PAYOUT_KEY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description=gettext_lazy(
        "Optional, at most 64 characters: a retry with the same key returns the first "
        "request instead of making a second one."
    ),
)


class PayoutsView(MoneyView, generics.ListAPIView):
    """GET: your payout requests, newest first. POST: request a payout from your wallet."""

    serializer_class = PayoutSerializer

    def get_queryset(self):
        if self.is_schema_request():
            return PayoutRequest.objects.none()
        return payouts.requests_of(target_partner(self.request))

    @extend_schema(tags=["money"], parameters=[PARTNER_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["money"], request=PayoutInputSerializer, parameters=[PAYOUT_KEY],
        responses={
            201: PayoutSerializer,
            400: OpenApiResponse(description="Below the minimum, above the balance, or invalid."),
            403: OpenApiResponse(description="You are not a partner."),
        },
    )
    def post(self, request, *args, **kwargs):
        viewer = permissions.get_viewer(request)
        if viewer.partner is None:
            raise permissions.NotAPartner()
        form = PayoutInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            payout = payouts.request_payout(
                viewer.partner, form.validated_data["amount"], form.validated_data["currency"],
                request_key=request.headers.get("Idempotency-Key", ""),
            )
        except payouts.PayoutError as error:
            raise BadRequest(" ".join(error.messages), code="payout_refused") from None
        return Response(PayoutSerializer(payout).data, status=status.HTTP_201_CREATED)
