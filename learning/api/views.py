"""The learning API under /api/v1/learning/: the partner's courses with their gating, a
lesson's content and files, completing a lesson, its video position, quiz attempts, the
90-day plan and, for sponsors, their newcomers (the mentor view).

Everything is the signed-in partner's own: a user without a partner (staff included, who
have no courses of their own) is refused with 403, and another partner's lesson progress,
journey or newcomer is never reachable (404). Views stay thin: which courses and lessons
are open comes from learning/courses.py and gating.py, writes go through progress.py and
quizzes.py, so the cabinet's pages and this API refuse the same things with the same words.
A service's refusal (`LearningError`) becomes the API's error with its status and `detail`.
"""

import re

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from learning import courses, files, gating, journey, progress, quizzes
from learning.api import content
from learning.api.serializers import (
    AttemptInputSerializer,
    CompletionSerializer,
    CourseSerializer,
    JourneySerializer,
    LessonSerializer,
    QuizResultSerializer,
    TaskDoneSerializer,
    VideoPositionInputSerializer,
    VideoPositionSerializer,
)
from learning.models import LessonProgress
from network.models import Partner

TAGS = ["learning"]


class NotALearner(PermissionDenied):
    default_detail = _("You are not a partner, so you have no learning of your own.")
    default_code = "not_a_partner"


def learner(request):
    """The signed-in user's partner (cached on the request); NotALearner otherwise."""
    partner = getattr(request, "_learning_partner", None)
    if partner is None:
        partner = Partner.objects.filter(user_id=request.user.pk).first()
        if partner is None:
            raise NotALearner()
        request._learning_partner = partner
    return partner


class IsLearner(BasePermission):
    """Signed in, and a partner (the learning is a partner's own)."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        learner(request)
        return True


def _code(error):
    """LessonLocked → "lesson_locked": the refusal's kind, for a program."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()


def refused(error):
    """A learning service's refusal as the API's error: its status and its words."""
    exception = APIException(error.message, code=_code(error))
    exception.status_code = error.status
    return exception


def request_language(request):
    """The language the partner reads in: the request's (Accept-Language), as the rest of
    the API answers; courses without a translation fall back to the company's default."""
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
    return (language or courses.default_language()).split("-")[0]


class LearningView(APIView):
    permission_classes = [IsAuthenticated, IsLearner]

    @property
    def partner(self):
        return learner(self.request)


def read_body(serializer_class, request):
    form = serializer_class(data=request.data)
    form.is_valid(raise_exception=True)
    return form.validated_data


def open_lesson(partner, lesson_id):
    try:
        return progress.open_lesson(partner, lesson_id)
    except progress.LearningError as error:
        raise refused(error) from None


def _id(lesson_state):
    return lesson_state.outline.id if lesson_state is not None else None


# --- courses ------------------------------------------------------------------------------


def course_data(state):
    outline = state.outline
    return {
        "id": outline.id, "title": outline.title, "summary": outline.summary,
        "language": outline.language, "mandatory": outline.mandatory,
        "estimated_minutes": outline.estimated_minutes, "percent": state.percent,
        "completed": state.completed, "next_lesson": _id(state.next_lesson),
        "stages": [{
            "id": stage.outline.id, "title": stage.outline.title, "locked": stage.locked,
            "passed": stage.passed, "opens_by": [str(need) for need in stage.opens_by],
            "opens_on": stage.opens_on,
            "lessons": [{
                "id": lesson.outline.id, "title": lesson.outline.title,
                "locked": lesson.locked, "completed": lesson.completed,
                "has_quiz": lesson.outline.has_quiz,
                "estimated_minutes": lesson.outline.estimated_minutes,
            } for lesson in stage.lessons],
        } for stage in state.stages],
    }


@extend_schema(tags=TAGS, responses={
    200: CourseSerializer(many=True),
    403: OpenApiResponse(description=_("You are not a partner.")),
})
class CoursesView(LearningView):
    """Your courses in your language (the request's; the company's default where a course
    has no translation), mandatory first, each with its stages and lessons: which are
    locked and what opens them, what is done, the percent done and the next lesson."""

    def get(self, request):
        partner = self.partner
        started = {str(key) for key in LessonProgress.objects.filter(partner=partner)
                   .values_list("course_key", flat=True).distinct()}
        outlines = courses.courses_for(partner, request_language(request), started=started)
        known = gating.progress_of(partner, [outline.key for outline in outlines])
        now = timezone.now()
        data = [course_data(gating.course_state(partner, outline, known, now))
                for outline in outlines]
        return Response(CourseSerializer(data, many=True).data)


# --- a lesson -------------------------------------------------------------------------------


LESSON_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description=_("The lesson page's id."))
QUIZ_LESSON_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH,
    description=_("The id of the LESSON page that holds the quiz (a lesson has at most "
                  "one quiz)."))
LOCKED = OpenApiResponse(description=_(
    "You are not a partner, or the lesson's stage is locked: the detail says what opens "
    "it (code lesson_locked)."))
NO_LESSON = OpenApiResponse(description=_("No such lesson among your courses."))


@extend_schema(tags=TAGS, parameters=[LESSON_ID], responses={
    200: LessonSerializer, 403: LOCKED, 404: NO_LESSON,
})
class LessonView(LearningView):
    """A lesson's content: its blocks (rich text as HTML, pictures, videos, documents and
    checklists, its files behind this API's gated addresses) and its quiz without the
    correct answers or explanations. Opening it records that you started it."""

    def get(self, request, pk):
        partner = self.partner
        opened = open_lesson(partner, pk)
        progress.start_lesson(partner, opened)
        quiz = None
        if opened.lesson.has_quiz:
            try:
                quiz = quizzes.describe(quizzes.Quiz.of_lesson(opened.lesson.id), partner,
                                        opened.lesson.key)
            except quizzes.NoQuiz:
                quiz = None
        lesson_state = opened.lesson_state
        data = {
            "id": opened.lesson.id, "title": opened.lesson.title,
            "summary": opened.lesson.summary, "course": opened.course.id,
            "stage": opened.stage.id, "language": opened.course.language,
            "estimated_minutes": opened.lesson.estimated_minutes,
            "completed": lesson_state.completed, "video_seconds": lesson_state.video_seconds,
            "next_lesson": _id(opened.state.next_lesson),
            "body": content.lesson_blocks(opened.lesson.id, request), "quiz": quiz,
        }
        return Response(LessonSerializer(data).data)


@extend_schema(tags=TAGS, parameters=[LESSON_ID], request=None, responses={
    200: CompletionSerializer, 403: LOCKED, 404: NO_LESSON,
    409: OpenApiResponse(description=_(
        "The lesson has a quiz not passed yet: pass it, and the lesson is done "
        "(code quiz_not_passed).")),
})
class CompleteLessonView(LearningView):
    """Mark a lesson without a quiz as done ("Mark as done"). A repeat changes nothing
    (`created`: false). The stage is passed and the course completed with their last
    lesson."""

    def post(self, request, pk):
        partner = self.partner
        opened = open_lesson(partner, pk)
        try:
            created = progress.complete_lesson(partner, opened)
        except progress.LearningError as error:
            raise refused(error) from None
        state = gating.course_state(
            partner, opened.course, gating.progress_of(partner, [opened.course.key]))
        stage_state, lesson_state = state.lesson(opened.lesson.id)
        data = {
            "lesson": opened.lesson.id, "completed": lesson_state.completed,
            "created": created, "stage_passed": stage_state.passed,
            "course_completed": state.completed, "percent": state.percent,
            "next_lesson": _id(state.next_lesson),
        }
        return Response(CompletionSerializer(data).data)


@extend_schema(tags=TAGS, parameters=[LESSON_ID], request=VideoPositionInputSerializer,
               responses={200: VideoPositionSerializer, 403: LOCKED, 404: NO_LESSON})
class VideoPositionView(LearningView):
    """Remember where you stopped in the lesson's video, to resume there (the lesson's
    `video_seconds`)."""

    def post(self, request, pk):
        partner = self.partner
        seconds = read_body(VideoPositionInputSerializer, request)["seconds"]
        opened = open_lesson(partner, pk)
        saved = progress.save_video_position(partner, opened, seconds)
        return Response(VideoPositionSerializer({"lesson": opened.lesson.id,
                                                 "seconds": saved}).data)


@extend_schema(
    tags=TAGS,
    parameters=[LESSON_ID, OpenApiParameter(
        "block", str, OpenApiParameter.PATH,
        description=_("The id of the video or document block in the lesson's body."))],
    responses={
        (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description=_("The file.")),
        (206, "*/*"): OpenApiResponse(OpenApiTypes.BINARY,
                                      description=_("The byte range asked for (Range).")),
        403: LOCKED,
        404: OpenApiResponse(description=_("No such lesson, or no such file in it.")),
        416: OpenApiResponse(description=_("The byte range asked for is not in the file.")),
    },
)
class LessonFileView(LearningView):
    """An uploaded video or a document of a lesson, served only while the lesson is open
    to you (a single byte range too, for a video player to seek and resume)."""

    def perform_content_negotiation(self, request, force=False):
        # A <video> or a download asks for the file's own type, which no renderer names.
        return super().perform_content_negotiation(request, force=True)

    def get(self, request, pk, block):
        try:
            material = files.lesson_material(self.partner, pk, block)
        except progress.LearningError as error:
            raise refused(error) from None
        return files.file_response(request, material)


# --- quiz attempts --------------------------------------------------------------------------


@extend_schema(
    tags=TAGS, parameters=[QUIZ_LESSON_ID], request=AttemptInputSerializer,
    responses={
        201: QuizResultSerializer,
        200: OpenApiResponse(QuizResultSerializer, description=_(
            "A repeat of an attempt already counted (the same `attempt` number or "
            "`submission` key): its first result, nothing counted again.")),
        400: OpenApiResponse(description=_(
            "A malformed body, an answer to a question not in the quiz, or an answer not "
            "among the question's; nothing is stored.")),
        403: LOCKED,
        404: OpenApiResponse(description=_("No such lesson among your courses, or it has "
                                           "no quiz.")),
        409: OpenApiResponse(description=_(
            "No attempts are left (code attempts_exhausted); nothing is stored.")),
    },
)
class AttemptsView(LearningView):
    """Submit an attempt at the quiz of lesson `id`: the answers are checked on the server
    and you get the score, whether you passed and, per question, whether you were right
    and its explanation (the correct answers once you passed or have no attempt left).
    Passing completes the lesson. Send the `attempt` number the quiz was shown for (or a
    `submission` key of your own): a double tap or a retry counts once."""

    def post(self, request, pk):
        partner = self.partner
        body = read_body(AttemptInputSerializer, request)
        opened = open_lesson(partner, pk)
        try:
            result, created = quizzes.submit_attempt(
                partner, opened, body["answers"], attempt=body.get("attempt"),
                submission=body.get("submission"))
        except progress.LearningError as error:
            raise refused(error) from None
        return Response(QuizResultSerializer({**result, "created": created}).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


# --- the 90-day plan ------------------------------------------------------------------------


def task_data(task):
    return {
        "key": task.key, "day": task.day, "title": task.title,
        "description": task.description, "due_date": task.due_date, "done": task.done,
        "done_at": task.done_at, "automatic": task.automatic, "checked_by": task.checked_by,
        "how_ticked": str(task.how_ticked), "action_url": task.action_url or "",
        "first_goal": task.first_goal, "bucket": task.bucket,
    }


def journey_data(plan):
    countdown = plan.countdown
    return {
        "day": plan.day, "in_first_90_days": plan.in_first_90_days,
        "days_left": plan.days_left, "done": plan.done, "total": plan.total,
        "percent": plan.percent, "welcome": plan.welcome or "",
        "sponsor_name": plan.sponsor.name if plan.sponsor else None,
        "sponsor_welcome": plan.sponsor_welcome,
        "first_goal": task_data(plan.first_goal) if plan.first_goal else None,
        "countdown": None if countdown is None else {
            "deadline": countdown.deadline, "reached": countdown.reached,
            "reached_at": countdown.reached_at, "overdue": countdown.overdue,
            "days": countdown.days, "hours": countdown.hours,
        },
        "tasks": [task_data(task) for task in plan.tasks],
    }


class NoPlan(APIException):
    status_code = status.HTTP_404_NOT_FOUND
    default_detail = _("The company has no 90-day plan yet.")
    default_code = "no_plan"


def journey_of(request, partner):
    plan = journey.journey_for(partner, request_language(request))
    if plan is None:
        raise NoPlan()
    return plan


@extend_schema(tags=TAGS, responses={
    200: JourneySerializer,
    404: OpenApiResponse(description=_("The company has no 90-day plan yet.")),
})
class JourneyView(LearningView):
    """Your first 90 days: the plan's tasks by day with what is done, due today, this week
    or overdue, the first goal with a countdown to its deadline, and your day since
    joining. Automatic tasks are ticked from what the platform knows."""

    def get(self, request):
        return Response(JourneySerializer(journey_data(journey_of(request, self.partner))).data)


@extend_schema(
    tags=TAGS,
    parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH,
                                 description=_("The task's key."))],
    request=None,
    responses={
        200: TaskDoneSerializer,
        400: OpenApiResponse(description=_(
            "The task is ticked automatically once you have done it (code task_is_automatic).")),
        404: OpenApiResponse(description=_("No such task in your plan.")),
    },
)
class JourneyTaskDoneView(LearningView):
    """Mark a task of your plan that you do yourself as done. A repeat changes nothing
    (`created`: false)."""

    def post(self, request, key):
        partner = self.partner
        try:
            created = journey.mark_done(partner, key)
        except progress.LearningError as error:
            raise refused(error) from None
        plan = journey_of(request, partner)
        task = next((task for task in plan.tasks if task.key == key), None)
        if task is None:  # in another language's plan only
            raise refused(journey.TaskNotFound(_("There is no such task in your plan.")))
        return Response(TaskDoneSerializer({**task_data(task), "created": created}).data)
