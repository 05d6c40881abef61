"""The learning reports in the operators' admin: open to staff with the reports'
permission and a second factor, refused to everyone else, each with its CSV download."""

import pytest
from django.utils import timezone

from learning.models import CohortCount
from tests.factories import UserFactory
from tests.helpers import page, sign_in_to_admin, staff_with
from tests.learning.report_data import Cohort

pytestmark = pytest.mark.django_db

FUNNEL = "/admin/learning/course-funnel/"
FAILED = "/admin/learning/quiz-items-failed/"
COHORTS = "/admin/learning/first-90-days/"
REPORTS = (FUNNEL, FAILED, COHORTS)


@pytest.fixture
def figures(make_partner, course):
    """The funnel and the attempts of tests/learning/report_data.py, relative to today."""
    cohort = Cohort(make_partner, course, now=timezone.now())
    cohort.build_funnel()
    cohort.build_attempts()
    return cohort


@pytest.fixture
def operator(client):
    return sign_in_to_admin(client, staff_with("view_lessonprogress"))


def test_staff_with_the_permission_see_each_report(operator, figures):
    funnel = page(operator.get(FUNNEL))
    assert "Start in 7 days" in funnel and "About us" in funnel and "Stuck for more than" in funnel
    failed = page(operator.get(FAILED))
    assert failed.index("How many product lines?") < failed.index(
        "Every partner gets a landing page.")
    cohorts = page(operator.get(COHORTS))
    assert f'data-month="{timezone.localdate():%Y-%m}"' in cohorts


def test_each_report_downloads_as_csv_named_by_the_date(operator, figures):
    today = f"{timezone.localdate():%Y-%m-%d}"
    for url, name, header in (
        (FUNNEL, "course-funnel", "Course,Stage number,Stage,Started"),
        (FAILED, "quiz-items-failed", "Course,Stage,Lesson,Question"),
        (COHORTS, "first-90-days-cohorts", "Join month,Joined,First goal by day 5"),
    ):
        response = operator.get(url, {"format": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert response["Content-Disposition"] == f'attachment; filename="{name}-{today}.csv"'
        assert response.content.decode().startswith(header)
    funnel = operator.get(FUNNEL, {"format": "csv"}).content.decode().splitlines()
    assert funnel[1] == "Start in 7 days,1,About us,6,3,50.0,2"


def test_filters_choose_the_course_and_the_months(operator, figures, home):
    from tests.learning.helpers import build_course

    other, _stages, _lessons = build_course(home, title="Products")
    only = page(operator.get(FUNNEL, {"course": str(other.translation_key)}))
    assert "Products" in only and f'data-funnel="{figures.course.translation_key}"' not in only
    rows = operator.get(COHORTS, {"first": "2026-01", "last": "2026-03", "format": "csv"})
    assert [line.split(",")[0] for line in rows.content.decode().splitlines()[1:]] == [
        "2026-01", "2026-02", "2026-03"]
    assert operator.get(FAILED, {"days": "1"}).status_code == 200


def test_bad_filters_are_explained_and_nothing_is_counted(operator, figures):
    answer = page(operator.get(COHORTS, {"first": "2026-13"}))
    assert "The month must be YYYY-MM." in answer and "data-cohorts" not in answer
    answer = page(operator.get(COHORTS, {"first": "2026-05", "last": "2026-01"}))
    assert "The first month must not be after the last one." in answer
    answer = page(operator.get(FUNNEL, {"course": "not-a-course"}))
    assert "data-funnel" not in answer
    assert operator.get(COHORTS, {"first": "2026-13", "format": "csv"})[
        "Content-Type"].startswith("text/html")


def test_the_learning_menu_holds_the_reports(operator):
    from wagtail.admin.menu import admin_menu

    request = operator.get("/admin/").wsgi_request
    menus = {str(item.label): [str(entry.label) for entry in item.menu_items]
             for item in admin_menu.render_component(request) if hasattr(item, "menu_items")}
    assert menus["Learning"] == ["Course funnel", "Quiz items failed", "First 90 days cohorts"]


def test_the_cohorts_say_when_they_were_counted_and_staff_count_them_again(
        operator, make_partner):
    shown = page(operator.get(COHORTS))
    assert "Counted " in shown and "counted again every 60 minutes" in shown
    before = CohortCount.objects.get(month=timezone.localdate().replace(day=1))
    make_partner()  # joins this month, after the count
    assert page(operator.get(COHORTS)).count(
        f'data-month="{timezone.localdate():%Y-%m}"') == 1
    assert CohortCount.objects.get(pk=before.pk).joined == before.joined  # not counted yet
    response = operator.post(COHORTS + "?first=2026-01", follow=True)
    assert response.redirect_chain[-1][0].endswith("?first=2026-01")
    assert "being counted again" in page(response)
    after = CohortCount.objects.get(pk=before.pk)
    assert after.joined == before.joined + 1 and after.counted_at > before.counted_at


def test_staff_without_the_permission_are_refused(client, figures):
    sign_in_to_admin(client, staff_with("view_partner"))
    for url in REPORTS:
        assert client.get(url).status_code in (302, 403)
        assert client.get(url, {"format": "csv"}).status_code in (302, 403)
    assert client.post(COHORTS).status_code in (302, 403)
    assert not CohortCount.objects.exists()  # nothing counted for them
    assert "Course funnel" not in page(client.get("/admin/"))


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, figures):
    client.force_login(staff_with("view_lessonprogress"))
    for url in REPORTS:
        response = client.get(url, {"format": "csv"})
        assert response.status_code == 302 and "/2fa/" in response["Location"]


def test_partners_and_visitors_are_refused(client, make_partner, figures):
    for url in REPORTS:
        response = client.get(url, {"format": "csv"})
        assert response.status_code == 302 and "login" in response["Location"]
    partner = make_partner()
    client.force_login(partner.user)
    for url in REPORTS:
        response = client.get(url, {"format": "csv"})
        assert response.status_code in (302, 403)
        assert not response.get("Content-Type", "").startswith("text/csv")


def test_a_superuser_sees_the_reports_too(client, figures):
    sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))
    assert "First 90 days cohorts" in page(client.get(COHORTS))
