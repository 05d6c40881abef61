"""Writing a partner's progress: a lesson opened, its video position, a lesson done, and
what follows from it (the stage passed, the course completed, with its certificate).

Each fact is one row, unique in the database per partner and thing; a repeated or
concurrent request finds the row there and changes nothing, so counts move and signals
are sent exactly once, after the transaction that wrote the row commits. The partner's
StageProgress row (what the course funnel counts) is kept in the same transaction: made
with the stage's first lesson opened, moved by every step in it, passed with the stage.

Cheap on purpose (every lesson page writes): what `open_lesson` read is not read again,
rows are written with one INSERT … ON CONFLICT or UPDATE each (no savepoints), and a
signal's page is loaded only when a receiver reads it. Opening a lesson opened before is
one query; completing a lesson four (five with a quiz not just checked), two more when it
passes the stage.
"""

import uuid

from django.db import IntegrityError, connection, transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from . import courses, gating, roster, signals
from .models import (
    CourseCompletion,
    CoursePage,
    Learner,
    LessonPage,
    LessonProgress,
    QuizAttempt,
    StagePage,
    StagePass,
    StageProgress,
)


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
    lesson's own state. `progress` is the partner's rows in the course as read when the
    lesson was opened ({lesson_key: (completed, video_seconds)}; None: not read), so the
    writes below need not read them again."""

    def __init__(self, course, stage, lesson, state, progress=None):
        self.course, self.stage, self.lesson, self.state = course, stage, lesson, state
        self.stage_state, self.lesson_state = state.lesson(lesson.id)
        self.progress = progress

    def page(self):
        return LessonPage.objects.live().get(pk=self.lesson.id)

    def has_row(self):
        """Whether the partner's row for the lesson was there when it was opened (False
        when unknown: the writes then insert it only if missing)."""
        return self.progress is not None and self.lesson.key in self.progress


def open_lesson(partner, lesson_id, now=None):
    """The lesson if it is the partner's to read; LessonNotFound or LessonLocked (saying
    what opens it) otherwise. One query (the partner's rows in the course)."""
    found = courses.find_lesson(lesson_id)
    if found is None:
        raise LessonNotFound(_("No such lesson."))
    course, stage, lesson = found
    progress = gating.progress_of(partner, [course.key])
    # A course no longer offered to the partner stays theirs once they started it.
    if not progress and not courses.is_for(course, partner, now=now):
        raise LessonNotFound(_("No such lesson."))
    state = gating.course_state(partner, course, progress, now)
    opened = OpenLesson(course, stage, lesson, state, progress)
    if opened.lesson_state.locked:
        raise LessonLocked(gating.what_opens(opened.stage_state))
    return opened


def _keys(opened):
    return {"course_key": opened.course.key, "stage_key": opened.stage.key,
            "lesson_key": opened.lesson.key}


# --- one-statement writes -----------------------------------------------------------------
# Written as INSERT … ON CONFLICT so a repeated or concurrent request neither raises nor
# needs a savepoint (two more statements each): the database keeps the row once.


def _columns(model, values):
    columns, params = [], []
    for name, value in values.items():
        found = model._meta.get_field(name)
        columns.append(connection.ops.quote_name(found.column))
        params.append(found.get_db_prep_save(value, connection))
    return columns, params


def _insert_once(model, values, unique):
    """Insert the row unless one with the same `unique` fields is there: True when this
    call inserted it. `values` names every column (database defaults are not applied)."""
    columns, params = _columns(model, values)
    conflict = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column)
                         for name in unique)
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
           f"({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(params))}) "
           f"ON CONFLICT ({conflict}) DO NOTHING")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def _stage_started(partner, opened, now):
    """The partner's row for the stage: created (started now) if missing, else moved on
    to `now` if that is later. One statement."""
    table = connection.ops.quote_name(StageProgress._meta.db_table)
    postgres = connection.vendor == "postgresql"
    greatest, least = ("GREATEST", "LEAST") if postgres else ("MAX", "MIN")
    columns, params = _columns(StageProgress, {
        "partner": partner.pk, "course_key": opened.course.key,
        "stage_key": opened.stage.key, "started_at": now, "last_moved_at": now,
    })
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * len(params))}) "
           f"ON CONFLICT (partner_id, stage_key) DO UPDATE SET "
           f"last_moved_at = {greatest}({table}.last_moved_at, excluded.last_moved_at), "
           f"started_at = {least}({table}.started_at, excluded.started_at)")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _stage_moved(partner, opened, now):
    """A step in a stage the partner has a row for (a quiz answered): it moved."""
    StageProgress.objects.filter(partner=partner, stage_key=opened.stage.key).update(
        last_moved_at=Greatest("last_moved_at", Value(now, output_field=DateTimeField())))


def _learner_moved(partner, now, **counts):
    """Bump the partner's Learner counters (creating the row the first time)."""
    changes = {"last_activity_at": now,
               **{name: F(name) + value for name, value in counts.items()}}
    if not Learner.objects.filter(pk=partner.pk).update(**changes):
        roster.ensure(partner)
        Learner.objects.filter(pk=partner.pk).update(**changes)


def _new_row(partner, opened, now, completed_at=None, video_seconds=0):
    return _insert_once(LessonProgress, {
        "partner": partner.pk, **_keys(opened), "started_at": now,
        "completed_at": completed_at, "video_seconds": video_seconds,
    }, unique=("partner", "lesson_key"))


def _send_on_commit(signal, partner, name, model, page_id, **extra):
    """Send `signal` once the transaction commits, with the page loaded only if a
    receiver reads it (none connected: no query, nothing sent)."""
    if not signal.has_listeners(partner.__class__):
        return
    page = SimpleLazyObject(lambda: model.objects.get(pk=page_id))
    transaction.on_commit(lambda: signal.send(
        sender=partner.__class__, partner=partner, **{name: page}, **extra))


# --- what the partner does -----------------------------------------------------------------


def start_lesson(partner, opened, now=None):
    """Record that the partner opened the lesson (once; the stage's row with its first
    lesson); their last activity moves. One query when they had opened it before."""
    now = now or timezone.now()
    created = False
    with transaction.atomic(savepoint=False):
        if not opened.has_row():
            created = _new_row(partner, opened, now)
            if created:
                _stage_started(partner, opened, now)
        _learner_moved(partner, now)
    return created


def save_video_position(partner, opened, seconds, now=None):
    now = now or timezone.now()
    seconds = max(0, min(int(seconds), 24 * 3600))
    with transaction.atomic(savepoint=False):
        mine = LessonProgress.objects.filter(partner=partner, lesson_key=opened.lesson.key)
        if not mine.update(video_seconds=seconds) and not _new_row(
                partner, opened, now, video_seconds=seconds):
            mine.update(video_seconds=seconds)  # created meanwhile by another request
        _stage_started(partner, opened, now)
        _learner_moved(partner, now)
    return seconds


def quiz_passed(partner, lesson_key):
    return QuizAttempt.objects.filter(partner=partner, lesson_key=lesson_key,
                                      passed=True).exists()


def complete_lesson(partner, opened, now=None, quiz_checked=False):
    """Mark the lesson done (a lesson with a quiz only once the quiz is passed;
    `quiz_checked`: the caller has just recorded a passing attempt). Returns True when
    this call did it, False when it was done already. Passes the stage and completes the
    course when this was their last lesson."""
    now = now or timezone.now()
    if opened.lesson_state is not None and opened.lesson_state.completed:
        return False  # done when opened, and a lesson done stays done
    if opened.lesson.has_quiz and not quiz_checked and not quiz_passed(
            partner, opened.lesson.key):
        raise QuizNotPassed(_("Pass the lesson's quiz to complete it."))
    with transaction.atomic(savepoint=False):
        mine = LessonProgress.objects.filter(partner=partner, lesson_key=opened.lesson.key,
                                             completed_at__isnull=True)
        done = mine.update(completed_at=now)
        if not done and not opened.has_row():
            done = _new_row(partner, opened, now, completed_at=now) or mine.update(
                completed_at=now)
        if not done:
            return False
        # First, as it locks the partner's stage row until this transaction ends: two
        # lessons of a stage completed at once are counted one after the other.
        _stage_started(partner, opened, now)
        _learner_moved(partner, now, lessons_done=1)
        _send_on_commit(signals.lesson_completed, partner, "lesson", LessonPage,
                        opened.lesson.id)
        _after_lesson(partner, opened, now)
    return True


def _stage_done(partner, opened):
    """Whether every lesson of the lesson's stage is done, this one included: from what
    was read when the lesson was opened, else read again (after the stage's row was
    locked, so a lesson of the stage completed meanwhile is seen)."""
    others = [lesson.key for lesson in opened.stage.lessons if lesson.key != opened.lesson.key]
    known = opened.progress or {}
    if all(known.get(key, (False, 0))[0] for key in others):
        return True
    done = set(map(str, LessonProgress.objects.filter(
        partner=partner, stage_key=opened.stage.key, completed_at__isnull=False,
    ).values_list("lesson_key", flat=True)))
    return all(key in done for key in others)


def _course_done(partner, opened):
    """Whether every stage of the course is passed now that this lesson's stage is. From
    what was read when the lesson was opened when its stage was not passed then (the
    stages before it were passed, those after it locked: none of them moved since), else
    read again."""
    if all(stage.passed for stage in opened.state.stages
           if stage.outline.key != opened.stage.key):
        return True
    if opened.stage_state is not None and not opened.stage_state.passed:
        return False
    progress = gating.progress_of(partner, [opened.course.key])
    return gating.course_state(partner, opened.course, progress).completed


def _after_lesson(partner, opened, now):
    if not _stage_done(partner, opened):
        return
    if _insert_once(StagePass, {"partner": partner.pk, "course_key": opened.course.key,
                                "stage_key": opened.stage.key, "passed_at": now},
                    unique=("partner", "stage_key")):
        StageProgress.objects.filter(partner=partner, stage_key=opened.stage.key,
                                     passed_at__isnull=True).update(passed_at=now)
        _send_on_commit(signals.stage_passed, partner, "stage", StagePage, opened.stage.id)
    if not _course_done(partner, opened):
        return
    completion = _record_once(
        CourseCompletion, partner=partner, course_key=opened.course.key,
        defaults={"language": opened.course.language, "course_title": opened.course.title,
                  "completed_at": now})
    if completion:
        Learner.objects.filter(pk=partner.pk).update(courses_done=F("courses_done") + 1)
        _send_on_commit(signals.course_completed, partner, "course", CoursePage,
                        opened.course.id, completion=completion)


def _record_once(model, defaults, **unique):
    """Insert the row unless it exists; the new row, or None when it was there."""
    try:
        with transaction.atomic():
            return model.objects.create(**unique, **defaults)
    except IntegrityError:
        return None


def touch(partner, now=None, opened=None):
    """The partner did something in learning or the journey: their last activity; with
    `opened` (a quiz answered in that lesson), their stage moved too."""
    now = now or timezone.now()
    with transaction.atomic(savepoint=False):
        if opened is not None and connection.vendor == "postgresql":
            _stage_and_learner_moved(partner, opened, now)
            return
        if opened is not None:
            _stage_moved(partner, opened, now)
        _learner_moved(partner, now)


def _stage_and_learner_moved(partner, opened, now):
    """_stage_moved and _learner_moved in one statement (PostgreSQL runs both updates
    of a data-modifying WITH): a failed quiz attempt, the most frequent write, costs one
    round trip less."""
    stages, learners = StageProgress._meta.db_table, Learner._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH stage AS (UPDATE {stages} SET last_moved_at = GREATEST(last_moved_at, %s) "
            f"WHERE partner_id = %s AND stage_key = %s) "
            f"UPDATE {learners} SET last_activity_at = %s WHERE partner_id = %s",
            [now, partner.pk, uuid.UUID(str(opened.stage.key)), now, partner.pk])
        moved = cursor.rowcount
    if not moved:  # their first step: the Learner row is made
        _learner_moved(partner, now)

