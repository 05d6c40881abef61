"""The learning reports' figures on a small hand-built cohort (tests/learning/report_data.py):
each course's funnel by stage with the stuck partners, the quiz questions most often
failed, the newcomers' first 90 days by join month, and each as CSV. "Now" is fixed."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from learning import reports
from learning.models import CohortCount
from tests.learning.helpers import build_course
from tests.learning.report_data import NOW, Cohort, at, keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(make_partner, course):
    return Cohort(make_partner, course)


def figures(funnel):
    return [(stage.title, stage.started, stage.passed, stage.stuck) for stage in funnel.stages]


def test_the_funnel_counts_started_passed_and_stuck_per_stage(cohort):
    cohort.build_funnel()
    [funnel] = reports.course_funnel(now=NOW)
    assert funnel.title == "Start in 7 days"
    assert figures(funnel) == [
        ("About us", 6, 3, 2),
        ("Your first customer", 3, 1, 1),
    ]
    assert funnel.stages[0].passed_percent == 50.0


def test_a_partner_is_stuck_only_after_seven_days_without_a_move_in_the_stage(cohort):
    cohort.build_funnel()
    # Two more days: C's last move (2 days ago) is still recent; nine days on, it is not,
    # and A (yesterday in stage two) is not stuck until 8 days on.
    assert figures(reports.course_funnel(now=NOW.replace(day=17))[0])[0][3] == 2
    [later] = reports.course_funnel(now=NOW.replace(day=24))
    assert figures(later) == [("About us", 6, 3, 3), ("Your first customer", 3, 1, 2)]


def test_the_funnel_is_per_course_and_can_show_one(cohort, home):
    cohort.build_funnel()
    other, (stage, _second), (lesson, *_rest) = build_course(home, title="Products")
    cohort.row(cohort.partners["B"], lesson, stage, NOW, course=other)
    cohort.learner(cohort.partners["B"], last_activity=NOW)
    funnels = reports.course_funnel(now=NOW)
    assert [funnel.title for funnel in funnels] == ["Start in 7 days", "Products"]
    assert figures(funnels[0])[0] == ("About us", 6, 3, 2)
    assert figures(funnels[1]) == [("About us", 1, 0, 0), ("Your first customer", 0, 0, 0)]
    [only] = reports.course_funnel(keys(other), now=NOW)
    assert only.title == "Products"


def test_the_questions_most_often_failed_come_first_with_their_rates(cohort):
    single, true_false = cohort.build_attempts()
    items = reports.failed_items(now=NOW)
    assert [(item.question_id, item.attempts, item.failed, item.failure_percent)
            for item in items] == [(single, 4, 3, 75.0), (true_false, 4, 1, 25.0)]
    assert items[0].question == "How many product lines?"
    assert items[1].question == "Every partner gets a landing page."
    assert (items[0].course_title, items[0].stage_title, items[0].lesson_title) == (
        "Start in 7 days", "About us", "Our products")


def test_failed_questions_over_all_time_and_the_top_n(cohort):
    single, true_false = cohort.build_attempts()
    every = reports.failed_items(days=None, now=NOW)
    assert [(item.question_id, item.attempts, item.failed) for item in every] == [
        (single, 5, 3), (true_false, 5, 2)]
    assert [item.question_id for item in reports.failed_items(limit=1, now=NOW)] == [single]
    assert reports.failed_items(days=1, now=NOW) == []
    # Only the attempt of 2 days ago, which answered both questions right.
    assert [(item.attempts, item.failed) for item in reports.failed_items(days=2, now=NOW)] == [
        (1, 0), (1, 0)]


def test_cohorts_by_join_month_with_first_goal_and_activity(cohort):
    cohort.build_cohorts()
    rows = reports.cohorts(date(2026, 1, 1), date(2026, 6, 1), now=NOW)
    assert [(row.month, row.joined, row.first_goal, row.active) for row in rows] == [
        (date(2026, 1, 1), 3, 1, {30: 2, 60: 1, 90: 1}),
        (date(2026, 2, 1), 0, 0, {30: 0, 60: 0, 90: 0}),
        (date(2026, 3, 1), 1, 1, {30: 1, 60: 1, 90: None}),
        (date(2026, 4, 1), 0, 0, {30: 0, 60: None, 90: None}),
        (date(2026, 5, 1), 0, 0, {30: None, 60: None, 90: None}),
        (date(2026, 6, 1), 1, None, {30: None, 60: None, 90: None}),
    ]
    assert rows[0].first_goal_percent == 33.3
    assert rows[0].figures[0] == (30, 2, 66.7)


def test_cohorts_default_to_the_last_twelve_months(cohort):
    cohort.build_cohorts()
    rows = reports.cohorts(now=NOW)
    assert rows[0].month == date(2025, 7, 1) and rows[-1].month == date(2026, 6, 1)
    assert {row.month: row.joined for row in rows if row.joined} == {
        date(2025, 12, 1): 1, date(2026, 1, 1): 3, date(2026, 3, 1): 1, date(2026, 6, 1): 1}


def parse(text):
    return list(csv.reader(io.StringIO(text)))


def test_each_report_downloads_as_csv(cohort):
    cohort.build_funnel()
    cohort.build_attempts()
    cohort.build_cohorts()
    funnel = parse(reports.funnel_csv(reports.course_funnel(now=NOW)))
    assert funnel[0] == ["Course", "Stage number", "Stage", "Started", "Passed", "Passed, %",
                         "Stuck for more than 7 days"]
    assert funnel[1:] == [["Start in 7 days", "1", "About us", "6", "3", "50.0", "2"],
                          ["Start in 7 days", "2", "Your first customer", "3", "1", "33.3",
                           "1"]]
    failed = parse(reports.failed_csv(reports.failed_items(now=NOW)))
    assert failed[0] == ["Course", "Stage", "Lesson", "Question", "Attempts", "Failed",
                         "Failed, %"]
    assert failed[1] == ["Start in 7 days", "About us", "Our products",
                         "How many product lines?", "4", "3", "75.0"]
    rows = parse(reports.cohort_csv(reports.cohorts(date(2026, 1, 1), date(2026, 6, 1),
                                                    now=NOW)))
    assert rows[0] == ["Join month", "Joined", "First goal by day 5", "First goal by day 5, %",
                       "Active at day 30", "Active at day 30, %", "Active at day 60",
                       "Active at day 60, %", "Active at day 90", "Active at day 90, %"]
    assert rows[1] == ["2026-01", "3", "1", "33.3", "2", "66.7", "1", "33.3", "1", "33.3"]
    assert rows[3] == ["2026-03", "1", "1", "100.0", "1", "100.0", "1", "100.0", "", ""]
    assert rows[6] == ["2026-06", "1", "", "", "", "", "", "", "", ""]


# --- the cohorts as counted in the background ------------------------------------------------


def test_the_report_reads_the_cohorts_as_counted_and_says_when(cohort):
    cohort.build_cohorts()
    assert reports.count_cohorts(now=NOW) == 7  # December 2025 (the first join) to June
    later = NOW + timedelta(minutes=20)
    counted = reports.counted_cohorts(date(2026, 1, 1), date(2026, 6, 1), now=later)
    assert counted.counted_at == NOW
    live = reports.cohorts(date(2026, 1, 1), date(2026, 6, 1), now=NOW)
    assert [(row.month, row.joined, row.first_goal, row.active) for row in counted.rows] == [
        (row.month, row.joined, row.first_goal, row.active) for row in live]
    assert counted.rows[0].first_goal_percent == 33.3
    # A newcomer who joins since is in the figures once they are counted again.
    cohort.partner("P6", at(2026, 1, 28))
    assert reports.counted_cohorts(date(2026, 1, 1), date(2026, 1, 1), now=later
                                   ).rows[0].joined == 3
    reports.count_cohorts(now=later)
    again = reports.counted_cohorts(date(2026, 1, 1), date(2026, 1, 1), now=later)
    assert again.rows[0].joined == 4 and again.counted_at == later


def test_months_before_the_first_partner_are_empty_and_a_new_month_is_counted_at_once(cohort):
    cohort.build_cohorts()
    # Nothing stored yet: the first read counts.
    counted = reports.counted_cohorts(date(2025, 10, 1), date(2026, 1, 1), now=NOW)
    assert counted.counted_at == NOW
    assert [(row.month, row.joined) for row in counted.rows] == [
        (date(2025, 10, 1), 0), (date(2025, 11, 1), 0), (date(2025, 12, 1), 1),
        (date(2026, 1, 1), 3)]
    assert counted.rows[0].first_goal_percent is None
    # A month begun since the last count: nothing covers it, so it is counted now.
    july = datetime(2026, 7, 2, 9, 0, tzinfo=UTC)
    cohort.partner("P7", at(2026, 7, 1))
    counted = reports.counted_cohorts(date(2026, 7, 1), date(2026, 7, 1), now=july)
    assert counted.counted_at == july and counted.rows[0].joined == 1
    assert sorted(CohortCount.objects.values_list("month", flat=True))[-1] == date(2026, 7, 1)
