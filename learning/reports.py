"""Learning's reports for the operators: each course's funnel by stage, the quiz questions
most often answered wrong, and the newcomers' first 90 days by join month (cohorts), each
also as CSV.

Every figure is counted by the database in a few grouped queries (no per-partner loop in
Python), so a report answers in about the same few queries at a hundred partners and at a
million. Course, stage, lesson and question names are the company's default language.

Definitions (the figures the screens and the CSV files show):

- **Started** a stage: partners with a StageProgress row for it (they opened one of its
  lessons).
- **Passed** a stage: those rows with `passed_at` (the stage pass: every lesson done, every
  quiz passed).
- **Stuck** in a stage for more than 7 days: started it, not passed it, and their last
  move in the stage (`last_moved_at`: the latest lesson of it opened or done, quiz of it
  answered or video position saved) is more than 7 days before now.
  All three are one grouped count per course over the index on
  (course_key, stage_key, passed_at, last_moved_at), which holds every column read: the
  lesson rows (twenty times as many) are not read.
- **Quiz items failed**: per question, the submitted attempts that answered it and how
  many of them got it wrong, over attempts submitted in the chosen number of days (whole
  days, counted per day in QuizItemTally as each attempt is stored: learning/tallies.py);
  the highest failure rate first.
- **Cohorts** by the month a partner joined (`Partner.joined_at`, company accounts left
  out): *first goal by day 5* is `Learner.first_goal_at` within 5 days (120 hours) of
  joining; *active at day N* (30, 60, 90) means the partner did something in learning or
  the journey (`Learner.last_activity_at`) or placed an order that was paid (paid or
  shipped) on or after N days from joining, i.e. their latest paid order is. The latest
  paid orders are found in one grouped pass over the paid orders of the months' partners
  (joined by hash, not looked up partner by partner). A cohort's figure for day N is shown
  only once the whole month is at least N days old (the partner who joined last has had
  their N days); before that it is `None` ("—").
"""

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from network.models import Partner
from orders.models import Order, OrderStatus

from . import courses
from .models import CohortCount, LessonPage, QuizItemTally, StageProgress
from .quizzes import NoQuiz, Quiz

STUCK_DAYS = 7
FIRST_GOAL_DAYS = 5
ACTIVE_DAYS = (30, 60, 90)
QUIZ_DAYS = 90
TOP_ITEMS = 20
DEFAULT_MONTHS = 12
PAID = (OrderStatus.PAID, OrderStatus.SHIPPED)


def _key(value):
    """A translation key as the outlines write it (UUID text with dashes), whichever way
    the database returns it."""
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def course_outlines(course_key=None):
    """Every live course in the company's default language, in the page tree's order (or
    only the one named)."""
    outlines = courses.all_outlines()
    if course_key:
        outlines = [outline for outline in outlines if outline.key == str(course_key)]
    return outlines


def _rows(queryset, wrap):
    """Run `wrap` (SQL with `{inner}`) around the ORM-built query `queryset`."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(wrap.format(inner=sql), params)
        return cursor.fetchall()


# --- the course funnel ------------------------------------------------------------------


@dataclass
class StageFigures:
    position: int
    key: str
    title: str
    started: int = 0
    passed: int = 0
    stuck: int = 0

    @property
    def passed_percent(self):
        return round(100 * self.passed / self.started, 1) if self.started else None


@dataclass
class CourseFunnel:
    key: str
    title: str
    stages: list = field(default_factory=list)


def course_funnel(course_key=None, now=None):
    """[CourseFunnel] for every course (or the one named), stages in order: one query per
    course, whatever the number of stages or partners."""
    outlines = course_outlines(course_key)
    if not outlines:
        return []
    now = now or timezone.now()
    cutoff = now - timedelta(days=STUCK_DAYS)
    counted = {}
    for outline in outlines:
        # One course at a time, so each count reads one range of the funnel's index.
        counted.update(
            (_key(row["stage_key"]), row)
            for row in StageProgress.objects.filter(course_key=outline.key)
            .values("stage_key").annotate(
                started=Count("stage_key"), passed=Count("passed_at"),
                stuck=Count("stage_key", filter=Q(passed_at__isnull=True,
                                                  last_moved_at__lt=cutoff)),
            ).order_by()
        )
    funnels = []
    for outline in outlines:
        funnel = CourseFunnel(key=outline.key, title=outline.title)
        for position, stage in enumerate(outline.stages, start=1):
            row = counted.get(stage.key, {})
            funnel.stages.append(StageFigures(
                position=position, key=stage.key, title=stage.title,
                started=row.get("started", 0), passed=row.get("passed", 0),
                stuck=row.get("stuck", 0)))
        funnels.append(funnel)
    return funnels


FUNNEL_COLUMNS = (
    gettext_lazy("Course"), gettext_lazy("Stage number"), gettext_lazy("Stage"),
    gettext_lazy("Started"), gettext_lazy("Passed"), gettext_lazy("Passed, %"),
    gettext_lazy("Stuck for more than 7 days"),
)


def funnel_csv(funnels):
    return _csv(FUNNEL_COLUMNS, (
        [funnel.title, stage.position, stage.title, stage.started, stage.passed,
         "" if stage.passed_percent is None else stage.passed_percent, stage.stuck]
        for funnel in funnels for stage in funnel.stages
    ))


# --- quiz items most often failed -------------------------------------------------------


@dataclass
class FailedItem:
    course_title: str
    stage_title: str
    lesson_title: str
    lesson_key: str
    question_id: str
    question: str
    attempts: int
    failed: int

    @property
    def failure_percent(self):
        return round(100 * self.failed / self.attempts, 1) if self.attempts else 0.0


def _question_texts(lesson_keys):
    """{lesson key: {question id: text}} from each lesson's quiz in the default language
    (another language where it has none)."""
    default = Locale.get_default().pk
    pages = LessonPage.objects.filter(translation_key__in=lesson_keys).order_by("pk")
    chosen = {}
    for page in pages:
        key = str(page.translation_key)
        if key not in chosen or page.locale_id == default:
            chosen[key] = page
    texts = {}
    for key, page in chosen.items():
        try:
            quiz = Quiz.of(page)
        except NoQuiz:
            continue
        texts[key] = {question_id: question["text"] for question_id, question in quiz.questions}
    return texts


def failed_items(course_key=None, days=QUIZ_DAYS, limit=TOP_ITEMS, now=None):
    """[FailedItem], the highest failure rate first (then the most failures), over the
    attempts submitted in the last `days` days (all of them when `days` is None)."""
    where = {}
    for outline in course_outlines(course_key):
        for stage in outline.stages:
            for lesson in stage.lessons:
                if lesson.has_quiz:
                    where[lesson.key] = (outline, stage, lesson)
    if not where:
        return []
    tallies = QuizItemTally.objects.filter(lesson_key__in=list(where))
    if days:
        now = now or timezone.now()
        tallies = tallies.filter(day__gte=timezone.localdate(now) - timedelta(days=days))
    counted = tallies.values_list("lesson_key", "question_id").annotate(
        total=Sum("attempts"), wrong=Sum("failures")).order_by()
    counted = [(_key(lesson), str(question), int(total), int(wrong or 0))
               for lesson, question, total, wrong in counted if total]
    counted.sort(key=lambda row: (-row[3] / row[2], -row[3], -row[2], row[0], row[1]))
    counted = counted[:limit] if limit else counted
    texts = _question_texts({lesson for lesson, *_rest in counted})
    items = []
    for lesson_key, question_id, total, wrong in counted:
        outline, stage, lesson = where[lesson_key]
        items.append(FailedItem(
            course_title=outline.title, stage_title=stage.title, lesson_title=lesson.title,
            lesson_key=lesson_key, question_id=question_id,
            question=texts.get(lesson_key, {}).get(question_id, _("(a question since removed)")),
            attempts=total, failed=wrong,
        ))
    return items


FAILED_COLUMNS = (
    gettext_lazy("Course"), gettext_lazy("Stage"), gettext_lazy("Lesson"),
    gettext_lazy("Question"), gettext_lazy("Attempts"), gettext_lazy("Failed"),
    gettext_lazy("Failed, %"),
)


def failed_csv(items):
    return _csv(FAILED_COLUMNS, (
        [item.course_title, item.stage_title, item.lesson_title, item.question,
         item.attempts, item.failed, item.failure_percent]
        for item in items
    ))


# --- the first 90 days by join month ----------------------------------------------------


@dataclass
class Cohort:
    month: date
    joined: int
    first_goal: int | None  # None: the cohort is not 5 days old yet
    active: dict  # {30: count or None, 60: ..., 90: ...}

    def percent(self, count):
        if count is None or not self.joined:
            return None
        return round(100 * count / self.joined, 1)

    @property
    def first_goal_percent(self):
        return self.percent(self.first_goal)

    @property
    def figures(self):
        """[(day, count, percent)] for the template."""
        return [(day, self.active[day], self.percent(self.active[day])) for day in ACTIVE_DAYS]


def month_start(day):
    return date(day.year, day.month, 1)


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def default_months(now=None):
    """The last DEFAULT_MONTHS join months, this one included."""
    today = timezone.localdate(now or timezone.now())
    last = month_start(today)
    return add_months(last, 1 - DEFAULT_MONTHS), last


def month_range(first_month, last_month, now):
    """(first, last) month starts of the chosen months, the last 12 by default, in
    order."""
    default_first, default_last = default_months(now)
    first = month_start(first_month or default_first)
    last = month_start(last_month or default_last)
    return (last, first) if last < first else (first, last)


def _aware(day):
    return timezone.make_aware(datetime(day.year, day.month, day.day))


def _month_of(value):
    if isinstance(value, datetime):
        return month_start(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, date):
        return month_start(value)
    return date.fromisoformat(str(value)[:7] + "-01")


def _cohort_sql(partners, paid):
    """Per join month: joined, first goal within 5 days, active on/after day 30, 60, 90;
    `partners` and `paid` (their latest paid order) as SQL to wrap."""
    if connection.vendor == "postgresql":
        def after(column, days):
            return f"{column} >= c.joined_at + interval '{days} days'"

        def within(column, days):
            return f"{column} <= c.joined_at + interval '{days} days'"
    else:
        def after(column, days):
            return f"julianday({column}) >= julianday(c.joined_at) + {days}"

        def within(column, days):
            return f"julianday({column}) <= julianday(c.joined_at) + {days}"
    active = ", ".join(
        f"SUM(CASE WHEN {after('c.last_activity', days)} OR {after('o.last_order', days)} "
        f"THEN 1 ELSE 0 END)" for days in ACTIVE_DAYS
    )
    return (f"SELECT c.month, COUNT(*), "
            f"SUM(CASE WHEN {within('c.first_goal', FIRST_GOAL_DAYS)} THEN 1 ELSE 0 END), "
            f"{active} FROM ({partners}) c LEFT JOIN ({paid}) o ON o.partner_id = c.id "
            f"GROUP BY c.month")


def cohorts(first_month=None, last_month=None, now=None):
    """[Cohort] for each join month from `first_month` to `last_month` (dates, any day of
    the month; the last 12 months by default), oldest first, months without newcomers
    included. One query."""
    now = now or timezone.now()
    first, last = month_range(first_month, last_month, now)
    joined = {"is_company": False, "joined_at__gte": _aware(first),
              "joined_at__lt": _aware(add_months(last, 1))}
    partners = Partner.objects.filter(**joined).annotate(
        month=TruncMonth("joined_at"),
        first_goal=F("learner__first_goal_at"),
        last_activity=F("learner__last_activity_at"),
    ).values("id", "month", "joined_at", "first_goal", "last_activity").order_by()
    # Every paid order's partner, not only the months' (the join below keeps theirs):
    # joining the orders to the partners here made the database read the partners twice.
    paid = Order.objects.filter(status__in=PAID).values("partner_id").annotate(
        last_order=Max("created_at")).order_by()
    partners_sql, partners_params = partners.query.sql_with_params()
    paid_sql, paid_params = paid.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A million partners and their orders hash in memory, not in batches on disk.
            cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute(_cohort_sql(partners_sql, paid_sql), (*partners_params, *paid_params))
        found = cursor.fetchall()
    counted = {}
    for month, joined_count, goal, *active in found:
        counted[_month_of(month)] = (int(joined_count), int(goal or 0),
                                     [int(n or 0) for n in active])
    result = []
    month = first
    while month <= last:
        joined_count, goal, active = counted.get(month, (0, 0, [0] * len(ACTIVE_DAYS)))
        # The last newcomer of the month joined just before its end.
        month_end = _aware(add_months(month, 1))

        def old_enough(days, month_end=month_end):
            return month_end + timedelta(days=days) <= now

        result.append(Cohort(
            month=month, joined=joined_count,
            first_goal=goal if old_enough(FIRST_GOAL_DAYS) else None,
            active={days: (count if old_enough(days) else None)
                    for days, count in zip(ACTIVE_DAYS, active, strict=True)},
        ))
        month = add_months(month, 1)
    return result


# --- the cohorts as counted in the background ---------------------------------------------
#
# Counting every partner's first 90 days takes seconds at a million partners (one pass
# over the partners, their Learner rows and their paid orders), too long for a screen, and
# the figures move slowly (by the month a partner joined). So the counting runs in the
# background (`learning.count_cohorts`, hourly, and when staff ask on the report) and
# stores one CohortCount row per join month; the report reads those rows, in
# milliseconds, and says when they were counted.

COUNT_EVERY_SECONDS = 3600
MAX_MONTHS_COUNTED = 120  # the report's filter allows ten years


def count_cohorts(now=None):
    """Count the cohorts of every join month, from the first partner's (at most the last
    MAX_MONTHS_COUNTED months) to this month, and store them (one CohortCount per month,
    replaced in one transaction). Returns the number of months stored."""
    now = now or timezone.now()
    last = month_start(timezone.localdate(now))
    first_joined = (Partner.objects.filter(is_company=False).order_by("joined_at")
                    .values_list("joined_at", flat=True).first())
    first = _month_of(first_joined) if first_joined else last
    first = max(first, add_months(last, 1 - MAX_MONTHS_COUNTED))
    rows = cohorts(first, last, now=now)
    counts = [CohortCount(month=row.month, joined=row.joined, first_goal=row.first_goal,
                          active={str(day): count for day, count in row.active.items()},
                          counted_at=now) for row in rows]
    with transaction.atomic():
        CohortCount.objects.exclude(month__in=[row.month for row in rows]).delete()
        CohortCount.objects.bulk_create(
            counts, update_conflicts=True, unique_fields=["month"],
            update_fields=["joined", "first_goal", "active", "counted_at"])
    return len(counts)


@dataclass(frozen=True)
class CountedCohorts:
    rows: list  # [Cohort]
    counted_at: datetime


def counted_cohorts(first_month=None, last_month=None, now=None):
    """The cohorts of the months from `first_month` to `last_month` (the last 12 by
    default) as last counted in the background, and when that was. Counted here first
    when nothing covers this month yet (a new database, a month just begun)."""
    now = now or timezone.now()
    first, last = month_range(first_month, last_month, now)
    this_month = month_start(timezone.localdate(now))
    chosen = Q(month__gte=first, month__lte=last) | Q(month=this_month)
    stored = {row.month: row for row in CohortCount.objects.filter(chosen)}
    if this_month not in stored:
        count_cohorts(now)
        stored = {row.month: row for row in CohortCount.objects.filter(chosen)}
    counted_at = stored[this_month].counted_at
    rows = []
    month = first
    while month <= last:
        row = stored.get(month)
        if row is None:  # before the first partner joined (or in the future): nobody
            row = CohortCount(month=month, joined=0, first_goal=None, counted_at=counted_at)
        rows.append(Cohort(
            month=month, joined=row.joined, first_goal=row.first_goal,
            active={day: row.active.get(str(day)) for day in ACTIVE_DAYS}))
        month = add_months(month, 1)
    return CountedCohorts(rows=rows, counted_at=counted_at)


def cohort_columns():
    return [_("Join month"), _("Joined"), _("First goal by day 5"),
            _("First goal by day 5, %")] + [
        label % {"day": day} for day in ACTIVE_DAYS
        for label in (_("Active at day %(day)s"), _("Active at day %(day)s, %%"))
    ]


def cohort_csv(rows):
    def cell(value):
        return "" if value is None else value

    return _csv(cohort_columns(), (
        [f"{row.month:%Y-%m}", row.joined, cell(row.first_goal), cell(row.first_goal_percent)]
        + [cell(value) for day, count, percent in row.figures for value in (count, percent)]
        for row in rows
    ))


# --- CSV --------------------------------------------------------------------------------


def _csv(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([str(column) for column in columns])
    writer.writerows(rows)
    return out.getvalue()
