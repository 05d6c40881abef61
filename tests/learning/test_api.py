"""The learning API: a partner's courses with what is locked and what opens it, a lesson's
content without the quiz's answers, completing lessons, quiz attempts counted once and
refused beyond the limit, gated files, the 90-day plan and the mentor view, each scoped
to the signed-in partner; refusals answer with a `detail` and store nothing."""

import json
import uuid

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient
from wagtail.documents.models import Document

from learning import progress
from learning.models import Audience, JourneyTaskDone, LessonProgress, QuizAttempt
from network import downline
from tests.factories import UserFactory
from tests.helpers import publish_translation, require_postgresql, run_at_once
from tests.learning.helpers import (
    add_lesson,
    at_most_queries,
    build_course,
    failing_answers,
    furnish,
    passing_answers,
)
from tests.learning.journey_helpers import build_plan, joined_days_ago, many_newcomers

pytestmark = pytest.mark.django_db

COURSES = "/api/v1/learning/courses/"


def lesson_url(lesson, action=""):
    return f"/api/v1/learning/lessons/{lesson.pk}/{action}"


def attempts_url(lesson):
    return f"/api/v1/learning/quizzes/{lesson.pk}/attempts/"


def signed_in(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def api(newcomer):
    return signed_in(newcomer.user)


def keys_in(data):
    """Every key of every object in a JSON document."""
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in keys_in(value)}
    if isinstance(data, list):
        return {key for value in data for key in keys_in(value)}
    return set()


def post(api, url, body=None):
    return api.post(url, body if body is not None else {}, format="json")


# --- courses ------------------------------------------------------------------------------


def test_the_partner_sees_their_courses_with_locked_stages_and_what_opens_them(
        api, course, django_assert_max_num_queries):
    page, (first, second), (read, quiz, customer) = course
    with django_assert_max_num_queries(10):
        response = api.get(COURSES)
    assert response.status_code == 200
    [mine] = response.json()
    assert (mine["id"], mine["title"], mine["percent"], mine["completed"]) == (
        page.pk, "Start in 7 days", 0, False)
    assert mine["next_lesson"] == read.pk
    one, two = mine["stages"]
    assert (one["id"], one["locked"], one["passed"], one["opens_by"]) == (
        first.pk, False, False, [])
    assert two["locked"] and two["opens_by"] == ["passing \u201cAbout us\u201d"]
    assert [(lesson["id"], lesson["has_quiz"], lesson["locked"]) for lesson in
            one["lessons"] + two["lessons"]] == [
        (read.pk, False, False), (quiz.pk, True, False), (customer.pk, False, True)]


def test_the_courses_show_the_partners_own_progress_only(api, course, make_partner):
    _page, _stages, (read, _quiz, _customer) = course
    assert post(api, lesson_url(read, "complete/")).status_code == 200
    [mine] = api.get(COURSES).json()
    assert mine["percent"] == 33 and mine["stages"][0]["lessons"][0]["completed"]
    [theirs] = signed_in(make_partner().user).get(COURSES).json()
    assert theirs["percent"] == 0 and not theirs["stages"][0]["lessons"][0]["completed"]


def test_a_course_shows_in_the_requests_language_or_falls_back(api, course, locales):
    page, _stages, _lessons = course
    assert api.get(COURSES, HTTP_ACCEPT_LANGUAGE="uk").json()[0]["language"] == "en"
    translated = publish_translation(page, locales["ru"], title="Старт за 7 дней")
    [russian] = api.get(COURSES, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert (russian["id"], russian["title"], russian["language"]) == (
        translated.pk, "Старт за 7 дней", "ru")


def test_someone_without_a_partner_is_refused(course, staff):
    for user in (UserFactory(), staff):
        response = signed_in(user).get(COURSES)
        assert response.status_code == 403
        assert response.json()["code"] == "not_a_partner" and response.json()["detail"]
    assert APIClient().get(COURSES).status_code == 401


def test_staff_with_a_partner_see_their_own_courses(course, make_partner):
    partner = make_partner(is_staff=True)
    assert signed_in(partner.user).get(COURSES).json()[0]["percent"] == 0


# --- a lesson -------------------------------------------------------------------------------


def test_a_lesson_shows_its_content_and_the_quiz_without_its_answers(api, course, newcomer):
    _page, (first, _second), (_read, quiz, _customer) = course
    response = api.get(lesson_url(quiz))
    assert response.status_code == 200
    data = response.json()
    assert (data["id"], data["stage"], data["completed"], data["video_seconds"]) == (
        quiz.pk, first.pk, False, 0)
    assert data["body"][0]["type"] == "paragraph"
    assert data["body"][0]["html"] == "<p>Three product lines.</p>"
    assert data["body"][1]["type"] == "quiz" and set(data["body"][1]) == {"type", "id"}
    assert data["quiz"]["attempts_left"] == 2 and data["quiz"]["attempt"] == 1
    assert len(data["quiz"]["questions"]) == 2
    assert not keys_in(data) & {"correct", "explanation", "correct_answers", "is_true"}
    assert "Because." not in response.content.decode()
    # Opening the lesson counts as starting it (the funnel's "started").
    assert LessonProgress.objects.filter(partner=newcomer, lesson_key=quiz.translation_key,
                                         completed_at=None).exists()


def test_a_lesson_and_a_quiz_attempt_cost_at_most_ten_queries(
        api, course, newcomer, home, make_partner, django_assert_max_num_queries):
    """A realistic lesson (a picture, related articles, a quiz): its content, and an
    attempt at its quiz, each within the target of ten queries."""
    _page, _stages, (read, quiz, customer) = course
    furnish(home, (read, quiz, customer))
    someone = signed_in(make_partner().user)
    for lesson in (read, quiz):
        someone.get(lesson_url(lesson))  # the lesson is cached from the first visit on
    progress.touch(newcomer)  # not their first step in learning (that writes their row once)
    with django_assert_max_num_queries(10):
        response = api.get(lesson_url(read))
    blocks = response.json()["body"]
    assert [block["type"] for block in blocks] == ["paragraph", "image"]
    assert blocks[1]["caption"] == "Our shop" and blocks[1]["url"]
    post(api, lesson_url(read, "complete/"))
    with django_assert_max_num_queries(10):
        shown = api.get(lesson_url(quiz)).json()["quiz"]
    assert len(shown["questions"]) == 2
    body = {"answers": failing_answers(quiz), "attempt": 1}
    with at_most_queries(10):
        failed = post(api, attempts_url(quiz), body)
    assert failed.status_code == 201 and not failed.json()["passed"]
    body = {"answers": passing_answers(quiz), "attempt": 2}
    with at_most_queries(10):
        passed = post(api, attempts_url(quiz), body)
    assert passed.status_code == 201 and passed.json()["passed"]


def test_a_locked_lesson_answers_403_saying_what_opens_it(api, course, newcomer):
    _page, _stages, (_read, _quiz, customer) = course
    response = api.get(lesson_url(customer))
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This stage opens after passing \u201cAbout us\u201d.",
        "code": "lesson_locked",
    }
    assert not LessonProgress.objects.filter(partner=newcomer).exists()


def test_an_unknown_lesson_is_404(api, course):
    page, (first, _second), _lessons = course
    for missing in (999_999, page.pk, first.pk):
        response = api.get(f"/api/v1/learning/lessons/{missing}/")
        assert response.status_code == 404 and response.json()["detail"]


def test_a_lesson_of_a_course_for_someone_else_is_404(course, home, make_partner):
    _page, _stages, (read, _quiz, _customer) = build_course(
        home, title="Leaders only", audience=Audience.FROM_RANK, from_rank="diamond")
    response = signed_in(make_partner().user).get(lesson_url(read))
    assert response.status_code == 404


def test_completing_a_lesson_counts_once(api, course, newcomer):
    _page, _stages, (read, _quiz, _customer) = course
    first = post(api, lesson_url(read, "complete/"))
    assert first.status_code == 200
    assert first.json() == {"lesson": read.pk, "completed": True, "created": True,
                            "stage_passed": False, "course_completed": False, "percent": 33,
                            "next_lesson": first.json()["next_lesson"]}
    again = post(api, lesson_url(read, "complete/"))
    assert again.status_code == 200 and again.json()["created"] is False
    assert LessonProgress.objects.filter(partner=newcomer,
                                         completed_at__isnull=False).count() == 1


def test_a_lesson_with_a_quiz_is_completed_by_passing_it_not_by_a_click(api, course, newcomer):
    _page, _stages, (_read, quiz, customer) = course
    response = post(api, lesson_url(quiz, "complete/"))
    assert response.status_code == 409 and response.json()["code"] == "quiz_not_passed"
    assert post(api, lesson_url(customer, "complete/")).status_code == 403
    assert not LessonProgress.objects.filter(partner=newcomer,
                                             completed_at__isnull=False).exists()


def test_the_video_position_is_remembered(api, course):
    _page, _stages, (read, _quiz, customer) = course
    response = post(api, lesson_url(read, "video-position/"), {"seconds": 95})
    assert response.status_code == 200 and response.json() == {"lesson": read.pk, "seconds": 95}
    assert api.get(lesson_url(read)).json()["video_seconds"] == 95
    for bad in ({"seconds": "95"}, {"seconds": -1}, {}):
        assert post(api, lesson_url(read, "video-position/"), bad).status_code == 400
    assert post(api, lesson_url(customer, "video-position/"), {"seconds": 5}).status_code == 403


# --- files ------------------------------------------------------------------------------------


@pytest.fixture
def handouts(course):
    """A document in an open lesson and one in a locked lesson."""
    _page, (first, second), _lessons = course
    made = []
    for stage, name in ((first, "open"), (second, "locked")):
        document = Document.objects.create(title=f"{name} handout")
        document.file.save(f"{name}.txt", ContentFile(f"{name} handout text".encode()))
        lesson = add_lesson(stage, f"Handout {name}", [
            {"type": "document", "value": {"document": document.pk, "title": "",
                                           "description": "Print it."}}])
        made.append(lesson)
    return made


def test_a_lessons_document_is_served_only_while_the_lesson_is_open(api, handouts):
    open_lesson, locked_lesson = handouts
    [block] = api.get(lesson_url(open_lesson)).json()["body"]
    assert (block["type"], block["title"], block["filename"]) == (
        "document", "open handout", "open.txt")
    download = api.get(block["file_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"open handout text"
    locked_file = block["file_url"].replace(f"/{open_lesson.pk}/", f"/{locked_lesson.pk}/")
    refused = api.get(locked_file)
    assert refused.status_code == 403 and "opens after" in refused.json()["detail"]
    assert api.get(block["file_url"].replace(block["id"], "nothing")).status_code == 404
    assert APIClient().get(block["file_url"]).status_code == 401


# --- quiz attempts --------------------------------------------------------------------------


def test_a_failed_then_passed_quiz_gives_feedback_and_opens_the_next_stage(api, course,
                                                                          newcomer):
    _page, _stages, (_read, quiz, customer) = course
    shown = api.get(lesson_url(quiz)).json()["quiz"]
    failed = post(api, attempts_url(quiz), {"answers": failing_answers(quiz),
                                            "attempt": shown["attempt"]})
    assert failed.status_code == 201
    result = failed.json()
    assert (result["passed"], result["score"], result["attempts_left"], result["created"]) == (
        False, 0, 1, True)
    assert {item["explanation"] for item in result["questions"]} == {
        "Because.", "That is how it is."}
    assert not any(item["correct"] for item in result["questions"])
    assert all("correct_answers" not in item for item in result["questions"])

    passed = post(api, attempts_url(quiz), {"answers": passing_answers(quiz), "attempt": 2})
    assert passed.status_code == 201
    assert (passed.json()["passed"], passed.json()["score"]) == (True, 100)
    assert all(item["correct_answers"] for item in passed.json()["questions"])
    assert api.get(lesson_url(quiz)).json()["completed"] is True
    stages = api.get(COURSES).json()[0]["stages"]
    # The first lesson is not read yet, so the stage is not passed: still locked.
    assert stages[1]["locked"]
    _page, _stages, (read, _quiz, _customer) = course
    assert post(api, lesson_url(read, "complete/")).json()["stage_passed"] is True
    assert api.get(lesson_url(customer)).status_code == 200


def test_a_repeated_attempt_counts_once(api, course, newcomer):
    _page, _stages, (_read, quiz, _customer) = course
    body = {"answers": failing_answers(quiz), "attempt": 1}
    first = post(api, attempts_url(quiz), body)
    repeat = post(api, attempts_url(quiz), body)
    assert (first.status_code, repeat.status_code) == (201, 200)
    assert repeat.json() == {**first.json(), "created": False}
    keyed = {"answers": failing_answers(quiz), "submission": "2f1f7cc8-0a31-4c55-9d4a-0a8d1c9c0001"}
    assert post(api, attempts_url(quiz), keyed).status_code == 201
    assert post(api, attempts_url(quiz), keyed).status_code == 200
    assert QuizAttempt.objects.filter(partner=newcomer).count() == 2


def test_an_attempt_beyond_the_limit_is_refused_and_nothing_is_stored(api, course, newcomer):
    _page, _stages, (_read, quiz, _customer) = course
    for number in (1, 2):
        assert post(api, attempts_url(quiz), {"answers": failing_answers(quiz),
                                              "attempt": number}).status_code == 201
    response = post(api, attempts_url(quiz), {"answers": passing_answers(quiz)})
    assert response.status_code == 409
    assert response.json()["code"] == "attempts_exhausted"
    assert "No attempts are left" in response.json()["detail"]
    assert QuizAttempt.objects.filter(partner=newcomer).count() == 2
    assert not QuizAttempt.objects.filter(partner=newcomer, passed=True).exists()
    assert api.get(lesson_url(quiz)).json()["quiz"]["attempts_left"] == 0


@pytest.mark.parametrize("body", [
    {"answers": {"not-a-question": ["x"]}},
    {"answers": ["a list"]},
    {"answers": {"q": 5}},
    {"answers": {}, "attempt": "1"},
    {"answers": {}, "attempt": 0},
    {"answers": {}, "submission": "not-a-uuid"},
    {},
])
def test_a_malformed_attempt_is_400_and_nothing_is_stored(api, course, newcomer, body):
    _page, _stages, (_read, quiz, _customer) = course
    response = post(api, attempts_url(quiz), body)
    assert response.status_code == 400, response.json()
    assert response.json()["detail"]
    assert not QuizAttempt.objects.exists()
    assert not LessonProgress.objects.filter(partner=newcomer).exists()


def test_an_answer_to_a_question_not_in_the_quiz_is_named(api, course):
    _page, _stages, (_read, quiz, _customer) = course
    answers = {**passing_answers(quiz), "0c1f-made-up": ["true"]}
    response = post(api, attempts_url(quiz), {"answers": answers})
    assert response.status_code == 400
    assert response.json()["detail"] == "Question 0c1f-made-up is not in this quiz."
    assert not QuizAttempt.objects.exists()


def test_a_body_that_is_not_json_is_400(api, course):
    _page, _stages, (_read, quiz, _customer) = course
    response = api.post(attempts_url(quiz), '{"answers": {', content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]
    assert not QuizAttempt.objects.exists()


def test_an_attempt_on_a_locked_or_quizless_lesson_is_refused(api, course, home):
    _page, _stages, (read, _quiz, customer) = course
    locked = post(api, attempts_url(customer), {"answers": {}})
    assert locked.status_code == 403 and "About us" in locked.json()["detail"]
    assert post(api, attempts_url(read), {"answers": {}}).status_code == 404
    assert post(api, "/api/v1/learning/quizzes/999999/attempts/",
                {"answers": {}}).status_code == 404
    assert not QuizAttempt.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submissions_at_once_count_once(home, make_partner):
    require_postgresql("concurrent requests need PostgreSQL; SQLite serializes them")
    _page, _stages, (_read, quiz, _customer) = build_course(home)
    partner = make_partner()
    # A double tap: the same submission twice. (Without its key, two requests only count
    # once when they really overlap; one finished first is a second attempt.)
    body = {"answers": failing_answers(quiz), "submission": str(uuid.uuid4())}

    def submit():
        response = signed_in(partner.user).post(attempts_url(quiz), body, format="json")
        return response.status_code, response.json()

    results, errors = run_at_once([submit, submit])
    assert errors == [None, None]
    assert sorted(code for code, _answer in results) == [200, 201], results
    assert {answer["attempt"] for _code, answer in results} == {1}
    assert QuizAttempt.objects.filter(partner=partner).count() == 1


# --- the 90-day plan --------------------------------------------------------------------------

JOURNEY = "/api/v1/learning/journey/"


def task_done_url(key):
    return f"/api/v1/learning/journey/tasks/{key}/done/"


@pytest.fixture
def plan(course):
    return build_plan(course, russian=True)


def test_the_journey_shows_the_days_tasks_and_the_first_goal(api, plan, newcomer):
    joined_days_ago(newcomer, 3)  # today is day 4, the first goal's day
    response = api.get(JOURNEY)
    assert response.status_code == 200
    data = response.json()
    assert (data["day"], data["total"], data["done"], data["percent"]) == (4, 15, 0, 0)
    assert data["welcome"] == "Welcome to the team!"
    tasks = {task["key"]: task for task in data["tasks"]}
    assert tasks["list-20-people"]["bucket"] == "overdue"
    assert not tasks["list-20-people"]["automatic"]
    assert tasks["first-order"]["bucket"] == "today" and tasks["first-order"]["automatic"]
    assert data["first_goal"]["key"] == "first-order"
    assert data["countdown"]["reached"] is False and data["countdown"]["overdue"] is False
    russian = api.get(JOURNEY, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert "Составьте список из 20 человек" in [task["title"] for task in russian["tasks"]]


def test_a_manual_task_is_marked_done_once(api, plan, newcomer):
    first = post(api, task_done_url("list-20-people"))
    assert first.status_code == 200
    assert (first.json()["key"], first.json()["done"], first.json()["bucket"],
            first.json()["created"]) == ("list-20-people", True, "done", True)
    again = post(api, task_done_url("list-20-people"))
    assert again.status_code == 200 and again.json()["created"] is False
    assert JourneyTaskDone.objects.filter(partner=newcomer).count() == 1
    assert api.get(JOURNEY).json()["done"] == 1


def test_automatic_and_unknown_tasks_cannot_be_marked(api, plan, newcomer):
    automatic = post(api, task_done_url("first-order"))
    assert automatic.status_code == 400 and automatic.json()["code"] == "task_is_automatic"
    assert post(api, task_done_url("no-such-task")).status_code == 404
    assert not JourneyTaskDone.objects.filter(partner=newcomer).exists()


def test_without_a_plan_the_journey_is_404(api):
    response = api.get(JOURNEY)
    assert response.status_code == 404 and response.json()["code"] == "no_plan"


# --- the mentor view ----------------------------------------------------------------------------

MENTEES = "/api/v1/learning/mentees/"


def test_a_sponsor_sees_only_their_own_newcomers(make_partner, plan):
    sponsor = make_partner()
    active = make_partner(sponsor=sponsor, email="active@example.com")
    stuck = joined_days_ago(make_partner(sponsor=sponsor), 6)
    joined_days_ago(make_partner(sponsor=sponsor), 120)  # past the first 90 days
    grandchild = make_partner(sponsor=active)
    elsewhere = make_partner()
    theirs = make_partner(sponsor=elsewhere)
    api = signed_in(sponsor.user)
    post(signed_in(active.user), task_done_url("list-20-people"))

    rows = api.get(MENTEES).json()["results"]
    assert [row["id"] for row in rows] == [stuck.pk, active.pk]  # the stuck one first
    assert rows[0]["stuck"] and not rows[1]["stuck"]
    # Their list of 20 people, and their first partner (the grandchild) ticked itself.
    assert (rows[1]["tasks_done"], rows[1]["tasks_total"]) == (2, 15)
    assert {"kind": "email", "label": "Email", "value": "active@example.com",
            "href": "mailto:active@example.com"} in rows[1]["contacts"]

    one = api.get(f"{MENTEES}{active.pk}/")
    assert one.status_code == 200 and one.json()["id"] == active.pk
    for someone in (grandchild, theirs, elsewhere, sponsor):
        response = api.get(f"{MENTEES}{someone.pk}/")
        assert response.status_code == 404 and response.json()["detail"]
    assert signed_in(elsewhere.user).get(f"{MENTEES}{active.pk}/").status_code == 404
    assert signed_in(elsewhere.user).get(MENTEES).json()["results"] == [
        signed_in(elsewhere.user).get(f"{MENTEES}{theirs.pk}/").json()]


def test_the_newcomers_come_a_page_at_a_time_stuck_first(make_partner, plan,
                                                        django_assert_max_num_queries):
    sponsor = make_partner()
    many_newcomers(sponsor, 125)
    strangers = {partner.pk for partner in many_newcomers(make_partner(), 10)}
    api = signed_in(sponsor.user)
    api.get(MENTEES)  # the outlines cached
    with django_assert_max_num_queries(10):
        body = api.get(MENTEES).json()
    assert set(body) == {"next", "previous", "results", "summary"}
    assert len(body["results"]) == 50 and body["previous"] is None
    first_summary = body["summary"]  # counted with the first page's choice
    rows, link, last_link = list(body["results"]), body["next"], None
    while link:
        with django_assert_max_num_queries(10):  # a later page: the same one read
            body = api.get(link).json()
        rows += body["results"]
        link, last_link = body["next"], link or last_link
    ids = [row["id"] for row in rows]
    assert len(set(ids)) == len(ids) == 125 and not strangers & set(ids)
    stuck = [row["stuck"] for row in rows]
    assert stuck == sorted(stuck, reverse=True) and any(stuck) and not all(stuck)
    assert body["summary"] == {"newcomers": 125, "stuck": stuck.count(True),
                               "first_goal_reached": 22} == first_summary
    # Back from the second page is the first page again; back from the last, every page.
    second = api.get(api.get(MENTEES).json()["next"]).json()
    assert [row["id"] for row in api.get(second["previous"]).json()["results"]] == ids[:50]
    back, link = [], api.get(last_link).json()["previous"]
    while link:
        body = api.get(link).json()
        back = body["results"] + back
        link = body["previous"]
    assert [row["id"] for row in back] == ids[:100]

    small = api.get(MENTEES, {"page_size": 2}).json()
    assert [row["id"] for row in small["results"]] == ids[:2]
    assert [row["id"] for row in api.get(small["next"]).json()["results"]] == ids[2:4]
    moment = "2026-12-01 10:00:00+00:00"
    forged = [["x", moment, "1"], ["2", moment, "1"], ["1", "yesterday", "1"],
              ["1", "2026-12-01 10:00:00", "1"], ["1", moment, "9" * 30], ["1", moment]]
    for bad in ({"page_size": 0}, {"page_size": 201}, {"page_size": "x"},
                {"cursor": "not-ours"}, *({"cursor": downline.encode_cursor(False, position)}
                                          for position in forged)):
        response = api.get(MENTEES, bad)
        assert response.status_code == 400 and response.json()["detail"], bad


def test_the_mentor_view_needs_a_partner(staff, make_partner):
    newcomer = make_partner()
    response = signed_in(staff).get(f"{MENTEES}{newcomer.pk}/")
    assert response.status_code == 403 and response.json()["code"] == "not_a_partner"


# --- the schema -----------------------------------------------------------------------------


def test_the_schema_documents_the_learning_endpoints_and_their_refusals():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = json.loads(response.content)["paths"]
    attempts = paths["/api/v1/learning/quizzes/{id}/attempts/"]["post"]
    assert {"200", "201", "400", "403", "404", "409"} <= set(attempts["responses"])
    assert "LESSON" in attempts["parameters"][0]["description"]
    assert "409" in paths["/api/v1/learning/lessons/{id}/complete/"]["post"]["responses"]
    assert "403" in paths["/api/v1/learning/lessons/{id}/"]["get"]["responses"]
    for path in ("courses/", "lessons/{id}/video-position/", "lessons/{id}/files/{block}/",
                 "journey/", "journey/tasks/{key}/done/", "mentees/", "mentees/{id}/"):
        assert f"/api/v1/learning/{path}" in paths
    assert attempts["tags"] == ["learning"]
    mentees = paths["/api/v1/learning/mentees/"]["get"]
    assert {"cursor", "page_size"} <= {parameter["name"] for parameter in mentees["parameters"]}
