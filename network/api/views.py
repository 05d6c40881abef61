"""The genealogy API under /api/v1/network/: the partner's summary, downline, nodes and
their children, upline, referral statistics, holding tank and vanity code.

Views stay thin: who may see what comes from permissions.py, tree reads from
genealogy.py, and writes go through placement.py and services.py.
"""

import base64
import datetime
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery
from django.db.models import Value as V
from django.db.models.functions import Coalesce, Lower, NullIf
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from network import genealogy, permissions, placement, services, stats
from network.api.serializers import (
    ContactSerializer,
    DownlineQuerySerializer,
    HoldingTankEntrySerializer,
    NodeDetailSerializer,
    NodeSerializer,
    PlaceRequestSerializer,
    ReferralCodeRequestSerializer,
    ReferralCodeSerializer,
    ReferralStatsSerializer,
    StatsQuerySerializer,
    SummarySerializer,
    TreeQuerySerializer,
    UplineSerializer,
    referral_url,
)
from network.models import Partner

# Every ordering ends in pk, so each row has a unique position for the cursor.
DOWNLINE_ORDERINGS = {
    "level": ("level", "joined_at", "pk"),
    "-level": ("-level", "-joined_at", "-pk"),
    "joined_at": ("joined_at", "pk"),
    "-joined_at": ("-joined_at", "-pk"),
    "name": ("sort_name", "pk"),
    "-name": ("-sort_name", "-pk"),
}
CHILDREN_ORDERINGS = {
    genealogy.SPONSOR: ("joined_at", "pk"),
    genealogy.PLACEMENT: ("placement_leg", "pk"),  # "L" before "R"
}


class BadRequest(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("The request is not valid.")
    default_code = "invalid"


def refuse_empty(request, names):
    """400 for a parameter given without a value: `?tree=` is a mistake to point out, not a
    request for the default (leave a parameter out for that)."""
    for name in names:
        if name in request.query_params and request.query_params[name] == "":
            raise BadRequest(
                _("The “%(parameter)s” parameter is empty: give a value or leave it out.")
                % {"parameter": name},
                code="invalid_parameter",
            )


def read_query(serializer_class, request):
    """Validated query parameters, or 400 naming the first bad (or empty) parameter."""
    form = serializer_class(data=request.query_params)
    refuse_empty(request, form.fields)
    if form.is_valid():
        return form.validated_data
    name, errors = next(iter(form.errors.items()))
    raise BadRequest(
        _("The “%(parameter)s” parameter is not valid: %(error)s")
        % {"parameter": name, "error": " ".join(str(error) for error in errors)},
        code="invalid_parameter",
    )


def nodes(queryset, tree, viewer_depth):
    """`queryset` ready for NodeSerializer: user and snapshot joined, level and
    children_count annotated, so a page of any size costs one query."""
    parent = genealogy.parent_column(tree)
    children = (
        Partner.objects.filter(**{parent: OuterRef("pk")}).order_by()
        .values(parent).annotate(count=Count("pk")).values("count")
    )
    if viewer_depth is None:
        level = V(None, output_field=IntegerField())
    else:
        level = ExpressionWrapper(
            F(genealogy.depth_field(tree)) - V(viewer_depth), output_field=IntegerField()
        )
    return queryset.select_related("user", "snapshot").annotate(
        level=level,
        children_count=Coalesce(Subquery(children, output_field=IntegerField()), V(0)),
        sort_name=Lower(Coalesce(
            NullIf("display_name", V("")), NullIf("external_id", V("")), "referral_code"
        )),
    )


class CheckedCursorPagination(CursorPagination):
    """Cursor pagination that refuses a bad page size or cursor with 400, where DRF would
    quietly use its default size (or answer 404 for a bad cursor), and whose schema shows
    the sizes allowed."""

    def get_page_size(self, request):
        name = self.page_size_query_param
        refuse_empty(request, [name, self.cursor_query_param])
        if name not in request.query_params:
            return self.page_size
        size = request.query_params[name]
        if not size.isdigit() or not 1 <= int(size) <= self.max_page_size:
            raise BadRequest(
                _("The “%(parameter)s” parameter must be a whole number from 1 to %(most)s.")
                % {"parameter": name, "most": self.max_page_size},
                code="invalid_parameter",
            )
        return int(size)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise BadRequest(
                _("The “cursor” parameter is not valid: follow the next or previous link."),
                code="invalid_parameter",
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            else:
                parameter["schema"]["minLength"] = 1
        return parameters


class NodePagination(CheckedCursorPagination):
    """Keyset pagination: the cursor holds the whole ordering tuple of the last row, so
    each page is one indexed range read however many rows share a level or a date."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("pk",)

    def get_ordering(self, request, queryset, view):
        return tuple(view.cursor_ordering())

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        reverse, position = self.decode_cursor(request)
        ordering = tuple(_flip(field) for field in self.ordering) if reverse else self.ordering
        queryset = queryset.order_by(*ordering)
        if position is not None:
            queryset = queryset.filter(_after(ordering, position))
        # Choose the page's ids on the partner table alone, then join user and snapshot
        # for those rows only: a broad team has tens of thousands of rows within 3 levels.
        ids = list(queryset.values_list("pk", flat=True)[: self.page_size + 1])
        position_of = {pk: index for index, pk in enumerate(ids)}
        rows = sorted(queryset.filter(pk__in=ids), key=lambda row: position_of[row.pk])
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if reverse:
            self.page.reverse()
            self.has_next, self.has_previous = bool(self.page), more
        else:
            self.has_next, self.has_previous = more, position is not None and bool(self.page)
        return self.page

    def _position(self, row):
        return [str(getattr(row, field.lstrip("-"))) for field in self.ordering]

    def get_next_link(self):
        if not self.has_next:
            return None
        return self.encode_cursor((False, self._position(self.page[-1])))

    def get_previous_link(self):
        if not self.has_previous:
            return None
        return self.encode_cursor((True, self._position(self.page[0])))

    def encode_cursor(self, cursor):
        reverse, position = cursor
        token = json.dumps({"r": int(reverse), "p": position}, separators=(",", ":"))
        encoded = base64.urlsafe_b64encode(token.encode()).decode()
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return False, None
        try:
            token = json.loads(base64.urlsafe_b64decode(encoded.encode()).decode())
            reverse, position = bool(token["r"]), token["p"]
            if not isinstance(position, list) or len(position) != len(self.ordering):
                raise ValueError
        except (ValueError, KeyError, TypeError, UnicodeError):
            raise BadRequest(
                _("The “cursor” parameter is not valid: follow the next or previous link."),
                code="invalid_parameter",
            ) from None
        return reverse, position


def _flip(field):
    return field[1:] if field.startswith("-") else f"-{field}"


def _after(ordering, position):
    """Rows strictly after `position` in `ordering` (a lexicographic keyset condition)."""
    condition = Q()
    equal = {}
    for field, value in zip(ordering, position, strict=True):
        name = field.lstrip("-")
        lookup = "lt" if field.startswith("-") else "gt"
        condition |= Q(**equal, **{f"{name}__{lookup}": value})
        equal[name] = value
    return condition


class NetworkView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, permissions.IsNetworkViewer]

    @property
    def viewer(self):
        return permissions.get_viewer(self.request)

    def is_schema_request(self):
        return getattr(self, "swagger_fake_view", False)


@extend_schema(tags=["network"])
class SummaryView(NetworkView):
    """The signed-in partner: code and link, sponsor, placement and team figures."""

    serializer_class = SummarySerializer

    def get(self, request):
        viewer = self.viewer
        partner = Partner.objects.select_related("user", "sponsor__user", "snapshot").get(
            pk=viewer.acting_partner.pk
        )
        # Counted apart: the root may have sponsored a million, the tank holds a few.
        partner.holding_tank_count = permissions.holding_tank(viewer).count()
        return Response(self.get_serializer(partner).data)


@extend_schema(tags=["network"], parameters=[DownlineQuerySerializer])
class DownlineView(NetworkView, generics.ListAPIView):
    """The partners below you in one tree, filtered and sorted, a page at a time."""

    serializer_class = NodeSerializer
    pagination_class = NodePagination

    def get_queryset(self):
        if self.is_schema_request():
            return Partner.objects.none()
        params = self.params = read_query(DownlineQuerySerializer, self.request)
        viewer, tree = self.viewer, params["tree"]
        depth = min(params["depth"], params.get("level", params["depth"]))
        queryset = permissions.downline(viewer, tree, depth)
        viewer_depth = viewer.depth(tree)
        if "level" in params and viewer_depth is not None:
            queryset = queryset.filter(
                **{genealogy.depth_field(tree): viewer_depth + params["level"]}
            )
        if "status" in params:
            queryset = queryset.filter(status=params["status"])
        if "rank" in params:
            queryset = queryset.filter(rank=params["rank"])
        if "joined_after" in params:
            queryset = queryset.filter(joined_at__gte=_day_start(params["joined_after"]))
        if "joined_before" in params:
            queryset = queryset.filter(joined_at__lt=_day_start(params["joined_before"], 1))
        if params.get("q"):
            q = params["q"].strip()
            queryset = queryset.filter(
                Q(display_name__icontains=q) | Q(user__email__icontains=q)
                | Q(user__first_name__icontains=q) | Q(user__last_name__icontains=q)
                | Q(referral_code__icontains=q) | Q(external_id__icontains=q)
            )
        return nodes(queryset, tree, viewer_depth)

    def cursor_ordering(self):
        return DOWNLINE_ORDERINGS[self.params["ordering"]]


def _day_start(day, plus_days=0):
    """The first moment of `day` (+ `plus_days`) in the site's time zone."""
    day += datetime.timedelta(days=plus_days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


NODE_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description=gettext_lazy("The partner's id.")
)


@extend_schema(tags=["network"], parameters=[NODE_ID, TreeQuerySerializer])
class NodeView(NetworkView, generics.RetrieveAPIView):
    """One partner you may see, with the path from you down to them (to jump to them)."""

    serializer_class = NodeDetailSerializer

    def get_object(self):
        tree = read_query(TreeQuerySerializer, self.request)["tree"]
        viewer = self.viewer
        queryset = nodes(Partner.objects.all(), tree, viewer.depth(tree))
        node = permissions.readable_node(viewer, queryset, self.kwargs["pk"])
        node.path = genealogy.path_between(viewer.root, node, tree)
        if node.path is None:
            node.level = None
        return node


@extend_schema(tags=["network"], parameters=[NODE_ID, TreeQuerySerializer])
class ChildrenView(NetworkView, generics.ListAPIView):
    """A node's direct children in one tree, for lazy expansion (placement: L, then R)."""

    serializer_class = NodeSerializer
    pagination_class = NodePagination

    def get_queryset(self):
        if self.is_schema_request():
            return Partner.objects.none()
        self.tree = read_query(TreeQuerySerializer, self.request)["tree"]
        viewer = self.viewer
        node = permissions.node_in_tree(viewer, self.kwargs["pk"], self.tree)
        queryset = Partner.objects.filter(**{genealogy.parent_column(self.tree): node.pk})
        return nodes(queryset, self.tree, viewer.depth(self.tree))

    def cursor_ordering(self):
        return CHILDREN_ORDERINGS[self.tree]


@extend_schema(tags=["network"])
class UplineView(NetworkView):
    """Your sponsor's name and contacts, and how many levels stand above you."""

    serializer_class = UplineSerializer

    def get(self, request):
        partner = Partner.objects.select_related("sponsor__user").get(
            pk=self.viewer.acting_partner.pk
        )
        sponsor = partner.sponsor
        return Response({
            "sponsor": ContactSerializer(sponsor, context=self.get_serializer_context()).data
            if sponsor else None,
            "levels_above": partner.sponsor_depth,
        })


@extend_schema(tags=["network"], parameters=[StatsQuerySerializer])
class ReferralStatsView(NetworkView):
    """Visits to your link, sign-ups and conversion, by day and by UTM source."""

    serializer_class = ReferralStatsSerializer

    def get(self, request):
        params = read_query(StatsQuerySerializer, request)
        figures = stats.referral_stats(
            self.viewer.acting_partner, params["since"], params["until"]
        )
        return Response(self.get_serializer(figures).data)


@extend_schema(tags=["network"])
class HoldingTankView(NetworkView, generics.ListAPIView):
    """Partners you sponsored who wait for you to place them, soonest deadline first."""

    serializer_class = HoldingTankEntrySerializer
    pagination_class = None

    def get_queryset(self):
        if self.is_schema_request():
            return Partner.objects.none()
        return permissions.holding_tank(self.viewer).select_related("user").order_by(
            "placement_deadline", "pk"
        )


@extend_schema(
    tags=["network"],
    request=PlaceRequestSerializer,
    responses={200: NodeSerializer, 400: OpenApiResponse(description="Why not, in detail.")},
    parameters=[OpenApiParameter(
        "id", int, OpenApiParameter.PATH, description=gettext_lazy("The waiting partner's id.")
    )],
)
class HoldingTankPlaceView(NetworkView):
    """Place a partner from your holding tank into a free slot of your placement team."""

    serializer_class = NodeSerializer

    def post(self, request, pk):
        viewer = self.viewer
        partner = get_object_or_404(permissions.holding_tank(viewer), pk=pk)
        form = PlaceRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        parent = Partner.objects.filter(pk=form.validated_data["parent"]).first()
        if parent is None:
            raise BadRequest(_("Choose a parent in your own placement team."), code="parent")
        try:
            with transaction.atomic():
                placement.place_from_holding_tank(
                    viewer.acting_partner, partner, parent, form.validated_data["leg"]
                )
                # The same event a placement after review sends, for listeners.
                services.partner_placed.send(sender=Partner, partner=partner)
        except placement.PlacementError as error:
            raise BadRequest(str(error), code="placement") from None
        tree = genealogy.PLACEMENT
        node = nodes(Partner.objects.filter(pk=partner.pk), tree, viewer.depth(tree)).get()
        return Response(self.get_serializer(node).data)


@extend_schema(
    tags=["network"],
    request=ReferralCodeRequestSerializer,
    responses={200: ReferralCodeSerializer,
               400: OpenApiResponse(description="The code is not allowed, and why.")},
)
class ReferralCodeView(NetworkView):
    """Choose your own referral code instead of the generated one; allowed once."""

    serializer_class = ReferralCodeSerializer

    def post(self, request):
        form = ReferralCodeRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        partner = Partner.objects.select_related("user").get(pk=self.viewer.acting_partner.pk)
        try:
            services.choose_vanity_code(partner, form.validated_data["code"])
        except ValidationError as error:
            raise BadRequest(
                error.messages[0], code=getattr(error, "code", None) or "invalid"
            ) from None
        return Response({
            "referral_code": partner.referral_code,
            "referral_url": referral_url(request, partner),
        })
