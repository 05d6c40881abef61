"""The events API under /api/v1/events/: the caller's calendar (company events for their
rank, in their language, and the team events of their own and their upline), one event,
an answer to it and its `.ics`.

Everything is the signed-in partner's own: a user without a partner gets 403, an event
they do not see 404 (another branch's team event is never confirmed to exist). Which
events are seen comes from events/audience.py, the answers go through events/seats.py:
the cabinet and this API refuse the same things with the same words.
"""

from datetime import UTC, datetime, time, timedelta

from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from events import entries, ical, seats
from events.api.serializers import AnswerSerializer, EventRangeSerializer, EventSerializer
from events.models import TeamEvent
from network.api import callers

TAGS = ["events"]
DEFAULT_DAYS = 90
KEY = OpenApiParameter("key", str, OpenApiParameter.PATH, pattern=entries.KEY.pattern,
                       description=_("“company-<id>” or “team-<id>”."))


class NotAPartner(PermissionDenied):
    default_detail = _("You are not a partner, so you have no events of your own.")
    default_code = "not_a_partner"


def caller(request):
    return callers.partner_of(request, NotAPartner)


class IsPartner(BasePermission):
    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        caller(request)
        return True


def language_of(request):
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or "en"
    return language.split("-")[0]


def ics_url(request, entry):
    if entry.is_team:
        path = reverse("api-event-ics", kwargs={"key": entry.key})
    else:
        path = reverse("events:company_ics", kwargs={"page_id": entry.event.pk})
    return request.build_absolute_uri(path)


def event_data(request, entry):
    event = entry.event
    team = isinstance(event, TeamEvent)
    description = event.description if team else strip_tags(event.description)
    return {
        "key": entry.key, "kind": entry.kind, "title": event.title,
        "description": description.strip(),
        "starts_at": entry.local_start, "ends_at": entry.local_end,
        "time_zone": event.time_zone, "online_url": event.online_url, "place": event.place,
        "language": "" if team else event.language,
        "min_rank": "" if team else event.min_rank,
        "capacity": event.capacity, "going": entry.going, "waiting": entry.waiting,
        "seats_left": entry.seats_left, "answer": entry.answer,
        "may_answer": entry.may_answer,
        "owner": {"id": event.owner_id, "name": event.owner.name} if team else None,
        "url": request.build_absolute_uri(entry.url) if entry.url else "",
        "ics_url": ics_url(request, entry),
    }


class EventsView(APIView):
    permission_classes = [IsAuthenticated, IsPartner]

    @property
    def partner(self):
        return caller(self.request)

    def event(self, key):
        try:
            return entries.find(self.partner, key, language_of(self.request))
        except Http404:
            raise NotFound(_("No such event among yours.")) from None


@extend_schema(tags=TAGS, parameters=[EventRangeSerializer],
               responses={200: EventSerializer(many=True)})
class EventListView(EventsView):
    """Your events overlapping a date range (90 days from today by default), in time
    order: company events open to your rank, in your language, and the team events of
    your own and of your upline. Each has your answer, the seats and its `.ics` link."""

    def get(self, request):
        query = EventRangeSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start_day = query.validated_data.get("start") or timezone.now().date()
        end_day = query.validated_data.get("end") or start_day + timedelta(days=DEFAULT_DAYS)
        end_day = min(end_day, start_day + timedelta(days=366))
        items = entries.between(self.partner, _utc(start_day), _utc(end_day),
                                language_of(request), query.validated_data.get("kind"))
        return Response([event_data(request, entry) for entry in items])


def _utc(day):
    return datetime.combine(day, time.min, tzinfo=UTC)


@extend_schema(tags=TAGS, parameters=[KEY], responses={200: EventSerializer})
class EventDetailView(EventsView):
    """One of your events, with your answer and the seats."""

    def get(self, request, key):
        event = self.event(key)
        return Response(event_data(request, entries.entry_for(self.partner, event)))


@extend_schema(
    tags=TAGS, parameters=[KEY], request=AnswerSerializer,
    responses={
        200: OpenApiResponse(EventSerializer, description=_(
            "The event with your answer: “waiting” when you said “going” and it is full.")),
        400: OpenApiResponse(description=_("Not an answer, or the event is over.")),
        403: OpenApiResponse(description=_(
            "Not a partner, or the event is for partners of a higher rank.")),
    },
)
class EventRsvpView(EventsView):
    """Answer an event: going, maybe or not going. On a full event “going” puts you on the
    waiting list; when someone gives their seat back, the first waiting gets it."""

    def post(self, request, key):
        form = AnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        event = self.event(key)
        try:
            seats.respond(self.partner, event, form.validated_data["answer"])
        except seats.RsvpRefused as refusal:
            error = APIException(refusal.message, code=type(refusal).__name__.lower())
            error.status_code = refusal.status
            raise error from None
        return Response(event_data(request, entries.entry_for(self.partner, event)))


@extend_schema(
    tags=TAGS, parameters=[KEY],
    responses={(200, "text/calendar"): OpenApiResponse(
        OpenApiTypes.STR, description=_("The event as iCalendar (RFC 5545)."))},
)
class EventIcsView(EventsView):
    """One of your events as an `.ics` file for your calendar program."""

    def perform_content_negotiation(self, request, force=False):
        # A calendar program asks for text/calendar, which no renderer names.
        return super().perform_content_negotiation(request, force=True)

    def get(self, request, key):
        event = self.event(key)
        url = request.build_absolute_uri(entries.url_of(event)) if entries.url_of(event) else ""
        return ical.response(ical.calendar([(event, url)], name=event.title),
                             ical.filename_of(event))
