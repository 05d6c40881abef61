"""What the learning API reads (video positions, quiz attempts) and answers (courses with
their gating, lesson content, quiz results, the 90-day plan, the mentor view); the views
are in views.py, the lesson body's blocks are turned into data in content.py.

Nothing here ever carries a quiz's correct answers or explanations before an attempt is
submitted: the quiz a lesson shows is `learning.quizzes.describe`, and only an attempt's
result (QuizResultSerializer) has them.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from core.api import StrictJSONInput

MAX_VIDEO_SECONDS = 24 * 3600

# --- courses ------------------------------------------------------------------------------


class LessonSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The lesson page's id."))
    title = serializers.CharField()
    locked = serializers.BooleanField(help_text=_("True while the lesson's stage is locked."))
    completed = serializers.BooleanField()
    has_quiz = serializers.BooleanField(
        help_text=_("The lesson is done only once its quiz is passed."))
    estimated_minutes = serializers.IntegerField()


class StageSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The stage page's id."))
    title = serializers.CharField()
    locked = serializers.BooleanField()
    passed = serializers.BooleanField(
        help_text=_("Every lesson done and every quiz passed."))
    opens_by = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("What still opens a locked stage, in words (empty when open)."))
    opens_on = serializers.DateField(
        allow_null=True, help_text=_("The day a stage that opens days after joining opens."))
    lessons = LessonSummarySerializer(many=True)


class CourseSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The course page's id (in its language)."))
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    language = serializers.CharField(
        help_text=_("The language the course is shown in: yours, or the company's default "
                    "when it has no translation."))
    mandatory = serializers.BooleanField()
    estimated_minutes = serializers.IntegerField()
    percent = serializers.IntegerField(min_value=0, max_value=100,
                                       help_text=_("Lessons done, in percent."))
    completed = serializers.BooleanField()
    next_lesson = serializers.IntegerField(
        allow_null=True,
        help_text=_("The first open lesson not done yet (null when none is open or all "
                    "are done)."))
    stages = StageSerializer(many=True)


# --- a lesson -------------------------------------------------------------------------------


def _block(name, fields):
    """A serializer of one kind of lesson block: its `type`, `id` and own fields."""
    return type(name, (serializers.Serializer,), {
        "type": serializers.CharField(help_text=_("The kind of block.")),
        "id": serializers.CharField(help_text=_("The block's id in the lesson.")),
        **fields,
    })


def _text(**kwargs):
    return serializers.CharField(allow_blank=True, **kwargs)


def _url(help_text):
    return serializers.CharField(allow_null=True, help_text=help_text)


HeadingBlockSerializer = _block("LessonHeadingBlock", {
    "text": serializers.CharField(),
    "level": serializers.ChoiceField(choices=["h2", "h3", "h4"]),
})
ParagraphBlockSerializer = _block("LessonParagraphBlock", {
    "html": _text(help_text=_("The paragraph as HTML, its internal links and pictures "
                              "resolved.")),
})
VideoBlockSerializer = _block("LessonVideoBlock", {
    "title": _text(),
    "embed_url": _url(_("A YouTube or Vimeo player to load when the partner presses play.")),
    "file_url": _url(_("An uploaded video, served only while the lesson is open to you.")),
    "content_type": _text(help_text=_("The uploaded video's type (empty for a link).")),
    "poster_url": _url(_("The cover picture.")),
})
ImageBlockSerializer = _block("LessonImageBlock", {
    "url": serializers.CharField(),
    "width": serializers.IntegerField(),
    "height": serializers.IntegerField(),
    "alt": _text(),
    "caption": _text(),
    "attribution": _text(),
})
QuoteBlockSerializer = _block("LessonQuoteBlock", {
    "text": serializers.CharField(),
    "author": _text(),
})
DocumentBlockSerializer = _block("LessonDocumentBlock", {
    "title": serializers.CharField(),
    "description": _text(),
    "file_url": serializers.CharField(
        help_text=_("The document, served only while the lesson is open to you.")),
    "filename": serializers.CharField(),
})
ChecklistBlockSerializer = _block("LessonChecklistBlock", {
    "title": _text(),
    "items": serializers.ListField(child=serializers.CharField()),
})
CabinetActionBlockSerializer = _block("LessonCabinetActionBlock", {
    "title": serializers.CharField(),
    "text": _text(),
    "button_label": serializers.CharField(),
    "action": serializers.CharField(help_text=_("The cabinet page's name.")),
    "url": _url(_("The cabinet page's address.")),
})
QuizPlaceBlockSerializer = _block("LessonQuizBlock", {})

LESSON_BLOCK = PolymorphicProxySerializer(
    component_name="LessonBlock",
    resource_type_field_name="type",
    serializers={
        "heading": HeadingBlockSerializer,
        "paragraph": ParagraphBlockSerializer,
        "video": VideoBlockSerializer,
        "image": ImageBlockSerializer,
        "quote": QuoteBlockSerializer,
        "document": DocumentBlockSerializer,
        "checklist": ChecklistBlockSerializer,
        "cabinet_action": CabinetActionBlockSerializer,
        "quiz": QuizPlaceBlockSerializer,
    },
    many=True,
)


@extend_schema_field(LESSON_BLOCK)
class LessonBodyField(serializers.ListField):
    """The body's blocks as content.py made them (already plain data)."""

    child = serializers.DictField()

    def to_representation(self, data):
        return data


class QuizAnswerChoiceSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()


class QuizQuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    kind = serializers.ChoiceField(choices=["single", "multiple", "true_false"])
    text = serializers.CharField()
    answers = QuizAnswerChoiceSerializer(
        many=True, help_text=_("In this attempt's order; for true or false the ids are "
                               "“true” and “false”."))


class QuizSerializer(serializers.Serializer):
    """A quiz before it is answered: no correct answers, no explanations."""

    id = serializers.CharField()
    title = _text()
    pass_mark = serializers.IntegerField(help_text=_("The score that passes, in percent."))
    attempts_allowed = serializers.IntegerField(help_text=_("0: no limit."))
    attempts_used = serializers.IntegerField()
    attempts_left = serializers.IntegerField(allow_null=True,
                                             help_text=_("null: no limit."))
    passed = serializers.BooleanField()
    attempt = serializers.IntegerField(
        help_text=_("The number of the attempt these questions are shown for: send it "
                    "with the answers, so a repeat counts once."))
    questions = QuizQuestionSerializer(many=True)


class LessonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = _text()
    course = serializers.IntegerField(help_text=_("The course page's id."))
    stage = serializers.IntegerField(help_text=_("The stage page's id."))
    language = serializers.CharField()
    estimated_minutes = serializers.IntegerField()
    completed = serializers.BooleanField()
    video_seconds = serializers.IntegerField(
        help_text=_("Where you stopped in the lesson's video, to resume there."))
    next_lesson = serializers.IntegerField(allow_null=True)
    body = LessonBodyField()
    quiz = QuizSerializer(allow_null=True, help_text=_("The lesson's quiz, if it has one."))


class CompletionSerializer(serializers.Serializer):
    lesson = serializers.IntegerField()
    completed = serializers.BooleanField()
    created = serializers.BooleanField(
        help_text=_("False when the lesson was done already (a repeat changes nothing)."))
    stage_passed = serializers.BooleanField()
    course_completed = serializers.BooleanField()
    percent = serializers.IntegerField(min_value=0, max_value=100)
    next_lesson = serializers.IntegerField(allow_null=True)


class VideoPositionInputSerializer(StrictJSONInput, serializers.Serializer):
    seconds = serializers.IntegerField(
        min_value=0, max_value=MAX_VIDEO_SECONDS,
        help_text=_("Where the partner stopped in the lesson's video."))


class VideoPositionSerializer(serializers.Serializer):
    lesson = serializers.IntegerField()
    seconds = serializers.IntegerField()


# --- quiz attempts ------------------------------------------------------------------------


@extend_schema_field({
    "type": "object",
    "additionalProperties": {"oneOf": [
        {"type": "array", "items": {"type": "string"}},
        {"type": "boolean"},
        {"type": "string"},
    ]},
    "description": str(_("Per question id: the chosen answer ids (a list), or true/false for "
                         "a true or false question. A question left out counts as wrong.")),
})
class AnswersField(serializers.Field):
    """{question id: [answer id, ...] | true | false | answer id}, checked in shape here
    and against the quiz in learning/quizzes.py."""

    default_error_messages = {
        "invalid": _("Send the answers as an object of question ids."),
        "answer": _("The answer to question %(id)s must be a list of answer ids, or true "
                    "or false."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("invalid")
        for question_id, chosen in data.items():
            if isinstance(chosen, bool | str):
                continue
            if isinstance(chosen, list) and all(isinstance(item, str) for item in chosen):
                continue
            raise serializers.ValidationError(
                self.error_messages["answer"] % {"id": question_id}, code="answer")
        return data

    def to_representation(self, value):
        return value


class AttemptInputSerializer(StrictJSONInput, serializers.Serializer):
    answers = AnswersField()
    attempt = serializers.IntegerField(
        required=False, min_value=1, max_value=10_000,
        help_text=_("The attempt number the quiz was shown for (its `attempt`): a repeat "
                    "of it returns the first result."))
    submission = serializers.UUIDField(
        required=False,
        help_text=_("A key of your own for this submission: sent again, it returns the "
                    "first result instead of counting another attempt."))


class QuestionFeedbackSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    correct = serializers.BooleanField(help_text=_("Whether you answered it right."))
    chosen = serializers.ListField(child=serializers.CharField())
    explanation = _text()
    correct_answers = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text=_("Only once the quiz is passed or no attempt is left."))


class QuizResultSerializer(serializers.Serializer):
    attempt = serializers.IntegerField()
    score = serializers.IntegerField(min_value=0, max_value=100)
    pass_mark = serializers.IntegerField()
    passed = serializers.BooleanField()
    attempts_used = serializers.IntegerField()
    attempts_left = serializers.IntegerField(allow_null=True)
    created = serializers.BooleanField(
        help_text=_("False when this was a repeat of an attempt already counted."))
    questions = QuestionFeedbackSerializer(many=True)


# --- the 90-day plan --------------------------------------------------------------------------


class JourneyTaskSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("The task's key, the same in every language."))
    day = serializers.IntegerField(help_text=_("Due on this day after joining (day 1 is the "
                                               "day you joined)."))
    title = serializers.CharField()
    description = _text()
    due_date = serializers.DateField()
    done = serializers.BooleanField()
    done_at = serializers.DateTimeField(allow_null=True)
    automatic = serializers.BooleanField(
        help_text=_("Ticked from what the platform knows; you cannot mark it done yourself."))
    checked_by = serializers.CharField(
        help_text=_("“manual”: you mark it done; otherwise what ticks it."))
    how_ticked = _text(help_text=_("For an automatic task: what ticks it, in words."))
    action_url = _text(help_text=_("The cabinet page where the task is done (empty: none)."))
    first_goal = serializers.BooleanField()
    bucket = serializers.ChoiceField(
        choices=["overdue", "today", "this_week", "later", "done"],
        help_text=_("Where the timeline shows it."))


class TaskDoneSerializer(JourneyTaskSerializer):
    created = serializers.BooleanField(
        help_text=_("False when the task was done already (a repeat changes nothing)."))


class SponsorWelcomeSerializer(serializers.Serializer):
    text = _text()
    video_url = _text(help_text=_("A YouTube or Vimeo link."))


class CountdownSerializer(serializers.Serializer):
    deadline = serializers.DateTimeField(help_text=_("The end of the first goal's day."))
    reached = serializers.BooleanField()
    reached_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    days = serializers.IntegerField(help_text=_("Whole days left."))
    hours = serializers.IntegerField(help_text=_("And hours left beyond them."))


class JourneySerializer(serializers.Serializer):
    day = serializers.IntegerField(help_text=_("Days since joining (day 1 is the first)."))
    in_first_90_days = serializers.BooleanField()
    days_left = serializers.IntegerField(help_text=_("Days left of the 90."))
    done = serializers.IntegerField(help_text=_("Tasks done."))
    total = serializers.IntegerField(help_text=_("Tasks in the plan."))
    percent = serializers.IntegerField(min_value=0, max_value=100)
    welcome = _text(help_text=_("The company's welcome message."))
    sponsor_name = serializers.CharField(allow_null=True)
    sponsor_welcome = SponsorWelcomeSerializer(
        allow_null=True, help_text=_("Your sponsor's own welcome, if they wrote one."))
    first_goal = JourneyTaskSerializer(allow_null=True)
    countdown = CountdownSerializer(
        allow_null=True, help_text=_("Time left to the first goal (or when it was reached)."))
    tasks = JourneyTaskSerializer(many=True, help_text=_("By day."))


# --- the mentor view ------------------------------------------------------------------------


class ContactLinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["email", "phone", "telegram", "whatsapp", "viber"])
    label = serializers.CharField()
    value = serializers.CharField(help_text=_("The address or number as the partner gave it."))
    href = serializers.CharField(help_text=_("A mailto:, tel: or messenger link."))


class MenteeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The newcomer's partner id."))
    name = serializers.CharField()
    contacts = ContactLinkSerializer(many=True)
    joined_at = serializers.DateTimeField()
    day = serializers.IntegerField(help_text=_("Their day since joining."))
    tasks_done = serializers.IntegerField()
    tasks_total = serializers.IntegerField()
    plan_percent = serializers.IntegerField(min_value=0, max_value=100)
    lessons_done = serializers.IntegerField()
    lessons_total = serializers.IntegerField(
        help_text=_("Lessons of the mandatory courses every newcomer is offered."))
    courses_percent = serializers.IntegerField(min_value=0, max_value=100)
    first_goal_reached = serializers.BooleanField()
    first_goal_at = serializers.DateTimeField(allow_null=True)
    last_activity_at = serializers.DateTimeField(
        help_text=_("Their last step in learning or the plan (or when they joined)."))
    stuck = serializers.BooleanField(help_text=_("No progress for 3 days."))
