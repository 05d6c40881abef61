"""The orders API under /api/v1/orders/: integrators create orders (once per
Idempotency-Key), partners list their own and their team's, and the company shop reports
orders through a signed webhook.

Views stay thin: pricing, statuses and signals live in orders/services.py; whose orders
a viewer may read, and the list's filters, in orders/queries.py (the cabinet's too).
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.webhook_signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, SignatureError, verify
from network import permissions
from network.api.views import BadRequest, CheckedCursorPagination, read_query
from orders import queries
from orders import services as order_services
from orders.api.serializers import (
    OrderInputSerializer,
    OrderQuerySerializer,
    OrderSerializer,
    TeamOrderQuerySerializer,
    WebhookEventSerializer,
)
from orders.models import Order, OrderSource


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This request conflicts with an earlier one.")
    default_code = "conflict"


class BadSignature(APIException):
    # Not NotAuthenticated: DRF turns that into 403 for a view without authenticators.
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = gettext_lazy("The webhook signature is missing, wrong or too old.")
    default_code = "bad_signature"


def invalid(error):
    """A service's ValidationError as DRF's, keeping the field names."""
    if hasattr(error, "message_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError(error.messages)


# --- serializers --------------------------------------------------------------------------


# --- partners and integrators ---------------------------------------------------------------


class CanCreateOrders(BasePermission):
    """Staff, or an integrator's account given the "add order" permission."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated
                    and (user.is_staff or user.has_perm("orders.add_order")))


class OrderPagination(CheckedCursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("-created_at", "-pk")


def _with_details(queryset):
    return queryset.select_related("partner").prefetch_related("lines__product")


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=True,
    description=gettext_lazy(
        "A unique key per order: a retry with the same key and body returns the first "
        "order; the same key with another body is refused (409)."
    ),
)


class OrdersView(generics.ListAPIView):
    """GET: your own orders (staff: everyone's). POST: create an order (staff, integrators)."""

    serializer_class = OrderSerializer
    pagination_class = OrderPagination

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), CanCreateOrders()]
        return [IsAuthenticated()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        user = self.request.user
        if user.is_staff:
            orders = Order.objects.all()
        else:
            viewer = permissions.get_viewer(self.request)
            orders = queries.own_orders(viewer.partner)
        return _with_details(queries.filter_orders(
            orders, read_query(OrderQuerySerializer, self.request)
        ))

    @extend_schema(tags=["orders"], parameters=[OrderQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["orders"], parameters=[IDEMPOTENCY_KEY], request=OrderInputSerializer,
        responses={
            201: OrderSerializer,
            200: OpenApiResponse(OrderSerializer, description="A retry: the first order."),
            400: OpenApiResponse(description="Missing key or invalid order."),
            409: OpenApiResponse(description="The key was used for another request."),
        },
    )
    def post(self, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            raise BadRequest(
                _("Send an Idempotency-Key header, unique for each order."),
                code="idempotency_key_required",
            )
        if len(key) > 200:
            raise BadRequest(_("The Idempotency-Key header is too long (200 at most)."),
                             code="idempotency_key_too_long")
        fingerprint = order_services.fingerprint(request.data)
        earlier = Order.objects.filter(idempotency_key=key).first()
        if earlier is not None:
            # A retry answers before validation: the catalogue may have changed since.
            return self._replay(earlier, fingerprint)
        form = OrderInputSerializer(data=request.data)
        if not form.is_valid():
            # A retry racing the first request: that request may have committed since the
            # look above, taking the external id; the retry gets its answer, not a 400.
            earlier = Order.objects.filter(idempotency_key=key).first()
            if earlier is not None:
                return self._replay(earlier, fingerprint)
            raise serializers.ValidationError(form.errors)
        data = form.validated_data
        try:
            order, created = order_services.create_order_once(
                key, fingerprint, partner=data["partner"], currency=data["currency"],
                lines=[dict(line) for line in data["lines"]],
                external_id=data.get("external_id") or None,
                created_at=data.get("created_at"), status=data["status"],
                source=OrderSource.API,
            )
        except ValidationError as error:
            raise invalid(error) from None
        except order_services.IdempotencyConflict:
            raise Conflict(_("This Idempotency-Key was already used for a different order."),
                           code="idempotency_conflict") from None
        order = _with_details(Order.objects.filter(pk=order.pk)).get()
        return Response(
            OrderSerializer(order).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def _replay(self, order, fingerprint):
        if order.request_fingerprint != fingerprint:
            raise Conflict(_("This Idempotency-Key was already used for a different order."),
                           code="idempotency_conflict")
        order = _with_details(Order.objects.filter(pk=order.pk)).get()
        return Response(OrderSerializer(order).data, status=status.HTTP_200_OK)


@extend_schema(tags=["orders"], parameters=[TeamOrderQuerySerializer])
class TeamOrdersView(generics.ListAPIView):
    """The orders of the partners below you in the sponsor tree (staff: the whole network)."""

    serializer_class = OrderSerializer
    pagination_class = OrderPagination
    permission_classes = [IsAuthenticated, permissions.IsNetworkViewer]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        query = read_query(TeamOrderQuerySerializer, self.request)
        viewer = permissions.get_viewer(self.request)
        return _with_details(
            queries.filter_orders(queries.team_orders(viewer, query["depth"]), query)
        )


# --- the company shop's webhook ---------------------------------------------------------------


def verify_signature(request):
    """The request's signature (hex) when it is valid and fresh; raises BadSignature. The
    scheme is shared with the webhooks we send (core/webhook_signatures.py)."""
    try:
        return verify(settings.SHOP_WEBHOOK_SECRET, request.headers, request.body)
    except SignatureError as error:
        if error.stale:
            raise BadSignature(_("The webhook timestamp is more than 5 minutes away from now."),
                               code="stale_timestamp") from None
        raise BadSignature() from None


@extend_schema(
    tags=["orders"], request=WebhookEventSerializer,
    parameters=[
        OpenApiParameter(SIGNATURE_HEADER, str, OpenApiParameter.HEADER, required=True,
                         description=gettext_lazy(
                             "sha256=<hex HMAC-SHA256 of “<timestamp>.<body>” under the "
                             "shared secret>")),
        OpenApiParameter(TIMESTAMP_HEADER, str, OpenApiParameter.HEADER, required=True,
                         description=gettext_lazy(
                             "Unix seconds; at most 5 minutes from now.")),
    ],
    responses={
        200: inline_serializer("WebhookResult", {"order": OrderSerializer()}),
        400: OpenApiResponse(description="The event is not valid."),
        401: OpenApiResponse(description="Bad or stale signature."),
        409: OpenApiResponse(description="This event was delivered before (a replay)."),
    },
)
class ShopWebhookView(APIView):
    """An order event from the company shop, signed with the shared secret."""

    authentication_classes = []
    permission_classes = [AllowAny]
    # Open to anyone: requests are counted per IP address, at the shop's own rate
    # (REST_FRAMEWORK's "webhook" rate), before the signature is checked.
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "webhook"

    def post(self, request):
        signature = verify_signature(request)  # before anything reads the body as data
        try:
            payload = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise BadRequest(_("The body is not JSON."), code="not_json") from None
        form = WebhookEventSerializer(data=payload)
        form.is_valid(raise_exception=True)
        try:
            order = order_services.receive_shop_event(
                form.validated_data["id"], signature, form.validated_data["order"]
            )
        except order_services.Replay:
            raise Conflict(_("This event was received before."), code="replay") from None
        except ValidationError as error:
            raise invalid(error) from None
        order = _with_details(Order.objects.filter(pk=order.pk)).get()
        return Response({"order": OrderSerializer(order).data})
