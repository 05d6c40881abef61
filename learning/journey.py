"""A newcomer's first 90 days: the company's plan (a JourneyPlan snippet in the partner's
language, else the default one) laid over the partner's own days, each task due on its
day after joining (day 1 is the day they joined), grouped into overdue, today, this week,
later and done, with the first goal's deadline and a countdown to it.

A task is done once (JourneyTaskDone is unique per partner and task key, the same key in
every language): by the partner (`mark_done`, manual tasks only) or ticked from what the
platform knows (`tick`, called by journey_checks.py when the event a task names happens).
Each done task moves the partner's Learner counters in the same transaction and sends
`journey_task_done` once, after it commits. Opening the plan also reconciles the automatic
tasks due up to this week with learning/achievements.py: the safety net for an event that
was missed (and the only path for "link shared", whose visits send no event).

The plan itself is read from the database once and cached (plain outlines) until an
editor saves a plan or a task, or learning's pages change (courses.content_version), so
the 90-day page costs one query of its own (the partner's done tasks) on most requests.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from wagtail.models import Page

from compensation.models import CommissionRun, PeriodResult
from core import cache_versions, fragments
from landing.models import Landing, LandingState, Lead
from network.models import Partner, ReferralVisit
from orders.models import Order

from . import achievements, courses, roster, signals
from .models import (
    CourseCompletion,
    CoursePage,
    JourneyPlan,
    JourneyTask,
    JourneyTaskDone,
    Learner,
    LessonPage,
    LessonProgress,
    SponsorWelcome,
    StagePage,
    StagePass,
    TaskCheck,
)
from .progress import LearningError

PLAN_DAYS = courses.NEWCOMER_DAYS
WEEK_DAYS = 7
VERSION_KEY = "learning:journey-version"
CACHE_SECONDS = 24 * 3600
# How long a reconciliation with the achievements holds before the page asks again (the
# events tick tasks at once; this only bounds how often the safety net costs queries).
RECONCILE_SECONDS = 60

BUCKETS = ("overdue", "today", "this_week", "later", "not_done", "done")
BUCKET_TITLES = {
    # after day 90 nothing is overdue any more: what was left is simply not done
    "not_done": gettext_lazy("Not done"),
    "overdue": gettext_lazy("Overdue"),
    "today": gettext_lazy("Today"),
    "this_week": gettext_lazy("This week"),
    "later": gettext_lazy("Later"),
    "done": gettext_lazy("Done"),
}

# How an automatic task is ticked, in the partner's words.
HOW_TICKED = {
    TaskCheck.PROFILE_COMPLETED: gettext_lazy(
        "Ticked when your profile has a photo or a way to reach you."),
    TaskCheck.LANDING_PUBLISHED: gettext_lazy("Ticked when your landing is published."),
    TaskCheck.LINK_SHARED: gettext_lazy(
        "Ticked when the first visitor comes through your referral link."),
    TaskCheck.FIRST_LEAD: gettext_lazy("Ticked when your first lead arrives."),
    TaskCheck.FIRST_ORDER: gettext_lazy("Ticked when your first order is paid."),
    TaskCheck.FIRST_PARTNER: gettext_lazy(
        "Ticked when your first personally sponsored partner joins."),
    TaskCheck.LESSON_COMPLETED: gettext_lazy("Ticked when you complete the lesson."),
    TaskCheck.STAGE_PASSED: gettext_lazy("Ticked when you pass the stage."),
    TaskCheck.COURSE_COMPLETED: gettext_lazy("Ticked when you complete the course."),
    TaskCheck.FIRST_BONUS: gettext_lazy("Ticked when your first bonus is paid out."),
}

# Where to do an automatic task when the plan names no cabinet page for it.
CHECK_ACTIONS = {
    TaskCheck.PROFILE_COMPLETED: "cabinet:profile",
    TaskCheck.LANDING_PUBLISHED: "cabinet:landings",
    TaskCheck.LINK_SHARED: "cabinet:referrals",
    TaskCheck.FIRST_LEAD: "cabinet:leads",
    TaskCheck.FIRST_ORDER: "cabinet:orders",
    TaskCheck.FIRST_PARTNER: "cabinet:referrals",
    TaskCheck.FIRST_BONUS: "cabinet:earnings",
}

PAGE_CHECKS = {
    TaskCheck.LESSON_COMPLETED: "lesson",
    TaskCheck.STAGE_PASSED: "stage",
    TaskCheck.COURSE_COMPLETED: "course",
}


class JourneyError(LearningError):
    status = 400


class TaskNotFound(JourneyError):
    status = 404


class TaskIsAutomatic(JourneyError):
    status = 400


# --- the plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskOutline:
    key: str
    day: int
    title: str
    description: str
    checked_by: str
    action: str
    first_goal: bool
    page_key: str = ""  # the linked lesson, stage or course (translation_key)
    page_kind: str = ""  # "lesson", "stage" or "course"
    course_key: str = ""  # the course it belongs to (translation_key)

    @property
    def automatic(self):
        return self.checked_by != TaskCheck.MANUAL


@dataclass(frozen=True)
class PlanOutline:
    id: int
    name: str
    language: str
    welcome: str
    tasks: tuple


def default_language():
    return settings.LANGUAGE_CODE.split("-")[0]


def active_plan(language):
    """The active plan in `language`, else in the company's default language (None when
    there is neither), its tasks in `ordered_tasks` by day then order."""
    tasks = Prefetch("tasks", queryset=JourneyTask.objects.order_by("day", "sort_order", "pk"),
                     to_attr="ordered_tasks")
    plans = JourneyPlan.objects.filter(active=True).select_related("locale").order_by("pk")
    plan = plans.filter(locale__language_code=language).first()
    if plan is None and language != default_language():
        plan = plans.filter(locale__language_code=default_language()).first()
    if plan is not None:
        prefetch_related_objects([plan], tasks)
    return plan


def version():
    return cache_versions.current(VERSION_KEY)


def forget_plans(**kwargs):
    """An editor changed a plan or a task: every cached outline is read again."""
    cache_versions.bump(VERSION_KEY)


def _linked_pages(tasks):
    """{page id: (translation_key, kind, course translation_key)} for the tasks' pages."""
    ids = {task.lesson_id for task in tasks if task.lesson_id}
    if not ids:
        return {}
    kinds = {LessonPage: "lesson", StagePage: "stage", CoursePage: "course"}
    pages = list(Page.objects.filter(pk__in=ids).select_related("content_type")
                 .only("id", "path", "translation_key", "content_type"))
    steps = {"lesson": 2, "stage": 1, "course": 0}
    found, course_paths = {}, set()
    for page in pages:
        kind = kinds.get(page.specific_class)
        if kind is None:
            continue
        course_path = page.path[:len(page.path) - steps[kind] * Page.steplen]
        found[page.pk] = (str(page.translation_key), kind, course_path)
        course_paths.add(course_path)
    course_keys = dict(Page.objects.filter(path__in=course_paths)
                       .values_list("path", "translation_key"))
    return {pk: (key, kind, str(course_keys.get(path, "")))
            for pk, (key, kind, path) in found.items()}


def _outline(plan):
    pages = _linked_pages(plan.ordered_tasks)
    return PlanOutline(
        id=plan.pk, name=plan.name, language=plan.locale.language_code, welcome=plan.welcome,
        tasks=tuple(
            TaskOutline(
                key=task.key, day=task.day, title=task.title, description=task.description,
                checked_by=task.checked_by, action=task.action, first_goal=task.first_goal,
                **dict(zip(("page_key", "page_kind", "course_key"),
                           pages.get(task.lesson_id, ("", "", "")), strict=True)),
            )
            for task in plan.ordered_tasks
        ),
    )


def plan_outline(language):
    """The active plan in `language` (or the default one) as a cached PlanOutline; None
    when the company has no active plan."""
    key = f"learning:journey-plan:{language}:{version()}:{courses.content_version()}"
    outline = cache.get(key)
    if outline is None:
        plan = active_plan(language)
        outline = _outline(plan) if plan is not None else False
        cache.set(key, outline, CACHE_SECONDS)
    return outline or None


def connect():
    """Cached plans are forgotten when an editor saves or deletes a plan or a task."""
    for model in (JourneyPlan, JourneyTask):
        for model_signal, name in ((post_save, "save"), (post_delete, "delete")):
            model_signal.connect(forget_plans, sender=model,
                                 dispatch_uid=f"learning.journey.{name}.{model.__name__}")


# --- the partner's days -----------------------------------------------------------------


def joined_date(partner):
    return timezone.localdate(partner.joined_at)


def day_of(partner, now=None):
    """Days since joining, counting the day they joined as day 1."""
    now = now or timezone.now()
    return (timezone.localdate(now) - joined_date(partner)).days + 1


def due_date(partner, task_day):
    return joined_date(partner) + timedelta(days=task_day - 1)


def deadline_of(partner, task_day):
    """The end of a task's day: the joined date plus its day, at midnight."""
    end = joined_date(partner) + timedelta(days=task_day)
    return timezone.make_aware(datetime.combine(end, time.min))


def bucket_of(due, today, done, plan_over=False):
    if done:
        return "done"
    if plan_over:
        return "not_done"
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    if due < today + timedelta(days=WEEK_DAYS):
        return "this_week"
    return "later"


@dataclass
class TaskState:
    key: str
    day: int
    title: str
    description: str
    due_date: object
    done: bool
    done_at: object
    automatic: bool
    checked_by: str
    action_url: str
    first_goal: bool
    bucket: str

    @property
    def how_ticked(self):
        return HOW_TICKED.get(self.checked_by, "")

    @property
    def check_label(self):
        return TaskCheck(self.checked_by).label


@dataclass
class Countdown:
    """Time left to the first goal's deadline (or when it was reached, or that it is past)."""

    deadline: object
    reached: bool = False
    reached_at: object = None
    overdue: bool = False
    days: int = 0
    hours: int = 0


@dataclass
class Journey:
    plan: object
    welcome: str
    sponsor: object
    sponsor_welcome: object  # {"text", "video_url"} or None
    day: int
    in_first_90_days: bool
    tasks: list
    first_goal: object = None
    countdown: object = None
    done: int = 0
    total: int = 0
    groups: list = field(default_factory=list)  # [(bucket, title, [TaskState])], non-empty

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def days_left(self):
        return max(0, PLAN_DAYS - self.day)

    def bucket(self, name):
        return [task for task in self.tasks if task.bucket == name]

    @property
    def fingerprint(self):
        """Everything the task list's HTML depends on (each shown task's every field, the
        groups, the language and time zone it is drawn in), hashed: the cabinet caches the
        drawn list under it, so a changed task, a new day or a tick draws it afresh."""
        return fragments.fingerprint([
            (name, str(title), [fragments.fields_of(task) for task in tasks])
            for name, title, tasks in self.groups])

    @property
    def due_now(self):
        """Overdue and today's tasks: what the overview shows."""
        return [task for task in self.tasks if task.bucket in ("overdue", "today")]


def _reverse(name, **kwargs):
    if not name:
        return ""
    try:
        return reverse(name if ":" in name else f"cabinet:{name}", kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def action_url(task, language):
    """Where to do the task: the cabinet page the plan names, else its lesson (or the
    course of its stage or course) in the partner's language, else the page where the
    check's event happens."""
    if task.action:
        return _reverse(task.action)
    if task.page_kind:
        outline = courses.course_by_key(task.course_key, language) if task.course_key else None
        if outline is None:
            return ""
        if task.page_kind == "lesson":
            for lesson in outline.lessons:
                if lesson.key == task.page_key:
                    return _reverse("cabinet:lesson", page_id=lesson.id)
        return _reverse("cabinet:course", page_id=outline.id)
    return _reverse(CHECK_ACTIONS.get(task.checked_by, ""))


def action_urls(plan, language):
    """{task key: action_url} for the plan in `language`, cached with the plan and the
    courses (and per the language the addresses are written in)."""
    key = (f"learning:journey-links:{plan.id}:{language}:{get_language()}:{version()}:"
           f"{courses.content_version()}")
    urls = cache.get(key)
    if urls is None:
        urls = {task.key: action_url(task, language) for task in plan.tasks}
        cache.set(key, urls, CACHE_SECONDS)
    return urls


def sponsor_welcome(sponsor):
    """The sponsor's own welcome ({"text", "video_url"}) or None, cached until they save
    it again (save_welcome in mentoring.py forgets it)."""
    if sponsor is None:
        return None
    key = f"learning:sponsor-welcome:{sponsor.pk}"
    found = cache.get(key)
    if found is None:
        row = SponsorWelcome.objects.filter(sponsor=sponsor).values("text", "video_url").first()
        found = row if row and (row["text"] or row["video_url"]) else False
        cache.set(key, found, CACHE_SECONDS)
    return found or None


def forget_sponsor_welcome(sponsor):
    cache.delete(f"learning:sponsor-welcome:{sponsor.pk}")


def done_tasks(partner):
    """{task_key: (done_at, automatic)}: one query."""
    return {key: (done_at, automatic) for key, done_at, automatic in
            JourneyTaskDone.objects.filter(partner=partner)
            .values_list("task_key", "done_at", "automatic")}


def journey_for(partner, language, now=None):
    """The partner's journey in `language` (None when the company has no active plan)."""
    now = now or timezone.now()
    plan = plan_outline(language)
    if plan is None:
        return None
    today = timezone.localdate(now)
    day = day_of(partner, now)
    done = done_tasks(partner)
    newly = reconcile(partner, plan, done, today, now)
    for key in newly:
        done[key] = (now, True)
    urls = action_urls(plan, language)
    tasks = []
    for task in plan.tasks:
        done_at, _automatic = done.get(task.key, (None, False))
        due = due_date(partner, task.day)
        tasks.append(TaskState(
            key=task.key, day=task.day, title=task.title, description=task.description,
            due_date=due, done=done_at is not None, done_at=done_at,
            automatic=task.automatic, checked_by=task.checked_by,
            action_url=urls.get(task.key, ""), first_goal=task.first_goal,
            bucket=bucket_of(due, today, done_at is not None, plan_over=day > PLAN_DAYS),
        ))
    journey = Journey(
        plan=plan, welcome=plan.welcome, sponsor=partner.sponsor,
        sponsor_welcome=sponsor_welcome(partner.sponsor),
        day=day, in_first_90_days=day <= PLAN_DAYS, tasks=tasks,
        done=sum(task.done for task in tasks), total=len(tasks),
    )
    journey.groups = [(name, BUCKET_TITLES[name], journey.bucket(name)) for name in BUCKETS
                      if journey.bucket(name)]
    journey.first_goal = next((task for task in tasks if task.first_goal), None)
    if journey.first_goal is not None:
        journey.countdown = countdown(partner, journey.first_goal, now)
    return journey


def countdown(partner, task, now):
    deadline = deadline_of(partner, task.day)
    if task.done:
        return Countdown(deadline=deadline, reached=True, reached_at=task.done_at)
    left = deadline - now
    if left.total_seconds() <= 0:
        return Countdown(deadline=deadline, overdue=True)
    return Countdown(deadline=deadline, days=left.days, hours=left.seconds // 3600)


# --- ticking tasks ----------------------------------------------------------------------


def _record(partner, task_key, first_goal, automatic, now):
    """Write the task done once; True when this call did it. The Learner counters move in
    the same transaction and `journey_task_done` is sent once it commits."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                JourneyTaskDone.objects.create(partner=partner, task_key=task_key,
                                               done_at=now, automatic=automatic)
        except IntegrityError:
            return False
        moved = {"tasks_done": F("tasks_done") + 1, "last_activity_at": now}
        if first_goal:
            moved["first_goal_at"] = Coalesce(F("first_goal_at"), Value(now))
        if not Learner.objects.filter(pk=partner.pk).update(**moved):
            roster.ensure(partner)
            Learner.objects.filter(pk=partner.pk).update(**moved)
    transaction.on_commit(lambda: signals.journey_task_done.send(
        sender=partner.__class__, partner=partner, task_key=task_key, automatic=automatic,
        first_goal=bool(first_goal)))
    return True


def mark_done(partner, task_key, now=None):
    """The partner marks a manual task of the plan done. True when this call did it, False
    when it was done already; TaskNotFound for a key no active plan has, TaskIsAutomatic
    for a task the platform ticks itself."""
    now = now or timezone.now()
    task_key = str(task_key or "")[:50]
    rows = list(JourneyTask.objects.filter(plan__active=True, key=task_key)
                .values_list("checked_by", "first_goal"))
    if not rows:
        raise TaskNotFound(_("There is no such task in your plan."))
    if any(checked_by != TaskCheck.MANUAL for checked_by, _goal in rows):
        raise TaskIsAutomatic(_("This task is ticked automatically once you have done it."))
    return _record(partner, task_key, any(goal for _check, goal in rows), False, now)


def active_checks():
    """The checks the active plans use (cached with the plans): events no plan asks for
    cost no query."""
    key = f"learning:journey-checks:{version()}"
    checks = cache.get(key)
    if checks is None:
        checks = set(JourneyTask.objects.filter(plan__active=True)
                     .values_list("checked_by", flat=True).distinct())
        cache.set(key, checks, CACHE_SECONDS)
    return checks


def is_newcomer(partner, now=None):
    return courses.is_newcomer(partner, now)


def tick(partner, checked_by, page=None, now=None):
    """Tick every task of the active plans (any language: the keys are the same) checked
    by `checked_by`, for lesson, stage and course checks only those whose page is `page`
    or a translation of it. Only in the partner's first 90 days. Returns the keys ticked."""
    now = now or timezone.now()
    if partner is None or not partner.pk or not is_newcomer(partner, now):
        return []
    if checked_by not in active_checks():
        return []
    tasks = JourneyTask.objects.filter(plan__active=True, checked_by=checked_by)
    if checked_by in PAGE_CHECKS:
        if page is None:
            return []
        tasks = tasks.filter(lesson__translation_key=page.translation_key)
    goals = {}
    for key, goal in tasks.values_list("key", "first_goal"):
        goals[key] = goals.get(key, False) or goal
    if not goals:
        return []
    done = set(JourneyTaskDone.objects.filter(partner=partner, task_key__in=list(goals))
               .values_list("task_key", flat=True))
    pending = [key for key in goals if key not in done]
    # A partner being deleted (partner_changed is sent then too) gets nothing written.
    if not pending or not Partner.objects.filter(pk=partner.pk).exists():
        return []
    return [key for key in pending if _record(partner, key, goals[key], True, now)]


def reconcile(partner, plan, done, today, now):
    """Tick the automatic tasks due up to this week that the platform already knows are
    done but whose event was missed: one query per kind of check still open (none for a
    completed profile), at most once a minute per partner. Returns the keys ticked."""
    horizon = today + timedelta(days=WEEK_DAYS - 1)
    pending = [task for task in plan.tasks if task.automatic and task.key not in done
               and due_date(partner, task.day) <= horizon]
    if not pending or not is_newcomer(partner, now):
        return []
    marker = f"learning:journey-reconciled:{partner.pk}"
    if cache.get(marker):
        return []
    cache.set(marker, True, RECONCILE_SECONDS)
    met = _met_checks(partner, pending)
    ticked = []
    for task in pending:
        if (task.checked_by, task.page_key) in met and _record(
                partner, task.key, task.first_goal, True, now):
            ticked.append(task.key)
    return ticked


# Each automatic check as a subquery on the partner, so the page asks all of those still
# open in one query. They say what achievements.py says, one `exists()` each (a test holds
# the two to the same answers).
ACHIEVED = {
    TaskCheck.LANDING_PUBLISHED: lambda: Landing.objects.filter(
        partner=OuterRef("pk"), state=LandingState.PUBLISHED),
    TaskCheck.LINK_SHARED: lambda: ReferralVisit.objects.filter(partner=OuterRef("pk")),
    TaskCheck.FIRST_LEAD: lambda: Lead.objects.filter(partner=OuterRef("pk")),
    TaskCheck.FIRST_ORDER: lambda: Order.objects.filter(
        partner=OuterRef("pk"), status__in=achievements.PAID_STATES),
    TaskCheck.FIRST_PARTNER: lambda: Partner.objects.filter(sponsor=OuterRef("pk")).exclude(
        pk=OuterRef("pk")),
    TaskCheck.FIRST_BONUS: lambda: PeriodResult.objects.filter(
        partner=OuterRef("pk"), total__gt=0, run__state=CommissionRun.State.POSTED),
}
PAGE_DONE = {
    TaskCheck.LESSON_COMPLETED: lambda key: LessonProgress.objects.filter(
        partner=OuterRef("pk"), lesson_key=key, completed_at__isnull=False),
    TaskCheck.STAGE_PASSED: lambda key: StagePass.objects.filter(
        partner=OuterRef("pk"), stage_key=key),
    TaskCheck.COURSE_COMPLETED: lambda key: CourseCompletion.objects.filter(
        partner=OuterRef("pk"), course_key=key),
}


def _met_checks(partner, tasks):
    """{(checked_by, page_key)} the partner has, of the given tasks' checks: one query
    (none when only a profile is asked about)."""
    met, asked = set(), {}
    for task in tasks:
        check = (task.checked_by, task.page_key)
        if check in asked.values() or check in met:
            continue
        if task.checked_by == TaskCheck.PROFILE_COMPLETED:
            if achievements.profile_completed(partner):
                met.add(check)
        elif task.checked_by in ACHIEVED:
            asked[f"c{len(asked)}"] = check
        elif task.checked_by in PAGE_DONE and task.page_key:
            asked[f"c{len(asked)}"] = check
    if asked:
        subqueries = {
            name: Exists(ACHIEVED[check]() if check in ACHIEVED
                         else PAGE_DONE[check](page_key))
            for name, (check, page_key) in asked.items()
        }
        row = Partner.objects.filter(pk=partner.pk).annotate(**subqueries) \
            .values(*subqueries).first() or {}
        met.update(check for name, check in asked.items() if row.get(name))
    return met


def tick_in_bulk(partner_ids, checked_by, now=None):
    """Tick the tasks checked by `checked_by` for many partners at once (the first bonus
    of a posted run): a bulk insert that skips what is there, the Learner counters moved
    with one UPDATE per chunk, and the event sent once per partner ticked."""
    now = now or timezone.now()
    goals = {}
    for key, goal in JourneyTask.objects.filter(plan__active=True, checked_by=checked_by) \
            .values_list("key", "first_goal"):
        goals[key] = goals.get(key, False) or goal
    ticked = 0
    for key, goal in goals.items():
        ids = list(partner_ids)
        for start in range(0, len(ids), 1000):
            ticked += _tick_chunk(ids[start:start + 1000], key, goal, now)
    return ticked


def _tick_chunk(ids, key, first_goal, now):
    with transaction.atomic():
        done = set(JourneyTaskDone.objects.filter(task_key=key, partner_id__in=ids)
                   .values_list("partner_id", flat=True))
        new = [pk for pk in ids if pk not in done]
        if not new:
            return 0
        JourneyTaskDone.objects.bulk_create(
            [JourneyTaskDone(partner_id=pk, task_key=key, done_at=now, automatic=True)
             for pk in new], ignore_conflicts=True)
        roster.ensure_many(new)
        moved = {"tasks_done": F("tasks_done") + 1, "last_activity_at": now}
        if first_goal:
            moved["first_goal_at"] = Coalesce(F("first_goal_at"), Value(now))
        Learner.objects.filter(pk__in=new).update(**moved)

        def announce():
            for partner in Partner.objects.filter(pk__in=new).select_related("user"):
                signals.journey_task_done.send(sender=Partner, partner=partner,
                                               task_key=key, automatic=True,
                                               first_goal=bool(first_goal))

        transaction.on_commit(announce)
    return len(new)
