"""Writing a partner's progress: a lesson opened, its video position, a lesson done, and
what follows from it (the stage passed, the course completed, with its certificate).

Each fact is one row, unique in the database per partner and thing; a repeated or
concurrent request finds the row there and changes nothing, so counts move and signals
are sent exactly once, after the transaction that wrote the row commits.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from . import courses, gating, signals
from .models import CourseCompletion, Learner, LessonPage, LessonProgress, QuizAttempt, StagePass


class LearningError(Exception):
    """A refusal with a message for the partner; `status` is the HTTP status the API uses."""

    status = 400

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class LessonNotFound(LearningError):
    status = 404


class LessonLocked(LearningError):
    status = 403


class QuizNotPassed(LearningError):
    status = 409


class OpenLesson:
    """A lesson the partner may read: the outlines, the partner's course state and the
    lesson's own state."""

    def __init__(self, course, stage, lesson, state):
        self.course, self.stage, self.lesson, self.state = course, stage, lesson, state
        self.stage_state, self.lesson_state = state.lesson(lesson.id)

    def page(self):
        return LessonPage.objects.live().get(pk=self.lesson.id)


def open_lesson(partner, lesson_id, now=None):
    """The lesson if it is the partner's to read; LessonNotFound or LessonLocked (saying
    what opens it) otherwise."""
    found = courses.find_lesson(lesson_id)
    if found is None:
        raise LessonNotFound(_("No such lesson."))
    course, stage, lesson = found
    started = set()
    if not courses.is_for(course, partner, now=now):
        if not LessonProgress.objects.filter(partner=partner, course_key=course.key).exists():
            raise LessonNotFound(_("No such lesson."))
        started.add(course.key)
    state = gating.course_state(partner, course, gating.progress_of(partner, [course.key]), now)
    opened = OpenLesson(course, stage, lesson, state)
    if opened.lesson_state.locked:
        raise LessonLocked(gating.what_opens(opened.stage_state))
    return opened


def _keys(opened):
    return {"course_key": opened.course.key, "stage_key": opened.stage.key,
            "lesson_key": opened.lesson.key}


def _learner_moved(partner, now, **counts):
    """Bump the partner's Learner counters (creating the row the first time)."""
    changes = {"last_activity_at": now,
               **{name: F(name) + value for name, value in counts.items()}}
    if not Learner.objects.filter(pk=partner.pk).update(**changes):
        Learner.objects.get_or_create(partner=partner)
        Learner.objects.filter(pk=partner.pk).update(**changes)


def _progress_row(partner, opened, now):
    """The partner's row for the lesson, created if missing (a concurrent creation wins
    and is read back)."""
    row = LessonProgress.objects.filter(partner=partner, lesson_key=opened.lesson.key).first()
    if row is not None:
        return row, False
    try:
        with transaction.atomic():
            return LessonProgress.objects.create(partner=partner, started_at=now,
                                                 **_keys(opened)), True
    except IntegrityError:
        return LessonProgress.objects.get(partner=partner, lesson_key=opened.lesson.key), False


def start_lesson(partner, opened, now=None):
    """Record that the partner opened the lesson (once); their last activity moves."""
    now = now or timezone.now()
    with transaction.atomic():
        _row, created = _progress_row(partner, opened, now)
        _learner_moved(partner, now)
    return created


def save_video_position(partner, opened, seconds, now=None):
    now = now or timezone.now()
    seconds = max(0, min(int(seconds), 24 * 3600))
    with transaction.atomic():
        row, _created = _progress_row(partner, opened, now)
        LessonProgress.objects.filter(pk=row.pk).update(video_seconds=seconds)
        _learner_moved(partner, now)
    return seconds


def quiz_passed(partner, lesson_key):
    return QuizAttempt.objects.filter(partner=partner, lesson_key=lesson_key,
                                      passed=True).exists()


def complete_lesson(partner, opened, now=None):
    """Mark the lesson done (a lesson with a quiz only once the quiz is passed). Returns
    True when this call did it, False when it was done already. Passes the stage and
    completes the course when this was their last lesson."""
    now = now or timezone.now()
    if opened.lesson.has_quiz and not quiz_passed(partner, opened.lesson.key):
        raise QuizNotPassed(_("Pass the lesson's quiz to complete it."))
    with transaction.atomic():
        row, _created = _progress_row(partner, opened, now)
        done = LessonProgress.objects.filter(pk=row.pk, completed_at__isnull=True).update(
            completed_at=now)
        if done:
            _learner_moved(partner, now, lessons_done=1)
    if not done:
        return False
    page = LessonPage.objects.get(pk=opened.lesson.id)
    transaction.on_commit(lambda: signals.lesson_completed.send(
        sender=partner.__class__, partner=partner, lesson=page))
    _after_lesson(partner, opened, now)
    return True


def _after_lesson(partner, opened, now):
    progress = gating.progress_of(partner, [opened.course.key])
    state = gating.course_state(partner, opened.course, progress, now)
    stage_state = next(stage for stage in state.stages if stage.outline.key == opened.stage.key)
    if stage_state.passed and _record_once(StagePass, partner=partner,
                                           stage_key=opened.stage.key,
                                           defaults={"course_key": opened.course.key,
                                                     "passed_at": now}):
        stage_page = Page.objects.get(pk=opened.stage.id).specific
        transaction.on_commit(lambda: signals.stage_passed.send(
            sender=partner.__class__, partner=partner, stage=stage_page))
    if state.completed:
        completion = _record_once(
            CourseCompletion, partner=partner, course_key=opened.course.key,
            defaults={"language": opened.course.language, "course_title": opened.course.title,
                      "completed_at": now})
        if completion:
            Learner.objects.filter(pk=partner.pk).update(courses_done=F("courses_done") + 1)
            course_page = Page.objects.get(pk=opened.course.id).specific
            transaction.on_commit(lambda: signals.course_completed.send(
                sender=partner.__class__, partner=partner, course=course_page,
                completion=completion))


def _record_once(model, defaults, **unique):
    """Insert the row unless it exists; the new row, or None when it was there."""
    try:
        with transaction.atomic():
            return model.objects.create(**unique, **defaults)
    except IntegrityError:
        return None


def touch(partner, now=None):
    """The partner did something in learning or the journey: their last activity."""
    now = now or timezone.now()
    _learner_moved(partner, now)

