"""A lesson's quiz: how it is shown to a partner (its questions and answers shuffled per
attempt, without the correct answers), how an attempt is checked on the server, and the
attempts limit.

An attempt is identified by its number for the partner and quiz (unique in the database)
and, optionally, a `submission` key the client sends: the same attempt submitted twice (a
double tap, a retry after a timeout) returns the first result and counts once. Correct
answers are revealed with the feedback only once the quiz is passed or no attempt is left.
"""

import random
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import courses, tallies
from .models import LessonPage, QuizAttempt
from .progress import LearningError, complete_lesson, touch

TRUE_FALSE = ("true", "false")


class QuizError(LearningError):
    status = 400


class NoQuiz(LearningError):
    status = 404


class AttemptsExhausted(LearningError):
    status = 409


@dataclass
class Quiz:
    """The quiz block of a lesson page: its settings and questions (block values)."""

    block_id: str
    title: str
    pass_mark: int
    attempts_allowed: int
    shuffle: bool
    questions: list  # [(question id, StructValue)]

    @classmethod
    def of(cls, page):
        child = page.quiz()
        if child is None:
            raise NoQuiz(_("This lesson has no quiz."))
        value = child.value
        questions = value["questions"]
        return cls(block_id=str(child.id), title=value.get("title") or "",
                   pass_mark=value["pass_mark"], attempts_allowed=value["attempts_allowed"],
                   shuffle=bool(value.get("shuffle")),
                   questions=[(str(bound.id), _plain(bound.value))
                              for bound in questions.bound_blocks])

    @classmethod
    def of_lesson(cls, lesson_id):
        """The quiz of live lesson page `lesson_id`, parsed once per content version (the
        cache is dropped when an editor publishes a learning page), so a lesson's page, its
        API and an attempt do not read and parse the page's body on every request."""
        key = f"learning:quiz:{lesson_id}:{courses.content_version()}"
        quiz = cache.get(key)
        if quiz is None:
            page = LessonPage.objects.live().only("id", "body").filter(pk=lesson_id).first()
            quiz = cls.of(page) if page is not None else NO_QUIZ
            cache.set(key, quiz, courses.CACHE_SECONDS)
        if quiz == NO_QUIZ:
            raise NoQuiz(_("This lesson has no quiz."))
        return quiz


NO_QUIZ = "none"


def _plain(question):
    """A question block's value as plain data (kept in the cache, compared in tests):
    kind, text, explanation, is_true and its answers as [{"id", "text", "correct"}]."""
    return {
        "kind": question["kind"], "text": question["text"],
        "explanation": question.get("explanation") or "",
        "is_true": bool(question.get("is_true")),
        "answers": [{"id": str(bound.id), "text": bound.value["text"],
                     "correct": bool(bound.value.get("correct"))}
                    for bound in question["answers"].bound_blocks],
    }


def answer_ids(question):
    """The ids of a question's answers, in the editor's order."""
    if question["kind"] == "true_false":
        return list(TRUE_FALSE)
    return [answer["id"] for answer in question["answers"]]


def correct_ids(question):
    if question["kind"] == "true_false":
        return {"true"} if question.get("is_true") else {"false"}
    return {answer["id"] for answer in question["answers"] if answer["correct"]}


def _answer_texts(question):
    if question["kind"] == "true_false":
        return {"true": _("True"), "false": _("False")}
    return {answer["id"]: answer["text"] for answer in question["answers"]}


def attempts_used(partner, lesson_key):
    return QuizAttempt.objects.filter(partner=partner, lesson_key=lesson_key).count()


def presented(quiz, partner, lesson_key, number):
    """The questions as attempt `number` shows them: shuffled (when the quiz says so) by a
    seed of the partner, quiz and attempt, so a reload shows the same order and the next
    attempt another; no correct answers, no explanations."""
    rng = random.Random(f"{partner.pk}:{lesson_key}:{number}")
    questions = list(quiz.questions)
    if quiz.shuffle:
        rng.shuffle(questions)
    shown = []
    for question_id, question in questions:
        texts = _answer_texts(question)
        ids = answer_ids(question)
        if quiz.shuffle and question["kind"] != "true_false":
            rng.shuffle(ids)
        shown.append({
            "id": question_id,
            "kind": question["kind"],
            "text": question["text"],
            "answers": [{"id": answer_id, "text": str(texts[answer_id])} for answer_id in ids],
        })
    return shown


def attempts_of(partner, lesson_key):
    """(attempts used, passed, the attempt to show: the passing one, else the last) in one
    query; the attempts allowed are a handful, so reading them all is cheap."""
    attempts = list(QuizAttempt.objects.filter(partner=partner, lesson_key=lesson_key)
                    .order_by("-passed", "-number"))
    best = attempts[0] if attempts else None
    return len(attempts), bool(best and best.passed), best


def describe(quiz, partner, lesson_key, used=None, passed=None):
    """The quiz as the partner may see it before answering."""
    if used is None or passed is None:
        used, passed, _best = attempts_of(partner, lesson_key)
    left = None if not quiz.attempts_allowed else max(0, quiz.attempts_allowed - used)
    return {
        "id": quiz.block_id,
        "title": quiz.title,
        "pass_mark": quiz.pass_mark,
        "attempts_allowed": quiz.attempts_allowed,
        "attempts_used": used,
        "attempts_left": left,
        "passed": passed,
        "attempt": used + 1,
        "questions": presented(quiz, partner, lesson_key, used + 1),
    }


def clean_answers(quiz, answers):
    """{question id: set of answer ids} from what the client sent, or QuizError saying
    what is wrong. A question left out counts as unanswered (wrong)."""
    if not isinstance(answers, dict):
        raise QuizError(_("Send the answers as an object of question ids."))
    questions = dict(quiz.questions)
    cleaned = {}
    for question_id, chosen in answers.items():
        question = questions.get(str(question_id))
        if question is None:
            raise QuizError(_("Question %(id)s is not in this quiz.") % {"id": question_id})
        if isinstance(chosen, bool) and question["kind"] == "true_false":
            chosen = ["true" if chosen else "false"]
        if isinstance(chosen, str):
            chosen = [chosen]
        if not isinstance(chosen, list) or not all(isinstance(item, str) for item in chosen):
            raise QuizError(_("The answer to question %(id)s must be a list of answer ids.")
                            % {"id": question_id})
        allowed = set(answer_ids(question))
        unknown = [item for item in chosen if item not in allowed]
        if unknown:
            raise QuizError(_("Answer %(answer)s is not one of question %(id)s's answers.")
                            % {"answer": unknown[0], "id": question_id})
        if question["kind"] != "multiple" and len(set(chosen)) > 1:
            raise QuizError(_("Question %(id)s takes one answer.") % {"id": question_id})
        cleaned[str(question_id)] = sorted(set(chosen))
    return cleaned


def feedback(quiz, attempt, reveal):
    """Per question: whether it was right, the explanation and, when `reveal`, the correct
    answers."""
    items = []
    for question_id, question in quiz.questions:
        item = {
            "id": question_id,
            "text": question["text"],
            "correct": bool(attempt.results.get(question_id)),
            "chosen": attempt.answers.get(question_id, []),
            "explanation": question.get("explanation") or "",
        }
        if reveal:
            item["correct_answers"] = sorted(correct_ids(question))
        items.append(item)
    return items


def result(quiz, attempt, used):
    left = None if not quiz.attempts_allowed else max(0, quiz.attempts_allowed - used)
    reveal = attempt.passed or left == 0
    return {
        "attempt": attempt.number,
        "score": attempt.score,
        "pass_mark": quiz.pass_mark,
        "passed": attempt.passed,
        "attempts_used": used,
        "attempts_left": left,
        "questions": feedback(quiz, attempt, reveal),
    }


def submit_attempt(partner, opened, answers, *, attempt=None, submission=None, now=None):
    """Check an attempt on the server and record it once. `opened` is the lesson
    (progress.open_lesson: refused there when locked), `attempt` the attempt number the
    partner was shown and `submission` an optional client key; either makes a repeat of
    the same attempt return its first result. Returns (result dict, created)."""
    now = now or timezone.now()
    quiz = Quiz.of_lesson(opened.lesson.id)
    lesson_key = opened.lesson.key
    if submission is not None:
        try:
            submission = uuid.UUID(str(submission))
        except ValueError:
            raise QuizError(_("The submission key must be a UUID.")) from None
    # The partner's attempts at this quiz and the one sent with this key, in one query.
    mine = Q(lesson_key=lesson_key) | Q(submission=submission) if submission else \
        Q(lesson_key=lesson_key)
    rows = list(QuizAttempt.objects.filter(mine, partner=partner))
    this_quiz = [row for row in rows if row.lesson_key == uuid.UUID(lesson_key)]
    used = len(this_quiz)
    earlier = next((row for row in rows if submission and row.submission == submission), None)
    if earlier is not None:
        if earlier.lesson_key != uuid.UUID(lesson_key):
            raise QuizError(_("This submission key was used for another quiz."))
        return result(quiz, earlier, used), False
    cleaned = clean_answers(quiz, answers)
    if attempt is not None:
        if not isinstance(attempt, int) or isinstance(attempt, bool) or attempt < 1:
            raise QuizError(_("The attempt number must be a positive whole number."))
        if attempt <= used:
            earlier = next(row for row in this_quiz if row.number == attempt)
            return result(quiz, earlier, used), False
        if attempt > used + 1:
            raise QuizError(_("Attempt %(number)d has not been shown yet.")
                            % {"number": attempt})
    number = used + 1
    if quiz.attempts_allowed and number > quiz.attempts_allowed:
        raise AttemptsExhausted(_("No attempts are left for this quiz (%(count)d allowed).")
                                % {"count": quiz.attempts_allowed})
    results = {question_id: set(cleaned.get(question_id, [])) == correct_ids(question)
               for question_id, question in quiz.questions}
    score = round(100 * sum(results.values()) / len(results)) if results else 0
    try:
        with transaction.atomic():
            saved = QuizAttempt.objects.create(
                partner=partner, course_key=opened.course.key, stage_key=opened.stage.key,
                lesson_key=lesson_key, number=number, submission=submission or uuid.uuid4(),
                answers=cleaned, results=results, score=score,
                passed=score >= quiz.pass_mark, submitted_at=now)
            # counted with the attempt, in its transaction: once, or not at all
            tallies.count_attempt(lesson_key, results, timezone.localdate(now))
    except IntegrityError:
        # The same attempt arrived twice at once: the first one stands.
        earlier = QuizAttempt.objects.filter(partner=partner, lesson_key=lesson_key,
                                             number=number).first()
        if earlier is None and submission is not None:
            earlier = QuizAttempt.objects.filter(partner=partner, submission=submission).first()
        if earlier is None:
            raise
        return result(quiz, earlier, attempts_used(partner, lesson_key)), False
    if saved.passed:
        complete_lesson(partner, opened, now=now, quiz_checked=True)
    else:
        touch(partner, now, opened=opened)
    return result(quiz, saved, number), True
