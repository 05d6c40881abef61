"""Builders for the 90-day journey's tests: a plan of fifteen tasks (every kind of check,
the first goal on day 4) in English, optionally with its Russian version, and a newcomer
who joined a given number of days ago."""

import uuid
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale

from learning.models import JourneyPlan, JourneyTask, TaskCheck


def plan_tasks(course):
    """(key, day, title, checked_by, lesson page, first goal) of the plan."""
    _course, (stage_one, _stage_two), (read, _quiz, _customer) = course
    return [
        ("fill-profile", 1, "Fill in your profile", TaskCheck.PROFILE_COMPLETED, None, False),
        ("read-who-we-are", 1, "Read \u201cWho we are\u201d", TaskCheck.LESSON_COMPLETED, read,
         False),
        ("publish-landing", 2, "Publish your landing", TaskCheck.LANDING_PUBLISHED, None, False),
        ("share-link", 2, "Share your link", TaskCheck.LINK_SHARED, None, False),
        ("list-20-people", 3, "Write a list of 20 people", TaskCheck.MANUAL, None, False),
        ("first-order", 4, "Your first order", TaskCheck.FIRST_ORDER, None, True),
        ("first-lead", 5, "Your first lead", TaskCheck.FIRST_LEAD, None, False),
        ("pass-about-us", 7, "Pass \u201cAbout us\u201d", TaskCheck.STAGE_PASSED, stage_one,
         False),
        ("first-partner", 10, "Your first partner", TaskCheck.FIRST_PARTNER, None, False),
        ("call-three", 14, "Call three people", TaskCheck.MANUAL, None, False),
        ("finish-course", 21, "Finish the course", TaskCheck.COURSE_COMPLETED, _course, False),
        ("first-bonus", 30, "Your first bonus", TaskCheck.FIRST_BONUS, None, False),
        ("host-a-meeting", 45, "Host a meeting", TaskCheck.MANUAL, None, False),
        ("review-with-sponsor", 60, "Review with your sponsor", TaskCheck.MANUAL, None, False),
        ("plan-next-90", 90, "Plan your next 90 days", TaskCheck.MANUAL, None, False),
    ]


RUSSIAN_TITLES = {
    "fill-profile": "Заполните профиль",
    "list-20-people": "Составьте список из 20 человек",
    "first-order": "Ваш первый заказ",
}


def build_plan(course, russian=False, welcome="Welcome to the team!"):
    en = Locale.objects.get(language_code="en")
    plan = JourneyPlan.objects.create(name="First 90 days", locale=en, welcome=welcome)
    tasks = plan_tasks(course)
    for order, (key, day, title, check, page, goal) in enumerate(tasks):
        JourneyTask.objects.create(plan=plan, locale=en, sort_order=order, key=key, day=day,
                                   title=title, checked_by=check, lesson=page, first_goal=goal)
    if russian:
        ru = Locale.objects.get(language_code="ru")
        translated = JourneyPlan.objects.create(
            name="Первые 90 дней", locale=ru, translation_key=plan.translation_key,
            welcome="Добро пожаловать в команду!")
        for order, (key, day, title, check, page, goal) in enumerate(tasks):
            JourneyTask.objects.create(
                plan=translated, locale=ru, sort_order=order, key=key, day=day,
                title=RUSSIAN_TITLES.get(key, title), checked_by=check, lesson=page,
                first_goal=goal, translation_key=uuid.uuid4())
    return plan


def joined_days_ago(partner, days, now=None):
    """Move the partner's join back so that today is their day `days + 1`."""
    now = now or timezone.now()
    partner.joined_at = now - timedelta(days=days)
    partner.save(update_fields=["joined_at"])
    return partner


def many_newcomers(sponsor, count, now=None):
    """`count` newcomers of `sponsor` bulk-created over the 90 days (oldest last), on the
    mentor view's roster as the CSV import puts them (roster.sync): one in three active
    yesterday, one in three quiet for five days (stuck), one in three who never did
    anything (stuck once past their third day: their Learner row is the roster's only);
    every fourth of the active and quiet ones has reached the first goal. Returns them,
    newest first."""
    from learning import roster
    from learning.models import Learner
    from network.models import Partner

    now = now or timezone.now()
    partners = Partner.objects.bulk_create([
        Partner(sponsor=sponsor, referral_code=f"MNY{sponsor.pk}X{index:05d}",
                display_name=f"Newcomer {index:05d}", sponsor_depth=sponsor.sponsor_depth + 1,
                joined_at=now - timedelta(days=index % 85, hours=1, minutes=index))
        for index in range(count)
    ])
    Learner.objects.bulk_create([
        Learner(partner=partner, sponsor=sponsor, joined_at=partner.joined_at,
                last_activity_at=now - timedelta(days=1 if index % 3 == 1 else 5),
                first_goal_at=now if index % 4 == 0 else None, tasks_done=index % 5)
        for index, partner in enumerate(partners) if index % 3 != 2
    ])
    roster.sync(now)
    return partners
