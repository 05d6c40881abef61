"""Builders for learning's tests: a course of stages and lessons, quiz bodies, and the
answers that pass (or fail) a lesson's quiz."""

from learning.models import CoursePage, LearningIndexPage, LessonPage, StagePage
from learning.quizzes import Quiz, correct_ids


def quiz_block(questions, pass_mark=100, attempts_allowed=2, shuffle=True, title="Check"):
    return {"type": "quiz", "value": {
        "title": title, "pass_mark": pass_mark, "attempts_allowed": attempts_allowed,
        "shuffle": shuffle, "questions": questions,
    }}


def single(text, answers, correct, explanation="Because."):
    """A single-choice question; `correct` is the index of the right answer."""
    return {"kind": "single", "text": text, "is_true": False, "explanation": explanation,
            "answers": [{"text": answer, "correct": index == correct}
                        for index, answer in enumerate(answers)]}


def true_false(text, is_true, explanation="That is how it is."):
    return {"kind": "true_false", "text": text, "is_true": is_true, "answers": [],
            "explanation": explanation}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def add_lesson(stage, title, body=(), **fields):
    lesson = LessonPage(title=title, body=list(body), **fields)
    stage.add_child(instance=lesson)
    lesson.save_revision().publish()
    return lesson


def build_course(home, title="Start in 7 days", **fields):
    """A course of two stages: stage one has a reading lesson and a lesson with a quiz
    (a single-choice and a true/false question, pass mark 100%, two attempts); stage two
    has one reading lesson."""
    index = LearningIndexPage.objects.child_of(home).first()
    if index is None:
        index = LearningIndexPage(title="Learning", slug="learning")
        home.add_child(instance=index)
        index.save_revision().publish()
    course = CoursePage(title=title, summary="Your first week.", **fields)
    index.add_child(instance=course)
    course.save_revision().publish()
    first = StagePage(title="About us")
    course.add_child(instance=first)
    first.save_revision().publish()
    second = StagePage(title="Your first customer")
    course.add_child(instance=second)
    second.save_revision().publish()
    read = add_lesson(first, "Who we are", [paragraph("<p>We make natural products.</p>")])
    quiz = add_lesson(first, "Our products", [
        paragraph("<p>Three product lines.</p>"),
        quiz_block([
            single("How many product lines?", ["One", "Three", "Ten"], correct=1),
            true_false("Every partner gets a landing page.", True),
        ]),
    ])
    customer = add_lesson(second, "Your first customer",
                          [paragraph("<p>Start with people you know.</p>")])
    return course, (first, second), (read, quiz, customer)


def refetch(page):
    return page.__class__.objects.get(pk=page.pk)


def passing_answers(lesson):
    quiz = Quiz.of(refetch(lesson))
    return {question_id: sorted(correct_ids(question)) for question_id, question in quiz.questions}


def failing_answers(lesson):
    quiz = Quiz.of(refetch(lesson))
    answers = {}
    for question_id, question in quiz.questions:
        from learning.quizzes import answer_ids

        wrong = [answer for answer in answer_ids(question) if answer not in correct_ids(question)]
        answers[question_id] = wrong[:1]
    return answers


def furnish(home, lessons):
    """Make the course realistic for the query-count tests: a picture block in the reading
    lesson and three knowledge-base articles related to every lesson. Returns the
    articles."""
    from learning.models import KnowledgeArticlePage, KnowledgeBaseIndexPage
    from tests.factories import ImageFactory

    index = KnowledgeBaseIndexPage(title="Help", slug="help")
    home.add_child(instance=index)
    index.save_revision().publish()
    articles = []
    for number in range(3):
        article = KnowledgeArticlePage(title=f"Article {number}", summary="In short.")
        index.add_child(instance=article)
        article.save_revision().publish()
        articles.append(article)
    picture = ImageFactory()
    for lesson in lessons:
        lesson = refetch(lesson)
        if lesson.quiz() is None:
            lesson.body = list(lesson.body.raw_data) + [{"type": "image", "value": {
                "image": picture.pk, "caption": "Our shop", "attribution": ""}}]
        lesson.related_articles.set(articles)
        lesson.save_revision().publish()
    return articles


class at_most_queries:  # noqa: N801 (used as a context manager, like pytest-django's)
    """Fail when the block runs more than `limit` SQL statements, not counting the
    SAVEPOINT/RELEASE pairs that `transaction.atomic()` issues only because a test runs
    inside a transaction (outside one, in a request, the same block is the request's own
    transaction and sends no savepoint)."""

    def __init__(self, limit):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.limit, self.captured = limit, CaptureQueriesContext(connection)

    def __enter__(self):
        self.captured.__enter__()
        return self

    def __exit__(self, *exc):
        self.captured.__exit__(*exc)
        if exc[0] is not None:
            return False
        statements = [query["sql"] for query in self.captured.captured_queries
                      if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
        assert len(statements) <= self.limit, "\n".join(
            [f"{len(statements)} statements, more than {self.limit}:", *statements])
        return False
