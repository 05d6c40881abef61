"""The cabinet's learning pages: the partner's courses with progress and the next lesson,
a course's stages with what opens the locked ones, a lesson with "Mark as done" or its quiz
(checked on the server, counted once, limited), the video position, and the courses in the
partner's language."""

import json
import uuid

import pytest
from django.test import Client

from learning import progress
from learning.models import LessonProgress, QuizAttempt, StagePass
from tests.helpers import publish_translation
from tests.learning.helpers import (
    at_most_queries,
    build_course,
    failing_answers,
    furnish,
    passing_answers,
    refetch,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client, newcomer):
    client.force_login(newcomer.user)
    return client


def finish_reading(partner, lesson):
    progress.complete_lesson(partner, progress.open_lesson(partner, lesson.pk))


def quiz_form(lesson, answers, attempt=1, submission=None):
    data = {"attempt": str(attempt), "submission": str(submission or uuid.uuid4())}
    for question_id, chosen in answers.items():
        data[f"q-{question_id}"] = chosen
    return data


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_learning_home_shows_progress_and_the_next_lesson(me, newcomer, course,
                                                              django_assert_max_num_queries):
    _course, _stages, (read, quiz, _customer) = course
    finish_reading(newcomer, read)
    me.get("/en/cabinet/learning/")  # the outlines are cached from the first request on
    with django_assert_max_num_queries(10):
        response = me.get("/en/cabinet/learning/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Start in 7 days" in html
    assert 'value="33"' in html  # one of three lessons
    assert f'href="/en/cabinet/learning/lessons/{quiz.pk}/"' in html
    assert "Continue:" in html and "Our products" in html


def test_the_course_page_shows_stages_ticks_and_what_opens_the_locked_one(
        me, newcomer, course, django_assert_max_num_queries):
    course_page, _stages, (read, _quiz, customer) = course
    finish_reading(newcomer, read)
    me.get(f"/en/cabinet/learning/courses/{course_page.pk}/")
    with django_assert_max_num_queries(10):
        response = me.get(f"/en/cabinet/learning/courses/{course_page.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "This stage opens after passing “About us”." in html
    assert 'class="is-done"' in html
    # A lesson of the locked stage is listed but not linked.
    assert f"/lessons/{customer.pk}/" not in html


def test_a_lesson_and_its_quiz_cost_at_most_ten_queries(me, newcomer, course, home,
                                                       make_partner,
                                                       django_assert_max_num_queries):
    """A realistic lesson (a picture, related articles, two stages, a quiz) stays within
    the target of ten queries: opened the first time, again, and an attempt at its quiz
    by the form and by the page's script."""
    _course, _stages, (read, quiz, customer) = course
    furnish(home, (read, quiz, customer))
    # The lesson is cached from the first partner's visit on.
    someone = Client()
    someone.force_login(make_partner().user)
    for lesson in (read, quiz):
        assert someone.get(f"/en/cabinet/learning/lessons/{lesson.pk}/").status_code == 200
    progress.touch(newcomer)  # not their first step in learning (that writes their row once)
    for _visit in ("first", "again"):
        with django_assert_max_num_queries(10):
            response = me.get(f"/en/cabinet/learning/lessons/{read.pk}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "We make natural products." in html and "<img" in html
        assert "Our shop" in html
        assert html.count("Article ") == 3 and "/help/article-0/" in html
    finish_reading(newcomer, read)
    with django_assert_max_num_queries(10):
        shown = me.get(f"/en/cabinet/learning/lessons/{quiz.pk}/")
    assert "Check my answers" in shown.content.decode()
    url = f"/en/cabinet/learning/lessons/{quiz.pk}/quiz/"
    form = quiz_form(quiz, failing_answers(quiz))
    with at_most_queries(10):
        failed = me.post(url, form)
    assert "Not passed yet" in failed.content.decode()
    body = {"answers": passing_answers(quiz), "attempt": 2}
    # Passing also completes the lesson and passes the stage (progress.py's writes: the
    # lesson done, the stage's progress and its pass, the partner's counters).
    with at_most_queries(12):
        passed = post_json(me, url, body)
    assert passed.status_code == 201 and passed.json()["passed"]
    assert "The next stage is open: Your first customer." in passed.json()["html"]


def test_a_lesson_changed_by_an_editor_shows_the_change(me, course):
    """The lesson's body and related articles are cached, but publishing shows at once."""
    _course, _stages, (read, _quiz, _customer) = course
    assert "We make natural products." in me.get(
        f"/en/cabinet/learning/lessons/{read.pk}/").content.decode()
    page = refetch(read)
    page.body = [{"type": "paragraph", "value": "<p>We make natural soap.</p>"}]
    page.save_revision().publish()
    html = me.get(f"/en/cabinet/learning/lessons/{read.pk}/").content.decode()
    assert "We make natural soap." in html and "natural products" not in html


def test_a_locked_lesson_and_its_quiz_are_refused_saying_what_opens_them(me, course):
    _course, _stages, (_read, _quiz, customer) = course
    response = me.get(f"/en/cabinet/learning/lessons/{customer.pk}/")
    assert response.status_code == 403
    assert "passing “About us”" in response.content.decode()
    answered = post_json(me, f"/en/cabinet/learning/lessons/{customer.pk}/quiz/", {"answers": {}})
    assert answered.status_code == 403 and "About us" in answered.json()["detail"]
    assert me.get("/en/cabinet/learning/lessons/999999/").status_code == 404
    assert not LessonProgress.objects.exists()


def test_mark_as_done_moves_on_to_the_next_lesson(me, newcomer, course):
    _course, _stages, (read, quiz, _customer) = course
    page = me.get(f"/en/cabinet/learning/lessons/{read.pk}/").content.decode()
    assert "Mark as done" in page and "We make natural products." in page
    response = me.post(f"/en/cabinet/learning/lessons/{read.pk}/done/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/cabinet/learning/lessons/{quiz.pk}/"
    assert LessonProgress.objects.get(partner=newcomer, lesson_key=read.translation_key
                                      ).completed_at is not None
    # A lesson with a quiz has no "Mark as done": the quiz completes it.
    assert "Mark as done" not in me.get(response["Location"]).content.decode()


def test_the_lesson_never_shows_correct_answers_or_explanations_before_an_attempt(
        me, newcomer, course):
    _course, _stages, (read, quiz, _customer) = course
    finish_reading(newcomer, read)
    html = me.get(f"/en/cabinet/learning/lessons/{quiz.pk}/").content.decode()
    assert "How many product lines?" in html and 'name="attempt" value="1"' in html
    assert "Because." not in html and "That is how it is." not in html
    assert "correct" not in html.lower().replace("check my answers", "")


def test_passing_the_quiz_with_the_plain_form_opens_the_next_stage(me, newcomer, course):
    _course, _stages, (read, quiz, customer) = course
    finish_reading(newcomer, read)
    url = f"/en/cabinet/learning/lessons/{quiz.pk}/quiz/"
    failed = me.post(url, quiz_form(quiz, failing_answers(quiz)))
    html = failed.content.decode()
    assert failed.status_code == 200
    assert "Not passed yet" in html and "Try again" in html
    assert "Because." in html  # the explanation, once answered
    assert "The right answer:" not in html  # not revealed while attempts remain
    assert me.get(f"/en/cabinet/learning/lessons/{customer.pk}/").status_code == 403

    passed = me.post(url, quiz_form(quiz, passing_answers(quiz), attempt=2))
    html = passed.content.decode()
    assert "Passed. Well done!" in html
    assert "The next stage is open: Your first customer." in html
    assert f"/en/cabinet/learning/lessons/{customer.pk}/" in html
    assert StagePass.objects.filter(partner=newcomer).exists()
    assert me.get(f"/en/cabinet/learning/lessons/{customer.pk}/").status_code == 200


def test_the_same_attempt_posted_twice_counts_once(me, newcomer, course):
    _course, _stages, (read, quiz, _customer) = course
    finish_reading(newcomer, read)
    url = f"/en/cabinet/learning/lessons/{quiz.pk}/quiz/"
    body = {"answers": failing_answers(quiz), "attempt": 1, "submission": str(uuid.uuid4())}
    first = post_json(me, url, body)
    again = post_json(me, url, body)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["score"] == again.json()["score"] == 0
    assert again.json()["created"] is False
    assert QuizAttempt.objects.filter(partner=newcomer).count() == 1
    assert "Try again" in first.json()["html"]


def test_attempts_beyond_the_limit_are_refused_with_a_message(me, newcomer, course):
    _course, _stages, (read, quiz, _customer) = course
    finish_reading(newcomer, read)
    url = f"/en/cabinet/learning/lessons/{quiz.pk}/quiz/"
    post_json(me, url, {"answers": failing_answers(quiz)})
    last = post_json(me, url, {"answers": failing_answers(quiz)}).json()
    assert last["attempts_left"] == 0
    assert "No attempts are left" in last["html"]
    assert "The right answer:" in last["html"]  # revealed once no attempt is left
    refused = post_json(me, url, {"answers": passing_answers(quiz)})
    assert refused.status_code == 409
    assert "No attempts are left for this quiz (2 allowed)." == refused.json()["detail"]
    plain = me.post(url, quiz_form(quiz, passing_answers(quiz), attempt=3))
    assert plain.status_code == 409 and "No attempts are left" in plain.content.decode()
    assert QuizAttempt.objects.filter(partner=newcomer).count() == 2


def test_a_malformed_answer_is_refused_and_nothing_stored(me, newcomer, course):
    _course, _stages, (read, quiz, _customer) = course
    finish_reading(newcomer, read)
    url = f"/en/cabinet/learning/lessons/{quiz.pk}/quiz/"
    assert post_json(me, url, {"answers": {"nope": ["x"]}}).status_code == 400
    assert me.post(url, "{not json", content_type="application/json").status_code == 400
    assert not QuizAttempt.objects.exists()


def test_the_video_position_is_remembered(me, newcomer, home):
    _course, _stages, (read, _quiz, _customer) = build_course(home, title="Video course")
    read.body = [{"type": "video", "value": {
        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "video": None, "poster": None,
        "title": "Welcome"}}]
    read.save_revision().publish()
    url = f"/en/cabinet/learning/lessons/{read.pk}/"
    html = me.get(url).content.decode()
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' in html
    saved = post_json(me, url + "video-position/", {"seconds": 75.4})
    assert saved.status_code == 200 and saved.json() == {"seconds": 75}
    assert post_json(me, url + "video-position/", {"seconds": "soon"}).status_code == 400
    assert "You stopped at 1:15." in me.get(url).content.decode()


def translate_course(course, stages, lessons, locale, prefix="RU "):
    publish_translation(course, locale, title=prefix + course.title)
    for page in (*stages, *lessons):
        publish_translation(refetch(page), locale, title=prefix + page.title)


def test_a_russian_partner_sees_the_russian_course_and_an_untranslated_one_in_english(
        me, home, locales):
    translated = build_course(home, title="Start in 7 days")
    build_course(home, title="Products for everyone")
    translate_course(*translated, locales["ru"], prefix="Старт: ")
    html = me.get("/ru/cabinet/learning/").content.decode()
    assert "Старт: Start in 7 days" in html
    assert "Products for everyone" in html  # no Russian translation: the English one
    english = me.get("/en/cabinet/learning/").content.decode()
    assert "Старт:" not in english and "Start in 7 days" in english


def test_a_lesson_opened_in_another_language_leads_to_its_translation(me, home, locales):
    course, stages, lessons = build_course(home)
    translate_course(course, stages, lessons, locales["ru"], prefix="Урок: ")
    read = lessons[0]
    response = me.get(f"/ru/cabinet/learning/lessons/{read.pk}/")
    assert response.status_code == 302
    russian = me.get(response["Location"]).content.decode()
    assert "Урок: Who we are" in russian
    assert me.get(f"/en/cabinet/learning/lessons/{read.pk}/").status_code == 200
