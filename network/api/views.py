"""The genealogy API under /api/v1/network/: the partner's summary, downline, nodes and
their children, upline, referral statistics, holding tank and vanity code.

Views stay thin: who may see what comes from permissions.py, tree reads from
genealogy.py, and writes go through placement.py and services.py.
"""


from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models import Value as V
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from network import downline, genealogy, permissions, placement, services, stats
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
    return with_children(downline.with_level(queryset, tree, viewer_depth), tree)


def with_children(queryset, tree):
    """`queryset` (already carrying `level`) with user and snapshot joined and each
    partner's number of direct children in `tree`."""
    parent = genealogy.parent_column(tree)
    children = (
        Partner.objects.filter(**{parent: OuterRef("pk")}).order_by()
        .values(parent).annotate(count=Count("pk")).values("count")
    )
    return queryset.select_related("user", "snapshot").annotate(
        children_count=Coalesce(Subquery(children, output_field=IntegerField()), V(0)),
    )


def invalid_cursor():
    return BadRequest(
        _("The “cursor” parameter is not valid: follow the next or previous link."),
        code="invalid_parameter",
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
            raise invalid_cursor() from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            else:
                parameter["schema"]["minLength"] = 1
        return parameters


class NodePagination(CheckedCursorPagination):
    """Keyset pagination (`network.downline.keyset_page`): the cursor holds the whole
    ordering tuple of the last row, so each page is one indexed range read however many
    rows share a level or a date. The view names the ordering (`cursor_ordering()`)."""

    page_size = downline.PAGE_SIZE
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("pk",)

    def start(self, request, view):
        """The page size, the links' base and the view's ordering, from the request."""
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = tuple(view.cursor_ordering())

    def paginate_queryset(self, queryset, request, view=None):
        self.start(request, view)
        try:
            self.page = downline.keyset_page(
                queryset, self.ordering, request.query_params.get(self.cursor_query_param),
                self.page_size,
            )
        except downline.InvalidCursor:
            raise invalid_cursor() from None
        return self.page.rows

    def _link(self, cursor):
        return replace_query_param(self.base_url, self.cursor_query_param, cursor) \
            if cursor else None

    def get_next_link(self):
        return self._link(self.page.next_cursor)

    def get_previous_link(self):
        return self._link(self.page.previous_cursor)


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
        self.params = read_query(DownlineQuerySerializer, self.request)
        queryset, tree = downline.filtered_downline(self.viewer, self.params)
        return with_children(queryset, tree)

    def cursor_ordering(self):
        return downline.ordering_of(self.params)


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
            placement.place_from_holding_tank(
                viewer.acting_partner, partner, parent, form.validated_data["leg"]
            )
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
