"""Gated progress through a course: stages open one at a time, a lesson with a quiz is done
only when its quiz is passed, progress and attempts are written once, and each step sends
its event once."""

import pytest

from learning import progress, quizzes, signals
from learning.models import CourseCompletion, Learner, LessonProgress, QuizAttempt, StagePass
from tests.learning.helpers import failing_answers, passing_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    received = []

    def listener(signal_name):
        def receive(sender, **kwargs):
            received.append((signal_name, kwargs))
        return receive

    receivers = {name: listener(name) for name in
                 ("lesson_completed", "stage_passed", "course_completed")}
    for name, receiver in receivers.items():
        getattr(signals, name).connect(receiver)
    yield received
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


def test_the_second_stage_is_locked_until_the_first_is_passed(course, newcomer,
                                                               django_capture_on_commit_callbacks):
    _course, _stages, (read, quiz, customer) = course
    with pytest.raises(progress.LessonLocked) as refused:
        progress.open_lesson(newcomer, customer.pk)
    assert "About us" in refused.value.message

    opened = progress.open_lesson(newcomer, read.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert progress.complete_lesson(newcomer, opened) is True
        assert progress.complete_lesson(newcomer, opened) is False
    assert LessonProgress.objects.filter(partner=newcomer, completed_at__isnull=False).count() == 1

    opened_quiz = progress.open_lesson(newcomer, quiz.pk)
    with pytest.raises(progress.QuizNotPassed):
        progress.complete_lesson(newcomer, opened_quiz)
    with pytest.raises(progress.LessonLocked):
        progress.open_lesson(newcomer, customer.pk)

    failed, created = quizzes.submit_attempt(newcomer, opened_quiz, failing_answers(quiz))
    assert created and not failed["passed"] and failed["attempts_left"] == 1
    assert all("correct_answers" not in item for item in failed["questions"])
    with django_capture_on_commit_callbacks(execute=True):
        passed, _ = quizzes.submit_attempt(newcomer, opened_quiz, passing_answers(quiz))
    assert passed["passed"] and passed["score"] == 100
    assert StagePass.objects.filter(partner=newcomer).count() == 1

    opened_last = progress.open_lesson(newcomer, customer.pk)
    with django_capture_on_commit_callbacks(execute=True):
        progress.complete_lesson(newcomer, opened_last)
    assert CourseCompletion.objects.filter(partner=newcomer).count() == 1
    learner = Learner.objects.get(partner=newcomer)
    assert (learner.lessons_done, learner.courses_done) == (3, 1)


def test_events_are_sent_once(course, newcomer, events, django_capture_on_commit_callbacks):
    _course, _stages, (read, quiz, customer) = course
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in (read,):
            opened = progress.open_lesson(newcomer, lesson.pk)
            progress.complete_lesson(newcomer, opened)
            progress.complete_lesson(newcomer, opened)
        opened = progress.open_lesson(newcomer, quiz.pk)
        quizzes.submit_attempt(newcomer, opened, passing_answers(quiz), attempt=1)
        quizzes.submit_attempt(newcomer, opened, passing_answers(quiz), attempt=1)
        progress.complete_lesson(newcomer, progress.open_lesson(newcomer, customer.pk))
    names = [name for name, _ in events]
    assert names.count("lesson_completed") == 3
    assert names.count("stage_passed") == 2
    assert names.count("course_completed") == 1
    assert QuizAttempt.objects.filter(partner=newcomer).count() == 1


def test_attempts_beyond_the_limit_are_refused(course, newcomer):
    _course, _stages, (_read, quiz, _customer) = course
    progress.complete_lesson(newcomer, progress.open_lesson(newcomer, _read.pk))
    opened = progress.open_lesson(newcomer, quiz.pk)
    quizzes.submit_attempt(newcomer, opened, failing_answers(quiz))
    last, _ = quizzes.submit_attempt(newcomer, opened, failing_answers(quiz))
    assert last["attempts_left"] == 0
    assert all("correct_answers" in item for item in last["questions"])
    with pytest.raises(quizzes.AttemptsExhausted):
        quizzes.submit_attempt(newcomer, opened, passing_answers(quiz))
    assert QuizAttempt.objects.filter(partner=newcomer).count() == 2


def test_an_answer_to_another_question_is_refused_and_nothing_stored(course, newcomer):
    _course, _stages, (read, quiz, _customer) = course
    progress.complete_lesson(newcomer, progress.open_lesson(newcomer, read.pk))
    opened = progress.open_lesson(newcomer, quiz.pk)
    with pytest.raises(quizzes.QuizError):
        quizzes.submit_attempt(newcomer, opened, {"not-a-question": ["x"]})
    with pytest.raises(quizzes.QuizError):
        quizzes.submit_attempt(newcomer, opened, ["a", "list"])
    assert not QuizAttempt.objects.exists()


def test_the_quiz_shown_holds_no_correct_answers_and_is_shuffled_per_attempt(course, newcomer):
    _course, _stages, (_read, quiz, _customer) = course
    shown = quizzes.describe(quizzes.Quiz.of(quiz), newcomer, str(quiz.translation_key))
    text = str(shown)
    assert "correct" not in text and "explanation" not in text and "is_true" not in text
    assert shown["attempt"] == 1 and len(shown["questions"]) == 2


def test_each_attempt_is_counted_once_in_the_quiz_item_tallies(course, newcomer):
    from learning.models import QuizItemTally

    _course, _stages, (read, quiz, _customer) = course
    progress.complete_lesson(newcomer, progress.open_lesson(newcomer, read.pk))
    opened = progress.open_lesson(newcomer, quiz.pk)
    quizzes.submit_attempt(newcomer, opened, failing_answers(quiz), attempt=1)
    quizzes.submit_attempt(newcomer, opened, failing_answers(quiz), attempt=1)  # a repeat
    quizzes.submit_attempt(newcomer, opened, passing_answers(quiz), attempt=2)
    tallies = list(QuizItemTally.objects.values_list("attempts", "failures"))
    assert sorted(tallies) == [(2, 1), (2, 1)]
