"""A small hand-built cohort for the learning reports' tests: partners with set join dates,
progress, stage passes, quiz attempts, orders and Learner rows, at a fixed "now"."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from learning.models import Learner, LessonProgress, QuizAttempt, StagePass, StageProgress
from learning.quizzes import Quiz
from learning.tallies import count_attempt
from network.models import Partner
from orders.models import Order, OrderStatus
from tests.learning.helpers import refetch

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def at(year, month, day):
    return datetime(year, month, day, 10, 0, tzinfo=UTC)


def keys(page):
    return str(page.translation_key)


def question_ids(lesson):
    """The quiz lesson's question ids: (single-choice question, true/false question)."""
    return tuple(question_id for question_id, _question in Quiz.of(refetch(lesson)).questions)


class Cohort:
    """Builds the figures every report test reads (see each test for the expected ones)."""

    def __init__(self, make_partner, course, now=NOW):
        self.now = now
        self.make_partner = make_partner
        self.course, (self.first, self.second), (self.read, self.quiz, self.customer) = course
        self.partners = {}

    def ago(self, days):
        return self.now - timedelta(days=days)

    def partner(self, name, joined=None):
        partner = self.make_partner()
        if joined:
            Partner.objects.filter(pk=partner.pk).update(joined_at=joined)
            partner.refresh_from_db()
        self.partners[name] = partner
        return partner

    def row(self, partner, lesson, stage, started, completed=None, course=None):
        """A lesson row and, as learning/progress.py keeps it, the stage's row: started
        with its first lesson, moved by the latest lesson opened or done."""
        course_key = keys(course or self.course)
        LessonProgress.objects.create(
            partner=partner, course_key=course_key, stage_key=keys(stage),
            lesson_key=keys(lesson), started_at=started, completed_at=completed)
        moved = max(started, completed or started)
        row, created = StageProgress.objects.get_or_create(
            partner=partner, stage_key=keys(stage), defaults={
                "course_key": course_key, "started_at": started, "last_moved_at": moved})
        if not created:
            row.started_at = min(row.started_at, started)
            row.last_moved_at = max(row.last_moved_at, moved)
            row.save()

    def pass_stage(self, partner, stage, when):
        StagePass.objects.create(partner=partner, course_key=keys(self.course),
                                 stage_key=keys(stage), passed_at=when)
        StageProgress.objects.filter(partner=partner, stage_key=keys(stage)).update(
            passed_at=when)

    def learner(self, partner, last_activity=None, first_goal=None):
        Learner.objects.update_or_create(partner=partner, defaults={
            "last_activity_at": last_activity, "first_goal_at": first_goal})

    def attempt(self, partner, number, results, when):
        # as quizzes.submit_attempt stores an attempt: the row, and its items counted
        count_attempt(keys(self.quiz), results, timezone.localdate(when))
        QuizAttempt.objects.create(
            partner=partner, course_key=keys(self.course), stage_key=keys(self.first),
            lesson_key=keys(self.quiz), number=number, answers={}, results=results,
            score=round(100 * sum(results.values()) / len(results)),
            passed=all(results.values()), submitted_at=when)

    def build_funnel(self):
        """Stage one: A, B, C, D, E, F started; A, D, E passed; B (nothing for 20 days)
        and F (a row 8 days old, though active elsewhere yesterday) stuck; C moved 2 days
        ago. Stage two: A, D, E started; E passed; D stuck (30 days); A moved yesterday."""
        first, second = self.first, self.second
        a, b, c = self.partner("A"), self.partner("B"), self.partner("C")
        d, e, f = self.partner("D"), self.partner("E"), self.partner("F")
        for partner, days in ((a, 5), (d, 40), (e, 60)):
            self.row(partner, self.read, first, self.ago(days), self.ago(days))
            self.row(partner, self.quiz, first, self.ago(days), self.ago(days - 1))
            self.pass_stage(partner, first, self.ago(days - 1))
        self.row(a, self.customer, second, self.ago(1))
        self.row(d, self.customer, second, self.ago(30))
        self.row(e, self.customer, second, self.ago(50), self.ago(50))
        self.pass_stage(e, second, self.ago(50))
        self.row(b, self.read, first, self.ago(20))
        self.row(c, self.read, first, self.ago(10), self.ago(2))
        self.row(f, self.read, first, self.ago(8))
        for partner, days in ((a, 1), (b, 20), (c, 2), (d, 30), (e, 50), (f, 1)):
            self.learner(partner, last_activity=self.ago(days))

    def build_attempts(self):
        """The single-choice question failed 3 times in 4 recent attempts, the true/false
        one once in 4; an attempt 200 days old failed the true/false question too."""
        single, true_false = question_ids(self.quiz)
        a, b, c = self.partner("QA"), self.partner("QB"), self.partner("QC")
        self.attempt(a, 1, {single: False, true_false: True}, self.ago(3))
        self.attempt(a, 2, {single: True, true_false: True}, self.ago(2))
        self.attempt(b, 1, {single: False, true_false: False}, self.ago(10))
        self.attempt(c, 1, {single: False, true_false: True}, self.ago(30))
        self.attempt(c, 2, {single: True, true_false: False}, self.ago(200))
        return single, true_false

    def build_cohorts(self):
        """January 2026: P1 (goal on day 3, active until day 100), P2 (goal on day 7, a paid
        order on day 40, a cancelled one on day 100), P3 (nothing). March: P4 (goal on day
        5 exactly, active on day 66). June: P5 (joined 3 days before now). December 2025:
        P0, outside the chosen months."""
        p0 = self.partner("P0", at(2025, 12, 20))
        p1 = self.partner("P1", at(2026, 1, 10))
        p2 = self.partner("P2", at(2026, 1, 20))
        self.partner("P3", at(2026, 1, 25))
        p4 = self.partner("P4", at(2026, 3, 5))
        p5 = self.partner("P5", at(2026, 6, 12))
        self.learner(p0, last_activity=at(2026, 5, 1), first_goal=at(2025, 12, 21))
        self.learner(p1, last_activity=p1.joined_at + timedelta(days=100),
                     first_goal=p1.joined_at + timedelta(days=3))
        self.learner(p2, last_activity=p2.joined_at + timedelta(days=21),
                     first_goal=p2.joined_at + timedelta(days=7))
        self.learner(p4, last_activity=p4.joined_at + timedelta(days=66),
                     first_goal=p4.joined_at + timedelta(days=5))
        self.learner(p5, last_activity=self.ago(1), first_goal=self.ago(1))
        Order.objects.bulk_create([
            Order(partner=p2, status=OrderStatus.PAID,
                  created_at=p2.joined_at + timedelta(days=40)),
            Order(partner=p2, status=OrderStatus.CANCELLED,
                  created_at=p2.joined_at + timedelta(days=100)),
        ])
