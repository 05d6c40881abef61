"""The cabinet's "My first 90 days", the overview's panel in a newcomer's first 90 days,
and the sponsor's newcomers page: what the partner sees, marking a task done (their own
only), and the sponsor's welcome form."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from learning.models import JourneyTaskDone, Learner, SponsorWelcome
from tests.cabinet.helpers import text, url
from tests.learning.helpers import build_course
from tests.learning.journey_helpers import build_plan, joined_days_ago, many_newcomers

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(home):
    return build_plan(build_course(home), russian=True)


@pytest.fixture
def sponsor(make_partner):
    sponsor = make_partner(first_name="Marta", last_name="Sponsor")
    return sponsor


@pytest.fixture
def newcomer(make_partner, sponsor):
    return make_partner(sponsor, first_name="Olena", last_name="Newcomer")


def test_the_page_shows_the_plan_by_day_with_the_first_goal(client, plan, newcomer):
    joined_days_ago(newcomer, 3)  # day 4: the first goal (day 4) is today
    client.force_login(newcomer.user)
    page = text(client.get(url("cabinet:journey")))
    assert "Day 4 of 90" in page
    assert "Welcome to the team!" in page
    assert "Your first goal" in page and 'data-countdown="left"' in page
    overdue = page.split('data-bucket="overdue"', 1)[1].split("</section>", 1)[0]
    assert "Write a list of 20 people" in overdue and "Mark as done" in overdue
    today = page.split('data-bucket="today"', 1)[1].split("</section>", 1)[0]
    assert "Your first order" in today and "Ticked when your first order is paid." in today
    assert 'data-bucket="later"' in page


def test_the_page_is_in_russian_for_a_russian_partner(client, plan, newcomer):
    client.force_login(newcomer.user)
    response = client.get(url("cabinet:journey", "ru"))
    assert response.status_code == 200
    page = text(response)
    assert 'lang="ru"' in page
    assert "Добро пожаловать в команду!" in page
    assert "Составьте список из 20 человек" in page and "Ваш первый заказ" in page


def test_mark_as_done_once_then_redirects(client, plan, newcomer):
    client.force_login(newcomer.user)
    response = client.post(url("cabinet:journey"), {"task": "list-20-people"})
    assert response.status_code == 302 and response["Location"] == url("cabinet:journey")
    page = text(client.get(response["Location"]))
    assert "The task is marked as done." in page
    assert 'data-bucket="done"' in page
    client.post(url("cabinet:journey"), {"task": "list-20-people"})
    assert JourneyTaskDone.objects.filter(partner=newcomer).count() == 1
    assert Learner.objects.get(partner=newcomer).tasks_done == 1


def test_the_drawn_task_list_follows_every_tick_language_and_day(client, plan, newcomer):
    """The list is cached as drawn; a tick, another language or another day draws it anew."""
    client.force_login(newcomer.user)
    first = text(client.get(url("cabinet:journey")))
    assert 'data-bucket="done"' not in first
    form = first.split('class="journey-done-form"', 1)[1]
    assert 'name="csrfmiddlewaretoken"' in form and 'name="task" value="list-20-people"' in form
    client.post(url("cabinet:journey"), {"task": "list-20-people"})
    ticked = text(client.get(url("cabinet:journey")))
    done = ticked.split('data-bucket="done"', 1)[1].split("</section>", 1)[0]
    assert "Write a list of 20 people" in done
    assert "Составьте список из 20 человек" in text(client.get(url("cabinet:journey", "ru")))
    joined_days_ago(newcomer, 20)
    later = text(client.get(url("cabinet:journey")))
    overdue = later.split('data-bucket="overdue"', 1)[1].split("</section>", 1)[0]
    assert "Call three people" in overdue


def test_an_automatic_or_unknown_task_is_refused(client, plan, newcomer):
    client.force_login(newcomer.user)
    for key in ("first-order", "nope"):
        response = client.post(url("cabinet:journey"), {"task": key}, follow=True)
        assert response.status_code == 200
    page = text(response)
    assert "There is no such task in your plan." in page
    assert not JourneyTaskDone.objects.filter(partner=newcomer).exists()


def test_a_partner_marks_only_their_own_tasks(client, plan, newcomer, make_partner):
    other = make_partner()
    client.force_login(other.user)
    client.post(url("cabinet:journey"), {"task": "list-20-people", "partner": newcomer.pk})
    assert not JourneyTaskDone.objects.filter(partner=newcomer).exists()
    assert JourneyTaskDone.objects.filter(partner=other, task_key="list-20-people").exists()


def test_the_page_costs_few_queries(client, plan, newcomer, django_assert_max_num_queries):
    client.force_login(newcomer.user)
    client.get(url("cabinet:journey"))  # the plan and the courses' outlines cached
    with django_assert_max_num_queries(10):
        response = client.get(url("cabinet:journey"))
    assert response.status_code == 200


def test_the_overview_shows_the_first_90_days_first(client, plan, newcomer):
    client.force_login(newcomer.user)
    page = text(client.get(url("cabinet:overview")))
    assert "data-journey-panel" in page
    assert page.index("data-journey-panel") < page.index('id="team-heading"')
    panel = page.split("data-journey-panel", 1)[1].split("</section>", 1)[0]
    assert "Day 1 of 90" in panel and "Fill in your profile" in panel
    assert url("cabinet:journey") in panel


def test_the_overview_of_a_seasoned_partner_has_no_panel(client, plan, newcomer):
    joined_days_ago(newcomer, 95)
    client.force_login(newcomer.user)
    assert "data-journey-panel" not in text(client.get(url("cabinet:overview")))


def test_the_sponsor_sees_their_newcomers_stuck_first(client, plan, sponsor, newcomer,
                                                      make_partner):
    stuck = joined_days_ago(make_partner(sponsor, first_name="Stepan", last_name="Stuck"), 8)
    stuck.telegram = "stepan_s"
    stuck.save(update_fields=["telegram"])  # ticks "fill-profile": some activity...
    Learner.objects.filter(partner=stuck).update(  # ...five days ago
        last_activity_at=timezone.now() - timedelta(days=5))
    Learner.objects.filter(partner=newcomer).update(
        last_activity_at=timezone.now() - timedelta(hours=2), tasks_done=0, lessons_done=0,
        courses_done=0, first_goal_at=None)
    grandchild = make_partner(newcomer, first_name="Ivan", last_name="Grandchild")
    client.force_login(sponsor.user)
    page = text(client.get(url("cabinet:mentees")))
    assert page.index("Stepan Stuck") < page.index("Olena Newcomer")
    assert f'data-mentee="{stuck.pk}" data-stuck' in page
    assert f'data-mentee="{newcomer.pk}" data-stuck' not in page
    assert "Ivan Grandchild" not in page and grandchild.pk
    assert 'href="https://t.me/stepan_s"' in page
    assert 'data-stuck-count="1"' in page
    # The drawn list is cached; the newcomer's next step shows on the sponsor's next visit.
    client.force_login(newcomer.user)
    client.post(url("cabinet:journey"), {"task": "list-20-people"})
    client.force_login(sponsor.user)
    again = text(client.get(url("cabinet:mentees")))
    olena = again.split(f'data-mentee="{newcomer.pk}"', 1)[1].split("<progress", 1)[0]
    done = Learner.objects.get(partner=newcomer).tasks_done
    assert done > 0 and f"{done} / 15" in olena
    before = page.split(f'data-mentee="{newcomer.pk}"', 1)[1].split("<progress", 1)[0]
    assert f"{done} / 15" not in before


def listed_ids(page):
    return [int(pk) for pk in re.findall(r'data-mentee="(\d+)"', page)]


def test_the_sponsors_newcomers_come_fifty_a_page_in_few_queries(
        client, plan, sponsor, make_partner, django_assert_max_num_queries):
    many_newcomers(sponsor, 125)
    strangers = {p.pk for p in many_newcomers(make_partner(), 10)}
    client.force_login(sponsor.user)
    client.get(url("cabinet:mentees"))  # the outlines cached, as on every later visit
    with django_assert_max_num_queries(10):
        first = text(client.get(url("cabinet:mentees")))
    second = text(client.get(url("cabinet:mentees") + "?page=2"))
    last = text(client.get(url("cabinet:mentees") + "?page=3"))
    beyond = text(client.get(url("cabinet:mentees") + "?page=40"))
    far_beyond = text(client.get(url("cabinet:mentees") + "?page=" + "9" * 30))
    pages = [listed_ids(page) for page in (first, second, last)]
    assert [len(ids) for ids in pages] == [50, 50, 25]
    assert listed_ids(beyond) == listed_ids(far_beyond) == pages[2]  # past the end: the last
    everyone = sum(pages, [])
    assert len(set(everyone)) == 125 and not strangers & set(everyone)
    stuck = [f'data-mentee="{pk}" data-stuck' in page
             for page, ids in zip((first, second, last), pages, strict=True) for pk in ids]
    assert stuck == sorted(stuck, reverse=True) and any(stuck) and not all(stuck)
    assert 'rel="next" href="?page=2"' in first and "Page 1 of 3" in first
    assert 'rel="prev" href="?page=1"' in second and 'rel="next"' not in last
    # The counts are of all 125, on every page.
    stuck_total = Learner.objects.filter(  # last active 5 days ago, or never active...
        partner__sponsor=sponsor, last_activity_at__lt=timezone.now() - timedelta(days=3)
    ).count() + sum(1 for index in range(125) if index % 3 == 2 and index % 85 >= 3)
    for page in (first, last):
        assert 'data-summary="newcomers">125<' in page
        assert f'data-summary="stuck">{stuck_total}<' in page
        assert 'data-summary="first-goal">22<' in page
    assert stuck.count(True) == stuck_total


def test_the_sponsor_saves_a_welcome_and_a_bad_link_is_refused(client, plan, sponsor,
                                                               newcomer):
    client.force_login(sponsor.user)
    response = client.post(url("cabinet:mentees"), {"text": "Hi!",
                                                    "video_url": "https://example.com/v"})
    assert response.status_code == 200
    assert "Give a YouTube or Vimeo link to the video." in text(response)
    assert not SponsorWelcome.objects.exists()
    response = client.post(url("cabinet:mentees"), {
        "text": "Call me any time.", "video_url": "https://vimeo.com/76979871"})
    assert response.status_code == 302
    client.force_login(newcomer.user)
    page = text(client.get(url("cabinet:journey")))
    assert "Call me any time." in page and "https://vimeo.com/76979871" in page
