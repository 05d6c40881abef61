"""/api/v1/notifications/: the caller's notifications (newest first, by cursor pages),
the unread count the bell polls, marking read (one or all), and the caller's preferences.

Everything is the caller's own: another user's notification id answers 404, exactly as
an id that does not exist. Texts are rendered in the caller's language.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from network.api.views import BadRequest, CheckedCursorPagination, read_query
from notifications import inbox, preferences, rendering
from notifications.api.serializers import (
    MarkAllSerializer,
    MarkedSerializer,
    NotificationFilterSerializer,
    NotificationSerializer,
    PreferencesSerializer,
    UnreadCountSerializer,
    preferences_data,
)

TAGS = ["notifications"]


class NotificationPagination(CheckedCursorPagination):
    page_size = inbox.PAGE_SIZE
    max_page_size = 100
    page_size_query_param = "page_size"
    ordering = ("-created_at", "-id")


class InLanguage:
    """Answers in the caller's own language (their profile's), whatever the request's."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._language_before = translation.get_language()
        translation.activate(rendering.language_of(request.user))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "_language_before", None):
            translation.activate(self._language_before)
        return response


def _filters(request):
    query = read_query(NotificationFilterSerializer, request)
    return {"kind": query.get("kind", ""), "category": query.get("category", ""),
            "unread": query.get("unread", False)}


@extend_schema(tags=TAGS, parameters=[NotificationFilterSerializer])
class NotificationListView(InLanguage, ListAPIView):
    """The caller's notifications, newest first; filter by kind, category or unread."""

    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def get_queryset(self):
        return inbox.newest(self.request.user, **_filters(self.request))


@extend_schema(tags=TAGS, responses={200: NotificationSerializer})
class NotificationView(InLanguage, APIView):
    """One of the caller's notifications."""

    def get(self, request, pk):
        notification = inbox.own(request.user, pk)
        if notification is None:
            raise NotFound(_("No such notification of yours."))
        return Response(NotificationSerializer(notification).data)


class UnreadCountView(APIView):
    """How many of the caller's notifications are unread (what the bell shows)."""

    @extend_schema(tags=TAGS, responses={200: UnreadCountSerializer})
    def get(self, request):
        return Response({"unread": inbox.unread_count(request.user)})


class MarkReadView(InLanguage, APIView):
    """Marks one of the caller's notifications read."""

    @extend_schema(tags=TAGS, request=None, responses={200: NotificationSerializer})
    def post(self, request, pk):
        if not inbox.mark_read(request.user, pk):
            raise NotFound(_("No such notification of yours."))
        return Response(NotificationSerializer(inbox.own(request.user, pk)).data)


class MarkAllReadView(APIView):
    """Marks all the caller's unread notifications read (of a kind or category)."""

    parser_classes = [JSONParser]  # a form would pass an empty category as "all"

    @extend_schema(tags=TAGS, request=MarkAllSerializer,
                   responses={200: MarkedSerializer})
    def post(self, request):
        form = MarkAllSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        marked = inbox.mark_all_read(request.user, kind=form.validated_data.get("kind", ""),
                                     category=form.validated_data.get("category", ""))
        return Response({"marked": marked})


class PreferencesView(InLanguage, APIView):
    """The caller's notification preferences: channels per kind, quiet hours in their time
    zone, the daily digest and their language."""

    parser_classes = [JSONParser]

    @extend_schema(tags=TAGS, responses={200: PreferencesSerializer})
    def get(self, request):
        return Response(preferences_data(request.user, preferences.of(request.user)))

    @extend_schema(tags=TAGS, request=PreferencesSerializer,
                   responses={200: PreferencesSerializer,
                              400: OpenApiResponse(description=_(
                                  "An unknown time zone, kind or channel, or one end of "
                                  "the quiet hours without the other."))})
    def put(self, request):
        form = PreferencesSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            preference = preferences.save(
                request.user, time_zone=data["time_zone"],
                quiet_start=data.get("quiet_start"), quiet_end=data.get("quiet_end"),
                digest=data.get("digest", False), channels=data.get("channels", {}),
                language=data.get("language"),
            )
        except ValueError as error:
            raise BadRequest(str(error)) from None
        translation.activate(rendering.language_of(request.user))  # it may have changed
        return Response(preferences_data(request.user, preference))
