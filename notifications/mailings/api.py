"""/api/v1/mailings/: a partner's team mailings. Create one (checked and sent like the
cabinet's form, through team.py), preview how many partners a segment reaches, list
your mailings and read one with its delivery counts.

Everything is the caller's own: a user without a partner is refused with 403, another
partner's mailing answers 404. Recipients are never sent by the client: the segment is a
set of filters over the caller's downline, and `partners` (ids the caller picked) only
narrows it, so an id outside the caller's team reaches nobody.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ApiErrorSerializer, StrictJSONInput
from network.api import callers
from network.api.views import CheckedCursorPagination

from . import segments, team
from .models import (
    MAX_CHOSEN,
    SUBJECT_MAX_CHARS,
    TEXT_MAX_CHARS,
    Audience,
    MailingChannel,
    RecipientStatus,
    TeamMailing,
)

TAGS = ["mailings"]
EARLIEST = date(1970, 1, 1)
LATEST = date(2999, 12, 31)
LARGEST_ID = 2**63 - 1


class NotASender(PermissionDenied):
    default_detail = _("You are not a partner, so you have no team to write to.")
    default_code = "not_a_partner"


def sender_of(request):
    return callers.partner_of(request, NotASender)


class IsSender(BasePermission):
    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        sender_of(request)
        return True


# --- serializers ----------------------------------------------------------------------------


class SegmentSerializer(StrictJSONInput, serializers.Serializer):
    audience = serializers.ChoiceField(
        choices=Audience.choices, default=Audience.TEAM,
        help_text=_("team: your downline down to `depth` levels; sponsored: the partners you "
                    "personally sponsored; newcomers: partners of your team in their first "
                    "90 days."))
    depth = serializers.IntegerField(
        min_value=1, max_value=segments.MAX_DEPTH, required=False, allow_null=True,
        help_text=_("Levels below you (10 when left out; ignored for `sponsored`)."))
    rank = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=RecipientStatus.choices, required=False,
                                     allow_blank=True, default="")
    joined_after = serializers.DateField(required=False, allow_null=True,
                                         help_text=_("Joined on or after this day."))
    joined_before = serializers.DateField(required=False, allow_null=True,
                                          help_text=_("Joined on or before this day."))
    partners = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=LARGEST_ID), required=False,
        max_length=MAX_CHOSEN, default=list,
        help_text=_("Only these partners of the segment (ids of your team; any other id "
                    "reaches nobody)."))
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=MailingChannel.choices), min_length=1,
        max_length=len(MailingChannel.values), required=False,
        default=lambda: [MailingChannel.INAPP, MailingChannel.EMAIL])

    def validate_joined_after(self, value):
        return self._in_range(value)

    def validate_joined_before(self, value):
        return self._in_range(value)

    def _in_range(self, value):
        if value is not None and not EARLIEST <= value <= LATEST:
            raise serializers.ValidationError(_("Give a day from 1970 to 2999."))
        return value

    def draft(self, **text):
        data = self.validated_data
        return team.Draft(
            audience=data["audience"], depth=data.get("depth"), rank=data.get("rank") or "",
            status=data.get("status") or "", joined_after=data.get("joined_after"),
            joined_before=data.get("joined_before"), chosen=list(data.get("partners") or []),
            channels=list(data.get("channels") or []), **text,
        )


class MailingInputSerializer(SegmentSerializer):
    subject = serializers.CharField(max_length=SUBJECT_MAX_CHARS)
    text = serializers.CharField(max_length=TEXT_MAX_CHARS,
                                 help_text=_("Plain text; shown as written, never as HTML."))


class PreviewSerializer(serializers.Serializer):
    recipients = serializers.IntegerField(min_value=0)


class ChannelCountSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=MailingChannel.choices)
    label = serializers.CharField()
    delivered = serializers.IntegerField(min_value=0)
    opened = serializers.IntegerField(min_value=0)
    failed = serializers.IntegerField(min_value=0)
    waiting = serializers.IntegerField(min_value=0)


class DeliveryCountsSerializer(serializers.Serializer):
    recipients = serializers.IntegerField(min_value=0)
    notified = serializers.IntegerField(min_value=0)
    opened = serializers.IntegerField(min_value=0)
    failed = serializers.IntegerField(min_value=0)
    channels = ChannelCountSerializer(many=True)


class MailingSerializer(serializers.ModelSerializer):
    partners = serializers.ListField(source="chosen", child=serializers.IntegerField(),
                                     read_only=True)
    status = serializers.CharField(read_only=True,
                                   help_text=_("active, inactive, or empty: any status."))
    channels = serializers.ListField(child=serializers.ChoiceField(
        choices=MailingChannel.choices), read_only=True)

    class Meta:
        model = TeamMailing
        fields = ["id", "subject", "text", "audience", "depth", "rank", "status",
                  "joined_after", "joined_before", "partners", "channels", "state",
                  "recipient_count", "created_at", "sent_at"]
        read_only_fields = fields


class MailingDetailSerializer(MailingSerializer):
    counts = serializers.SerializerMethodField()

    class Meta(MailingSerializer.Meta):
        fields = [*MailingSerializer.Meta.fields, "counts"]
        read_only_fields = fields

    @extend_schema_field(DeliveryCountsSerializer)
    def get_counts(self, mailing):
        return DeliveryCountsSerializer(vars_of(team.counts_of(mailing))).data


def vars_of(counts):
    return {**vars(counts), "channels": [vars(channel) for channel in counts.channels]}


# --- views ---------------------------------------------------------------------------------


def refused(error):
    """A service's refusal as the API's error: 429 with Retry-After for the daily cap,
    400 naming the field (and the forbidden phrases) otherwise."""
    errors = {name if name != "__all__" else "non_field_errors": [str(message)]
              for name, message in error.errors.items()}
    body = {"detail": error.message, "code": error.code, "errors": errors}
    if error.phrases:
        body["errors"]["phrases"] = [phrase["phrase"] for phrase in error.phrases]
    if error.code == "daily_cap":
        now = timezone.localtime()
        tomorrow = timezone.make_aware(datetime.combine(now.date() + timedelta(days=1),
                                                        time.min))
        return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS,
                        headers={"Retry-After": str(int((tomorrow - now).total_seconds()) + 1)})
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


class MailingPagination(CheckedCursorPagination):
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"
    ordering = ("-created_at", "-id")


class MailingView:
    permission_classes = [IsAuthenticated, IsSender]
    # JSON only: a form cannot say "no channels" apart from "channels left out".
    parser_classes = [JSONParser]

    @property
    def sender(self):
        return sender_of(self.request)


@extend_schema(tags=TAGS)
class MailingsView(MailingView, generics.ListAPIView):
    """Your team mailings, newest first (GET), or a new one (POST): it is checked against
    the company's forbidden phrases and your daily cap, then sent to the partners of your
    team in the segment through the channels chosen."""

    serializer_class = MailingSerializer
    pagination_class = MailingPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TeamMailing.objects.none()
        return team.mailings_of(self.sender)

    @extend_schema(
        request=MailingInputSerializer,
        responses={
            201: MailingDetailSerializer,
            400: OpenApiResponse(ApiErrorSerializer, description=_(
                "Not valid, a forbidden phrase (code forbidden_phrase, errors.phrases names "
                "them) or nobody in the segment (code no_recipients).")),
            429: OpenApiResponse(ApiErrorSerializer, description=_(
                "Your mailings for today are used up (code daily_cap), or too many "
                "requests: wait the seconds Retry-After says.")),
        },
    )
    def post(self, request):
        form = MailingInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        draft = form.draft(subject=form.validated_data["subject"],
                           text=form.validated_data["text"])
        try:
            mailing = team.send(self.sender, draft)
        except team.MailingRefused as error:
            return refused(error)
        return Response(MailingDetailSerializer(mailing).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=TAGS, request=SegmentSerializer,
    responses={200: PreviewSerializer},
)
class PreviewView(MailingView, APIView):
    """How many partners of your team a segment reaches, before you write to them."""

    def post(self, request):
        form = SegmentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            count = team.preview(self.sender, form.draft())
        except team.MailingRefused as error:
            return refused(error)
        return Response(PreviewSerializer({"recipients": count}).data)


@extend_schema(
    tags=TAGS,
    parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH,
                                 description=_("The mailing's id."))],
    responses={200: MailingDetailSerializer, 404: OpenApiResponse(description=_(
        "Not a mailing of yours (anyone else's id answers the same)."))},
)
class MailingDetailView(MailingView, APIView):
    """One of your mailings with its delivery counts: recipients, delivered per channel,
    opened and failed."""

    def get(self, request, pk):
        mailing = team.mailing_of(self.sender, pk) if pk <= LARGEST_ID else None
        if mailing is None:
            raise NotFound()
        return Response(MailingDetailSerializer(mailing).data)
