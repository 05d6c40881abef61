"""The mentor view in the learning API: /api/v1/learning/mentees/ (the sponsor's
newcomers, a page at a time) and /mentees/<id>/ (one of them).

The list pages like the rest of the API's lists (network's and orders' cursor pages:
`page_size` from 1 to 200, `cursor` from the `next`/`previous` links, 400 for a bad one):
a keyset over the order of the cabinet's mentor view (stuck first, then the newest), each
page read with the `summary` in one query over the sponsor's roster (mentoring.rows_after),
never a sort of the whole list in Python. Only the caller's own
personally sponsored newcomers are ever read; anyone else's id answers 404.
"""

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from learning import mentoring
from learning.api.serializers import MenteeSerializer
from learning.api.views import TAGS, LearningView, request_language
from network import downline
from network.api.views import NodePagination, invalid_cursor
from network.models import Partner


def mentee_data(row):
    return {
        "id": row.id, "name": row.name, "contacts": row.contacts, "joined_at": row.joined_at,
        "day": row.day, "tasks_done": row.tasks_done, "tasks_total": row.tasks_total,
        "plan_percent": row.plan_percent, "lessons_done": row.lessons_done,
        "lessons_total": row.lessons_total, "courses_percent": row.courses_percent,
        "first_goal_reached": row.first_goal_reached, "first_goal_at": row.first_goal_at,
        "last_activity_at": row.last_activity_at, "stuck": row.stuck,
    }


class MenteePagination(NodePagination):
    """Keyset pages of the newcomers in the mentor view's order, each with the summary of
    the whole list (how many newcomers, stuck, first goal reached)."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["summary"] = self.summary
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["summary"] = {
            "type": "object",
            "description": str(_("Counts over all your newcomers, not only this page.")),
            "required": ["newcomers", "stuck", "first_goal_reached"],
            "properties": {
                "newcomers": {"type": "integer", "minimum": 0},
                "stuck": {"type": "integer", "minimum": 0,
                          "description": str(_("No progress for 3 days."))},
                "first_goal_reached": {"type": "integer", "minimum": 0},
            },
        }
        paginated.setdefault("required", [])
        for name in ("results", "summary"):
            if name not in paginated["required"]:
                paginated["required"].append(name)
        return paginated


@extend_schema(tags=TAGS)
class MenteesView(LearningView, generics.ListAPIView):
    """The partners you personally sponsored who are in their first 90 days, a page at a
    time: their day, progress in the plan and the courses, the first goal, their last
    activity and how to reach them; the stuck ones (no progress for 3 days) first, then
    the newest. `summary` counts all of them."""

    serializer_class = MenteeSerializer
    pagination_class = MenteePagination

    def cursor_ordering(self):
        return mentoring.ORDERING

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Partner.objects.none()
        return mentoring.newcomers(self.partner, self.now)

    def list(self, request, *args, **kwargs):
        self.now = timezone.now()
        rows = self.page(self.paginator, request)
        mentees = mentoring.as_mentees(rows, self.now, request_language(request))
        return self.paginator.get_paginated_response(
            MenteeSerializer([mentee_data(row) for row in mentees], many=True).data)

    def page(self, paginator, request):
        """The page the cursor points at (the first without one), as the keyset gives
        it, with its links and the summary: mentoring's one query that reads a page of
        the roster with the counts over all of it."""
        paginator.start(request, self)
        try:
            backwards, position = downline.decode_cursor(
                request.query_params.get(paginator.cursor_query_param), paginator.ordering)
            position = position and self.read_position(position)
        except downline.InvalidCursor:
            raise invalid_cursor() from None
        # each row carries the ordering's `stuck` (1 or 0), as the keyset's annotation does
        rows, figures = mentoring.rows_after(self.partner, self.now, paginator.page_size + 1,
                                             position, backwards)
        paginator.page = downline.page_from(rows, paginator.ordering, paginator.page_size,
                                            backwards, position)
        paginator.summary = vars(figures)
        return paginator.page.rows

    @staticmethod
    def read_position(position):
        """(stuck, joined_at, id) from a cursor's strings; InvalidCursor when they are not."""
        stuck, joined, pk = position
        try:
            stuck, pk, joined = int(stuck), int(pk), parse_datetime(joined)
        except ValueError:
            raise downline.InvalidCursor(position) from None
        if stuck not in (0, 1) or joined is None or timezone.is_naive(joined) \
                or not 0 < pk < 2 ** 63:
            raise downline.InvalidCursor(position)
        return stuck, joined, pk


@extend_schema(
    tags=TAGS,
    parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH,
                                 description=_("The newcomer's partner id."))],
    responses={200: MenteeSerializer, 404: OpenApiResponse(description=_(
        "Not a newcomer you personally sponsored (anyone else's id answers the same)."))},
)
class MenteeView(LearningView):
    """One of your personally sponsored newcomers."""

    def get(self, request, pk):
        row = mentoring.mentee(self.partner, pk, language=request_language(request))
        if row is None:
            raise NotFound()
        return Response(MenteeSerializer(mentee_data(row)).data)
