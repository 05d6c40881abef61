"""The 90-day journey: a newcomer's tasks by day (overdue, today, this week, later, done),
the first goal's deadline and countdown, tasks ticked by the events they name, manual tasks
marked once, and the reconciliation that catches what no event told."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from compensation.models import CommissionRun, PeriodResult, PlanVersion
from landing import leads
from landing import services as landing_services
from landing.models import Landing, LandingState
from learning import achievements, journey, journey_checks, progress, quizzes, signals
from learning.models import JourneyTask, JourneyTaskDone, Learner
from network.models import ReferralVisit
from orders import services as orders_services
from orders.models import OrderStatus
from tests.landing.helpers import hero, lead_form_block
from tests.learning.helpers import passing_answers
from tests.learning.journey_helpers import build_plan, joined_days_ago

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def plan(course):
    return build_plan(course, russian=True)


@pytest.fixture
def done_events():
    received = []

    def receive(sender, **kwargs):
        received.append((kwargs["partner"].pk, kwargs["task_key"], kwargs["automatic"]))

    signals.journey_task_done.connect(receive)
    yield received
    signals.journey_task_done.disconnect(receive)


def done_keys(partner):
    return set(JourneyTaskDone.objects.filter(partner=partner).values_list("task_key", flat=True))


def test_tasks_fall_into_buckets_by_their_day(plan, newcomer):
    joined_days_ago(newcomer, 3, now=NOW)  # joined 7 March: today (10 March) is day 4
    state = journey.journey_for(newcomer, "en", now=NOW)
    assert state.day == 4 and state.in_first_90_days
    buckets = {task.key: task.bucket for task in state.tasks}
    assert buckets["fill-profile"] == "overdue"  # day 1
    assert buckets["list-20-people"] == "overdue"  # day 3
    assert buckets["first-order"] == "today"  # day 4
    assert buckets["first-lead"] == "this_week"  # day 5
    assert buckets["first-partner"] == "this_week"  # day 10, within the next six days
    assert buckets["call-three"] == "later"  # day 14
    assert [task.key for task in state.tasks][:2] == ["fill-profile", "read-who-we-are"]
    first = state.tasks[0]
    assert first.due_date == datetime(2026, 3, 7).date()
    assert state.total == 15 and state.done == 0 and state.percent == 0
    assert [name for name, _title, _tasks in state.groups] == [
        "overdue", "today", "this_week", "later"]

    journey.mark_done(newcomer, "list-20-people", now=NOW)
    state = journey.journey_for(newcomer, "en", now=NOW)
    done = next(task for task in state.tasks if task.key == "list-20-people")
    assert done.bucket == "done" and done.done_at == NOW and not done.automatic
    assert state.done == 1 and state.percent == 6


def test_after_day_90_what_was_left_is_not_done_rather_than_overdue(plan, newcomer):
    joined_days_ago(newcomer, 120, now=NOW)
    journey.mark_done(newcomer, "list-20-people", now=NOW)
    state = journey.journey_for(newcomer, "en", now=NOW)
    assert not state.in_first_90_days
    assert {task.bucket for task in state.tasks} == {"not_done", "done"}
    assert [name for name, _title, _tasks in state.groups] == ["not_done", "done"]


def test_the_first_goal_has_a_deadline_and_a_countdown(plan, newcomer, catalogue):
    joined_days_ago(newcomer, 1, now=NOW)  # joined 9 March 12:00, first goal on day 4
    state = journey.journey_for(newcomer, "en", now=NOW)
    goal = state.first_goal
    assert goal.key == "first-order" and goal.day == 4
    # due by the end of day 4 (12 March): 13 March, midnight
    assert state.countdown.deadline == datetime(2026, 3, 13, tzinfo=UTC)
    assert (state.countdown.days, state.countdown.hours) == (2, 12)
    assert not state.countdown.reached and not state.countdown.overdue

    late = datetime(2026, 3, 13, 9, 0, tzinfo=UTC)
    assert journey.journey_for(newcomer, "en", now=late).countdown.overdue

    joined_days_ago(newcomer, 1)  # back to the real clock: the order is paid now
    orders_services.create_order(newcomer, [{"sku": "SHAKE", "quantity": 1}], "USD",
                                 status=OrderStatus.PAID)
    state = journey.journey_for(newcomer, "en")
    assert state.countdown.reached and state.first_goal.done
    assert Learner.objects.get(partner=newcomer).first_goal_at is not None


def test_a_russian_partner_sees_the_russian_plan_and_others_fall_back(plan, newcomer):
    assert journey.journey_for(newcomer, "ru").welcome == "Добро пожаловать в команду!"
    titles = {task.key: task.title for task in journey.journey_for(newcomer, "ru").tasks}
    assert titles["first-order"] == "Ваш первый заказ"
    fallback = journey.journey_for(newcomer, "uk")
    assert fallback.welcome == "Welcome to the team!"


def test_manual_task_is_done_once_with_one_event(plan, newcomer, done_events,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert journey.mark_done(newcomer, "list-20-people") is True
        assert journey.mark_done(newcomer, "list-20-people") is False
    assert JourneyTaskDone.objects.filter(partner=newcomer).count() == 1
    assert done_events == [(newcomer.pk, "list-20-people", False)]
    learner = Learner.objects.get(partner=newcomer)
    assert learner.tasks_done == 1 and learner.last_activity_at is not None


def test_a_manual_first_goal_marked_done_is_reached(plan, newcomer):
    JourneyTask.objects.filter(key="first-order").update(first_goal=False)
    JourneyTask.objects.filter(key="list-20-people").update(first_goal=True)
    journey.forget_plans()
    assert journey.journey_for(newcomer, "en").first_goal.key == "list-20-people"
    assert Learner.objects.filter(partner=newcomer, first_goal_at__isnull=False).count() == 0
    journey.mark_done(newcomer, "list-20-people")
    assert Learner.objects.get(partner=newcomer).first_goal_at is not None
    assert journey.journey_for(newcomer, "en").countdown.reached


def test_automatic_and_unknown_tasks_cannot_be_marked(plan, newcomer):
    with pytest.raises(journey.TaskIsAutomatic) as automatic:
        journey.mark_done(newcomer, "first-order")
    assert automatic.value.status == 400 and "automatically" in automatic.value.message
    with pytest.raises(journey.TaskNotFound) as unknown:
        journey.mark_done(newcomer, "no-such-task")
    assert unknown.value.status == 404
    assert not JourneyTaskDone.objects.filter(partner=newcomer).exists()


def test_a_new_partner_under_the_newcomer_ticks_first_partner(plan, newcomer, make_partner,
                                                              done_events,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_partner(newcomer)
        make_partner(newcomer)
    assert "first-partner" in done_keys(newcomer)
    assert done_events.count((newcomer.pk, "first-partner", True)) == 1
    assert Learner.objects.get(partner=newcomer).tasks_done == 1


def test_an_old_partner_is_not_ticked(plan, newcomer, make_partner):
    joined_days_ago(newcomer, 120)
    make_partner(newcomer)
    assert not JourneyTaskDone.objects.filter(partner=newcomer).exists()


def test_a_paid_order_ticks_first_order_and_a_pending_one_does_not(plan, newcomer, catalogue):
    order = orders_services.create_order(newcomer, [{"sku": "BAR", "quantity": 2}], "USD")
    assert "first-order" not in done_keys(newcomer)
    orders_services.set_status(order, OrderStatus.PAID)
    assert "first-order" in done_keys(newcomer)


def test_publishing_a_landing_ticks_landing_published(plan, newcomer, home,
                                                     django_capture_on_commit_callbacks):
    landing = Landing.objects.create(partner=newcomer, language="en", purpose="recruiting",
                                     state=LandingState.DRAFT, title="My team",
                                     body=[hero(), lead_form_block()])
    with django_capture_on_commit_callbacks(execute=True):
        result = landing_services.publish(landing, newcomer.user)
    assert result.published
    assert "publish-landing" in done_keys(newcomer)


def test_a_lead_ticks_first_lead(plan, newcomer, home, django_capture_on_commit_callbacks):
    landing = Landing.objects.create(partner=newcomer, language="en", purpose="recruiting",
                                     state=LandingState.PUBLISHED, title="My team",
                                     body=[hero(), lead_form_block()], published_at=timezone.now())
    request = RequestFactory().post("/")
    with django_capture_on_commit_callbacks(execute=True):
        leads.create_lead(request, landing, {"name": "Ivan", "email": "ivan@example.com",
                                             "consent": True}, "I agree")
    assert "first-lead" in done_keys(newcomer)


def test_completing_profile_ticks_profile_completed(plan, newcomer):
    newcomer.phone = "+380 67 000 11 22"
    newcomer.save(update_fields=["phone"])
    assert "fill-profile" in done_keys(newcomer)


def test_lessons_stages_and_courses_tick_their_own_tasks(plan, course, newcomer,
                                                        django_capture_on_commit_callbacks):
    _course, _stages, (read, quiz, customer) = course
    with django_capture_on_commit_callbacks(execute=True):
        progress.complete_lesson(newcomer, progress.open_lesson(newcomer, read.pk))
    assert done_keys(newcomer) == {"read-who-we-are"}
    opened = progress.open_lesson(newcomer, quiz.pk)
    with django_capture_on_commit_callbacks(execute=True):
        quizzes.submit_attempt(newcomer, opened, passing_answers(quiz))
    assert done_keys(newcomer) == {"read-who-we-are", "pass-about-us"}
    with django_capture_on_commit_callbacks(execute=True):
        progress.complete_lesson(newcomer, progress.open_lesson(newcomer, customer.pk))
    assert "finish-course" in done_keys(newcomer)


def test_a_lesson_in_russian_ticks_the_task_of_its_english_original(plan, course, newcomer,
                                                                    locales):
    _course, _stages, (read, _quiz, _customer) = course
    russian = read.copy_for_translation(locales["ru"], copy_parents=True)
    assert russian.translation_key == read.translation_key
    assert journey.tick(newcomer, "lesson_completed", page=russian) == ["read-who-we-are"]
    assert journey.tick(newcomer, "lesson_completed", page=russian) == []


def test_a_posted_run_ticks_first_bonus_in_bulk(plan, newcomer, make_partner):
    veteran = joined_days_ago(make_partner(), 200)
    broke = make_partner()
    version = PlanVersion.objects.create(name="Plan", version=1,
                                         state=PlanVersion.State.PUBLISHED, rules={},
                                         effective_from="2026-01-01")
    run = CommissionRun.objects.create(period="2026-02", plan_version=version,
                                       state=CommissionRun.State.APPROVED)
    for partner, total in ((newcomer, "12.50"), (veteran, "40"), (broke, "0")):
        PeriodResult.objects.create(
            run=run, partner=partner, pv=0, gv=0, rank="member", highest_rank="member",
            active=True, total=Decimal(total), left_carry=0, right_carry=0)
    assert journey_checks.tick_first_bonus(run.pk) == 1
    assert "first-bonus" in done_keys(newcomer)
    assert not JourneyTaskDone.objects.filter(partner__in=[veteran, broke]).exists()
    assert Learner.objects.get(partner=newcomer).tasks_done == 1
    assert journey_checks.tick_first_bonus(run.pk) == 0  # once


def test_the_page_reconciles_a_shared_link_that_sent_no_event(plan, newcomer):
    ReferralVisit.objects.create(partner=newcomer, visitor_id="abc")
    state = journey.journey_for(newcomer, "en")
    shared = next(task for task in state.tasks if task.key == "share-link")
    assert shared.done and shared.automatic
    assert "share-link" in done_keys(newcomer)


def test_tasks_beyond_this_week_are_not_reconciled(plan, newcomer, make_partner):
    make_partner(newcomer)  # the event ticks "first-partner" (due on day 10)...
    JourneyTaskDone.objects.all().delete()  # ...say it was missed
    journey.journey_for(newcomer, "en")  # day 1: the page asks only up to day 7
    assert "first-partner" not in done_keys(newcomer)
    joined_days_ago(newcomer, 4)  # day 5: day 10 is this week now
    cache.clear()
    journey.journey_for(newcomer, "en")
    assert "first-partner" in done_keys(newcomer)


def test_action_links_lead_where_the_task_is_done(plan, course, newcomer):
    _course, _stages, (read, _quiz, _customer) = course
    tasks = {task.key: task for task in journey.journey_for(newcomer, "en").tasks}
    assert tasks["read-who-we-are"].action_url.endswith(f"/cabinet/learning/lessons/{read.pk}/")
    assert tasks["finish-course"].action_url.endswith(f"/cabinet/learning/courses/{_course.pk}/")
    assert tasks["publish-landing"].action_url.endswith("/cabinet/landings/")


def test_the_plan_is_read_in_few_queries(plan, newcomer, django_assert_max_num_queries):
    journey.journey_for(newcomer, "en")  # the plan cached, the reconciliation done
    with django_assert_max_num_queries(2):
        state = journey.journey_for(newcomer, "en")
    assert state.total == 15


def test_a_cold_plan_with_reconciliation_stays_within_budget(plan, newcomer,
                                                            django_assert_max_num_queries):
    # the plan (4), the courses' outlines for the lesson links (3), the done tasks, every
    # open automatic check in one query, the sponsor's welcome
    with django_assert_max_num_queries(10):
        state = journey.journey_for(newcomer, "en")
    assert state.total == 15


def test_the_reconciliation_says_what_the_achievements_say(plan, newcomer, make_partner,
                                                           catalogue, home):
    checks = [check for check in journey.ACHIEVED]

    def both():
        with_tasks = [journey.TaskOutline(key=check, day=1, title="", description="",
                                          checked_by=check, action="", first_goal=False)
                      for check in checks]
        met = {check for check, _key in journey._met_checks(newcomer, with_tasks)}
        return {check: (check in met, achievements.CHECKS[check](newcomer)) for check in checks}

    assert all(mine == theirs is False for mine, theirs in both().values())
    Landing.objects.create(partner=newcomer, language="en", purpose="recruiting",
                           state=LandingState.PUBLISHED, title="Mine",
                           body=[hero(), lead_form_block()], published_at=timezone.now())
    landing = Landing.objects.get(partner=newcomer)
    ReferralVisit.objects.create(partner=newcomer, visitor_id="x")
    leads.create_lead(RequestFactory().post("/"), landing,
                      {"name": "Ivan", "email": "i@example.com", "consent": True}, "Yes")
    orders_services.create_order(newcomer, [{"sku": "BAR", "quantity": 1}], "USD",
                                 status=OrderStatus.PAID)
    make_partner(newcomer)
    version = PlanVersion.objects.create(name="Plan", version=1,
                                         state=PlanVersion.State.PUBLISHED, rules={},
                                         effective_from="2026-01-01")
    run = CommissionRun.objects.create(period="2026-02", plan_version=version,
                                       state=CommissionRun.State.POSTED)
    PeriodResult.objects.create(run=run, partner=newcomer, pv=0, gv=0, rank="member",
                                highest_rank="member", active=True, total=Decimal("5"),
                                left_carry=0, right_carry=0)
    assert all(mine == theirs is True for mine, theirs in both().values())


def test_the_plan_follows_an_editors_change(plan, newcomer):
    assert journey.journey_for(newcomer, "en").total == 15
    plan.tasks.first().delete()
    assert journey.journey_for(newcomer, "en").total == 14


def test_deadline_is_end_of_day(newcomer):
    joined_days_ago(newcomer, 0, now=NOW)
    assert journey.deadline_of(newcomer, 3) - newcomer.joined_at == timedelta(hours=60)
