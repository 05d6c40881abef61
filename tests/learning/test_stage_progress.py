"""A partner's row per stage (StageProgress, what the course funnel counts): written once
however often a lesson is opened or done, moved forward by every step, passed with the
stage; the migration's backfill gives an existing database the same rows; and the writes
of a lesson opened or done stay a few queries."""

import importlib
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection

from learning import progress, quizzes, reports, roster
from learning.models import StageProgress
from tests.learning.helpers import failing_answers, passing_answers

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
stage_progress_migration = importlib.import_module("learning.migrations.0002_stage_progress")


def backfill():
    """The migration's own step, as `migrate` runs it on an existing database."""
    stage_progress_migration.backfill(None, SimpleNamespace(connection=connection))


def at(hours):
    return T0 + timedelta(hours=hours)


def stage_rows(partner=None):
    rows = StageProgress.objects.order_by("partner_id", "started_at")
    if partner is not None:
        rows = rows.filter(partner=partner)
    return [(row.partner_id, str(row.course_key), str(row.stage_key), row.started_at,
             row.last_moved_at, row.passed_at) for row in rows]


def test_one_row_per_stage_started_once_moved_forward_and_passed(course, newcomer,
                                                                 django_capture_on_commit_callbacks):
    _course, (first, second), (read, quiz, customer) = course
    opened = progress.open_lesson(newcomer, read.pk, now=at(0))
    assert progress.start_lesson(newcomer, opened, now=at(0)) is True
    assert progress.start_lesson(newcomer, opened, now=at(1)) is False
    progress.start_lesson(newcomer, progress.open_lesson(newcomer, read.pk), now=at(2))
    [row] = StageProgress.objects.filter(partner=newcomer)
    assert (row.stage_key, row.started_at, row.last_moved_at, row.passed_at) == (
        first.translation_key, at(0), at(0), None)

    progress.save_video_position(newcomer, opened, 40, now=at(3))
    progress.complete_lesson(newcomer, opened, now=at(5))
    progress.complete_lesson(newcomer, progress.open_lesson(newcomer, read.pk), now=at(6))
    # A step arriving late (an older moment) never moves the stage back.
    progress.save_video_position(newcomer, opened, 50, now=at(4))
    row.refresh_from_db()
    assert (row.started_at, row.last_moved_at, row.passed_at) == (at(0), at(5), None)

    opened_quiz = progress.open_lesson(newcomer, quiz.pk)
    progress.start_lesson(newcomer, opened_quiz, now=at(7))
    quizzes.submit_attempt(newcomer, opened_quiz, failing_answers(quiz), now=at(8))
    progress.touch(newcomer, at(8), opened=opened_quiz)
    row.refresh_from_db()
    assert row.last_moved_at == at(8) and row.passed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        quizzes.submit_attempt(newcomer, opened_quiz, passing_answers(quiz), now=at(9))
    row.refresh_from_db()
    assert (row.started_at, row.last_moved_at, row.passed_at) == (at(0), at(9), at(9))
    assert StageProgress.objects.filter(partner=newcomer).count() == 1

    progress.start_lesson(newcomer, progress.open_lesson(newcomer, customer.pk), now=at(10))
    assert [(key, started, passed) for _p, _c, key, started, _m, passed in
            stage_rows(newcomer)] == [(str(first.translation_key), at(0), at(9)),
                                      (str(second.translation_key), at(10), None)]


def test_the_funnel_reads_the_rows_kept_by_the_partners_steps(course, make_partner):
    _course, _stages, (read, quiz, customer) = course
    passed, stuck, moving = make_partner(), make_partner(), make_partner()
    for partner in (passed, stuck, moving):
        progress.start_lesson(partner, progress.open_lesson(partner, read.pk), now=at(0))
    progress.complete_lesson(passed, progress.open_lesson(passed, read.pk), now=at(1))
    opened = progress.open_lesson(passed, quiz.pk)
    quizzes.submit_attempt(passed, opened, passing_answers(quiz), now=at(2))
    progress.save_video_position(moving, progress.open_lesson(moving, read.pk), 30,
                                 now=at(24 * 9))
    [funnel] = reports.course_funnel(now=at(24 * 10))
    assert [(stage.started, stage.passed, stage.stuck) for stage in funnel.stages] == [
        (3, 1, 1), (0, 0, 0)]


def test_the_backfill_gives_the_rows_the_partners_steps_made(course, make_partner):
    _course, _stages, (read, quiz, customer) = course
    a, b, c = make_partner(), make_partner(), make_partner()
    # A: the whole course over three days, the quiz failed once; B: the first lesson
    # opened, done a day later; C: only opened the first lesson.
    progress.start_lesson(a, progress.open_lesson(a, read.pk), now=at(0))
    progress.complete_lesson(a, progress.open_lesson(a, read.pk), now=at(2))
    opened = progress.open_lesson(a, quiz.pk)
    progress.start_lesson(a, opened, now=at(3))
    quizzes.submit_attempt(a, opened, failing_answers(quiz), now=at(4))
    quizzes.submit_attempt(a, opened, passing_answers(quiz), now=at(30))
    opened = progress.open_lesson(a, customer.pk)
    progress.start_lesson(a, opened, now=at(50))
    progress.complete_lesson(a, opened, now=at(70))
    progress.start_lesson(b, progress.open_lesson(b, read.pk), now=at(1))
    progress.complete_lesson(b, progress.open_lesson(b, read.pk), now=at(25))
    progress.start_lesson(c, progress.open_lesson(c, read.pk), now=at(5))
    live = stage_rows()
    assert len(live) == 4

    StageProgress.objects.all().delete()
    backfill()
    assert stage_rows() == live
    backfill()  # run again: the rows there are kept, not doubled
    assert stage_rows() == live


def test_opening_and_completing_a_lesson_take_few_queries(course, newcomer,
                                                          django_assert_max_num_queries):
    _course, _stages, (read, quiz, customer) = course
    roster.ensure(newcomer)  # made when they enrolled
    opened = progress.open_lesson(newcomer, read.pk)
    with django_assert_max_num_queries(3):  # the lesson's row, the stage's, the learner
        progress.start_lesson(newcomer, opened)
    opened = progress.open_lesson(newcomer, read.pk)
    with django_assert_max_num_queries(1):  # opened before: the learner's last activity
        progress.start_lesson(newcomer, opened)
    with django_assert_max_num_queries(4):  # the stage not passed yet: no pass written
        assert progress.complete_lesson(newcomer, opened) is True
    opened = progress.open_lesson(newcomer, read.pk)
    with django_assert_max_num_queries(0):  # done when opened: nothing to write
        assert progress.complete_lesson(newcomer, opened) is False
    opened = progress.open_lesson(newcomer, quiz.pk)
    progress.start_lesson(newcomer, opened)
    quizzes.submit_attempt(newcomer, opened, failing_answers(quiz))
    quizzes.submit_attempt(newcomer, opened, passing_answers(quiz))
    opened = progress.open_lesson(newcomer, customer.pk)
    progress.start_lesson(newcomer, opened)
    # The course's last lesson: the lesson, the stage, the learner, the stage's pass,
    # the course's completion (in a savepoint) and the learner's course count.
    with django_assert_max_num_queries(9):
        assert progress.complete_lesson(newcomer, opened) is True
    assert StageProgress.objects.filter(partner=newcomer, passed_at__isnull=False).count() == 2
