"""The sponsor's mentor view: only their own personally sponsored newcomers in their first
90 days, the stuck ones first, their progress and one-tap contacts, in a few queries
whatever their number; and the sponsor's own welcome, checked before it is saved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from learning import journey, mentoring, roster
from learning.models import Learner, SponsorWelcome
from network.models import Partner
from tests.learning.journey_helpers import build_plan, joined_days_ago, many_newcomers

pytestmark = pytest.mark.django_db


@pytest.fixture
def sponsor(make_partner):
    return make_partner(first_name="Marta", last_name="Sponsor")


def test_only_ones_own_newcomers_are_listed(sponsor, make_partner):
    mine = make_partner(sponsor, first_name="Olena")
    old_hand = joined_days_ago(make_partner(sponsor, first_name="Petro"), 120)
    grandchild = make_partner(mine, first_name="Ivan")
    other_sponsor = make_partner()
    someone_elses = make_partner(other_sponsor, first_name="Oksana")

    listed = mentoring.mentees(sponsor)
    assert [mentee.id for mentee in listed] == [mine.pk]
    assert mentoring.mentee(sponsor, mine.pk).name == mine.name
    for stranger in (old_hand, grandchild, someone_elses):
        assert mentoring.mentee(sponsor, stranger.pk) is None
    assert mentoring.mentee(sponsor, "not-a-number") is None
    assert [mentee.id for mentee in mentoring.mentees(mine)] == [grandchild.pk]


def test_stuck_newcomers_come_first_then_by_day(sponsor, make_partner):
    now = timezone.now()
    fresh = joined_days_ago(make_partner(sponsor), 1)  # day 2, not stuck yet
    busy = joined_days_ago(make_partner(sponsor), 20)
    Learner.objects.filter(partner=busy).update(last_activity_at=now - timedelta(days=1),
                                                tasks_done=4, lessons_done=3)
    quiet = joined_days_ago(make_partner(sponsor), 10)
    Learner.objects.filter(partner=quiet).update(last_activity_at=now - timedelta(days=5))
    silent = joined_days_ago(make_partner(sponsor), 6)  # never did anything

    listed = mentoring.mentees(sponsor)
    assert [mentee.id for mentee in listed] == [silent.pk, quiet.pk, fresh.pk, busy.pk]
    assert [mentee.stuck for mentee in listed] == [True, True, False, False]
    assert listed[0].last_activity_at == silent.joined_at
    assert listed[-1].tasks_done == 4 and listed[-1].lessons_done == 3
    assert listed[2].day == 2


def test_progress_in_the_plan_and_courses_and_the_first_goal(course, sponsor, make_partner):
    build_plan(course)
    newcomer = make_partner(sponsor)
    journey.mark_done(newcomer, "list-20-people")
    Learner.objects.filter(partner=newcomer).update(lessons_done=0)
    found = mentoring.mentee(sponsor, newcomer.pk)
    assert (found.tasks_done, found.tasks_total) == (1, 15)
    assert not found.first_goal_reached
    # the course of the fixture is for everyone but not mandatory: nothing to measure
    assert found.lessons_total == 0 and found.courses_percent == 0

    course_page = course[0]
    course_page.mandatory = True
    course_page.save_revision().publish()
    Learner.objects.filter(partner=newcomer).update(lessons_done=1,
                                                    first_goal_at=timezone.now())
    found = mentoring.mentee(sponsor, newcomer.pk)
    assert found.lessons_total == 3 and found.courses_percent == 33
    assert found.first_goal_reached


def test_contacts_are_one_tap_links_built_safely(sponsor, make_partner):
    newcomer = make_partner(sponsor, email="olena@example.com")
    newcomer.phone = "+380 (67) 555-12-34"
    newcomer.telegram = "@olena_team"
    newcomer.whatsapp = "+380675551234"
    newcomer.viber = "380675551234"
    newcomer.save()
    links = {link["kind"]: link["href"] for link in mentoring.mentee(sponsor, newcomer.pk).contacts}
    assert links == {
        "email": "mailto:olena@example.com",
        "phone": "tel:+380675551234",
        "telegram": "https://t.me/olena_team",
        "whatsapp": "https://wa.me/380675551234",
        "viber": "viber://chat?number=%2B380675551234",
    }
    newcomer.telegram = "javascript:alert(1)"
    newcomer.phone = "call me"
    newcomer.save()
    kinds = {link["kind"] for link in mentoring.mentee(sponsor, newcomer.pk).contacts}
    assert "telegram" not in kinds and "phone" not in kinds


def test_two_thousand_newcomers_in_few_queries(course, sponsor, django_assert_max_num_queries):
    build_plan(course)
    now = timezone.now()
    partners = Partner.objects.bulk_create([
        Partner(sponsor=sponsor, referral_code=f"NEW{index:05d}", display_name=f"N {index}",
                joined_at=now - timedelta(days=index % 90), sponsor_depth=2,
                phone="+380670000000")
        for index in range(2000)
    ])
    Learner.objects.bulk_create([
        Learner(partner=partner, tasks_done=index % 5,
                last_activity_at=now - timedelta(days=index % 7))
        for index, partner in enumerate(partners[:1000])
    ])
    roster.sync(now)  # bulk-written partners on the roster, as after an import
    mentoring.mentees(sponsor)  # the plan and the courses' outlines cached
    with django_assert_max_num_queries(3):
        listed = mentoring.mentees(sponsor)
    assert len(listed) == 2000
    stuck = [mentee.stuck for mentee in listed]
    assert stuck == sorted(stuck, reverse=True) and any(stuck) and not all(stuck)
    with django_assert_max_num_queries(2):
        page = mentoring.page_of(sponsor, 40, now)
    assert page.summary == mentoring.summary(sponsor, now)
    assert page.page.number == 40 and len(page.mentees) == 50
    at_once = mentoring.mentees(sponsor, now)
    assert [mentee.id for mentee in page.mentees] == [mentee.id for mentee in at_once[1950:]]


def expected_order(sponsor, now):
    """The newcomers' ids as the mentor view must list them, worked out here in Python:
    stuck (last activity, else joining, over 3 days ago) first, then the newest."""
    rows = []
    for partner in Partner.objects.filter(sponsor=sponsor).select_related("learner"):
        learner = getattr(partner, "learner", None)
        last = (learner.last_activity_at if learner and learner.last_activity_at
                else partner.joined_at)
        stuck = last < now - timedelta(days=3)
        rows.append(((not stuck, -partner.joined_at.timestamp(), partner.pk), partner.pk))
    return [pk for _key, pk in sorted(rows)]


def stuck_ids(sponsor, now):
    since = now - timedelta(days=3)
    return {partner.pk for partner in Partner.objects.filter(sponsor=sponsor).select_related(
        "learner") if (getattr(partner, "learner", None) and partner.learner.last_activity_at
                       or partner.joined_at) < since}


def test_the_mentor_view_pages_fifty_at_a_time_stuck_first_across_pages(
        course, sponsor, make_partner, django_assert_max_num_queries):
    build_plan(course)
    now = timezone.now()
    many_newcomers(sponsor, 130, now)
    other_sponsor = make_partner()
    strangers = {partner.pk for partner in many_newcomers(other_sponsor, 20, now)}
    expected = expected_order(sponsor, now)

    mentoring.page_of(sponsor, 1, now)  # the plan and the courses' outlines cached
    with django_assert_max_num_queries(1):  # the page chosen with the counts and read
        first = mentoring.page_of(sponsor, 1, now)
    assert (first.summary.newcomers, first.summary.stuck) == (
        130, sum(1 for pk in expected if pk in stuck_ids(sponsor, now)))
    assert first.summary == mentoring.summary(sponsor, now)
    second = mentoring.page_of(sponsor, 2, now)
    third = mentoring.page_of(sponsor, "3", now)
    assert [len(page.mentees) for page in (first, second, third)] == [50, 50, 30]
    listed = [mentee.id for page in (first, second, third) for mentee in page.mentees]
    assert listed == expected and not strangers & set(listed)
    stuck = [mentee.stuck for page in (first, second, third) for mentee in page.mentees]
    assert stuck == sorted(stuck, reverse=True) and stuck.count(True) > 50
    assert first.page.has_next() and not third.page.has_next()
    assert first.page.paginator.num_pages == 3

    # A page past the end shows the last one, and a page that is not a number the first.
    assert [m.id for m in mentoring.page_of(sponsor, 99, now).mentees] == expected[100:]
    assert [m.id for m in mentoring.page_of(sponsor, "x", now).mentees] == expected[:50]
    # A number beyond any database integer is past the end too, not an error.
    assert [m.id for m in mentoring.page_of(sponsor, "9" * 30, now).mentees] == (
        expected[100:])


def test_a_page_shows_each_newcomer_as_their_own_card_does(course, sponsor, make_partner):
    """The page's rows are read in one hand-written query: every figure, date and contact
    on it equals what the one-newcomer view reads through the ORM, for newcomers with and
    without an account or a Learner row."""
    build_plan(course)
    now = timezone.now()
    many_newcomers(sponsor, 12, now)  # no account; a third without a Learner row
    named = make_partner(sponsor, email="olena@example.com", first_name="Olena",
                         last_name="Koval")
    named.phone, named.telegram, named.whatsapp = "+380 67 555 12 34", "@olena_team", "380"
    named.save()
    journey.mark_done(named, "list-20-people")
    Learner.objects.filter(partner=named).update(lessons_done=2, first_goal_at=now)
    page = mentoring.page_of(sponsor, 1, now)
    assert len(page.mentees) == 13
    for shown in page.mentees:
        assert shown == mentoring.mentee(sponsor, shown.id, now)
    card = next(shown for shown in page.mentees if shown.id == named.pk)
    assert card.name == "Olena Koval" and card.email == "olena@example.com"
    assert {link["kind"] for link in card.contacts} == {"email", "phone", "telegram",
                                                        "whatsapp"}
    learner = Learner.objects.get(partner=named)
    assert learner.tasks_done >= 1  # the task marked done, with any the platform ticked
    assert (card.tasks_done, card.lessons_done, card.first_goal_reached) == (
        learner.tasks_done, 2, True)
    assert card.last_activity_at.tzinfo is not None and not card.stuck


def test_the_summary_counts_every_newcomer_in_one_query(sponsor, make_partner,
                                                       django_assert_num_queries):
    now = timezone.now()
    partners = many_newcomers(sponsor, 130, now)
    many_newcomers(make_partner(), 10, now)  # someone else's: not counted
    joined_days_ago(make_partner(sponsor), 120)  # past the first 90 days: not counted
    listed = mentoring.mentees(sponsor, now)
    with django_assert_num_queries(1):
        figures = mentoring.summary(sponsor, now)
    assert figures.newcomers == 130 == len(listed) == len(partners)
    assert figures.stuck == sum(mentee.stuck for mentee in listed) > 0
    assert figures.first_goal_reached == sum(m.first_goal_reached for m in listed) == 22
    assert mentoring.summary(make_partner(), now) == mentoring.Summary(0, 0, 0)


def test_the_welcome_is_checked_before_it_is_saved(sponsor):
    with pytest.raises(mentoring.WelcomeInvalid) as refused:
        mentoring.save_welcome(sponsor, "Hi!", "https://example.com/video.mp4")
    assert "video_url" in refused.value.errors and refused.value.status == 400
    with pytest.raises(mentoring.WelcomeInvalid) as refused:
        mentoring.save_welcome(sponsor, "x" * 2001, "")
    assert "text" in refused.value.errors
    assert not SponsorWelcome.objects.exists()

    mentoring.save_welcome(sponsor, " Glad you are here! ", "https://youtu.be/dQw4w9WgXcQ")
    welcome = SponsorWelcome.objects.get(sponsor=sponsor)
    assert welcome.text == "Glad you are here!"
    assert welcome.video_url == "https://youtu.be/dQw4w9WgXcQ"


def test_a_newcomer_sees_the_sponsors_welcome(course, sponsor, make_partner):
    build_plan(course)
    newcomer = make_partner(sponsor)
    assert journey.journey_for(newcomer, "en").sponsor_welcome is None
    mentoring.save_welcome(sponsor, "Call me any time.", "")
    newcomer.refresh_from_db()
    assert journey.journey_for(newcomer, "en").sponsor_welcome["text"] == "Call me any time."
