"""The demo's learning: the onboarding course, the product course, the knowledge base and
the 90-day plan in three languages, and the demo partner's newcomers at different points
of their first 90 days."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from learning import mentoring, reports
from learning.models import (
    CoursePage,
    JourneyPlan,
    JourneyTask,
    JourneyTaskDone,
    KnowledgeArticlePage,
    KnowledgeBaseIndexPage,
    KnowledgeCategory,
    Learner,
    LessonPage,
    LessonProgress,
    QuizAttempt,
    StagePage,
    StagePass,
)
from network.models import Partner
from website.models import NavigationMenu

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "ru", "uk")


def seed():
    out = io.StringIO()
    call_command("seed_demo", "--partners", "300", "--quiet-logins", stdout=out)
    return out.getvalue()


def quiz_ids(lesson):
    """The quiz's block id, its questions' ids and each question's answers' ids."""
    quiz = lesson.quiz()
    questions = quiz.value["questions"]
    return (str(quiz.id), [
        (str(bound.id), [str(answer.id) for answer in bound.value["answers"].bound_blocks])
        for bound in questions.bound_blocks
    ])


def counts():
    return {model.__name__: model.objects.count() for model in (
        Page, KnowledgeCategory, JourneyPlan, JourneyTask, Partner, Learner, LessonProgress,
        QuizAttempt, StagePass, JourneyTaskDone)}


@pytest.mark.heavy
def test_the_demo_learns_in_three_languages_and_its_partners_are_on_their_way(client):
    seed()
    start = CoursePage.objects.get(locale__language_code="en", slug="start-in-7-days")
    assert start.mandatory and start.audience == "newcomers"
    english_stages = StagePage.objects.child_of(start).live().order_by("path")
    assert english_stages.count() >= 4
    for language in LANGUAGES:
        course = start.get_translation(start.locale.__class__.objects.get(
            language_code=language)).specific
        assert course.live
        lessons = LessonPage.objects.live().descendant_of(course)
        assert lessons.count() >= 12, language
        assert KnowledgeArticlePage.objects.live().filter(
            locale__language_code=language).count() == 10
        assert JourneyPlan.objects.filter(locale__language_code=language, active=True).exists()
    # The Russian course is in Russian, the Ukrainian one in Ukrainian.
    assert CoursePage.objects.get(locale__language_code="ru", slug="start-in-7-days"
                                  ).title == "Старт за 7 дней"
    assert CoursePage.objects.get(locale__language_code="uk", slug="start-in-7-days"
                                  ).title == "Старт за 7 днів"

    # Every stage ends with a quiz whose questions and answers are the same items in
    # every language (attempts are keyed by their ids), with translated texts.
    for stage in english_stages:
        last = LessonPage.objects.child_of(stage).live().order_by("path").last()
        assert last.quiz() is not None, stage.slug
        english_ids = quiz_ids(last)
        english_text = last.quiz().value["questions"][0]["text"]
        for language in ("ru", "uk"):
            translated = LessonPage.objects.get(translation_key=last.translation_key,
                                                locale__language_code=language)
            assert quiz_ids(translated) == english_ids, (stage.slug, language)
            assert translated.quiz().value["questions"][0]["text"] != english_text
        kinds = {question["kind"] for question in last.quiz().value["questions"]}
        assert len(kinds) >= 2
        assert all(question["explanation"] for question in last.quiz().value["questions"])
    # Lessons link to knowledge-base articles in their own language.
    russian_lesson = LessonPage.objects.get(locale__language_code="ru", slug="our-products")
    assert {article.locale.language_code
            for article in russian_lesson.related_articles.all()} == {"ru"}

    # The plan: exactly one first goal, due on day 3 to 5, the same in every language.
    for language in LANGUAGES:
        goals = JourneyTask.objects.filter(plan__locale__language_code=language,
                                           first_goal=True)
        assert goals.count() == 1
        assert 3 <= goals.get().day <= 5
    assert len(set(JourneyTask.objects.values_list("key", flat=True))) == (
        JourneyTask.objects.filter(locale__language_code="en").count())

    # The demo partner is half-way through "Start in 7 days".
    demo = Partner.objects.get(user__email="partner@downline.demo")
    passed = StagePass.objects.filter(partner=demo, course_key=start.translation_key).count()
    assert 0 < passed < english_stages.count()

    # Their newcomers, on days 2, 6, 20 and 80, one of them stuck.
    now = timezone.now()
    newcomers = Partner.objects.filter(sponsor=demo, user__email__endswith="newcomer@downline.demo")
    days = sorted((now - partner.joined_at).days + 1 for partner in newcomers)
    assert days == [2, 6, 20, 80]
    assert all(partner.phone and partner.telegram for partner in newcomers)
    learners = Learner.objects.filter(partner__in=newcomers)
    assert learners.count() == 4
    # Stuck as the mentor view counts it (no step for STUCK_DAYS); the stuck one's last
    # step was on their first day, whatever the hour the demo was seeded at.
    stuck = [learner for learner in learners
             if learner.last_activity_at < now - timedelta(days=mentoring.STUCK_DAYS)]
    assert len(stuck) == 1
    assert stuck[0].first_goal_at is None
    assert all(learner.last_activity_at > now - timedelta(days=3)
               for learner in learners if learner not in stuck)
    for learner in learners:
        assert learner.lessons_done == LessonProgress.objects.filter(
            partner_id=learner.pk, completed_at__isnull=False).count()
        assert learner.tasks_done == JourneyTaskDone.objects.filter(
            partner_id=learner.pk).count()
        assert LessonProgress.objects.filter(partner_id=learner.pk,
                                             completed_at__gt=now).count() == 0
    veteran = learners.get(partner__joined_at__lt=now - timedelta(days=60))
    assert veteran.courses_done == 2 and veteran.first_goal_at is not None

    # The network's partners reached their first goal at a believable rate (about a
    # quarter by day 5), so the first-90-days cohorts have something to show.
    months = [row for row in reports.cohorts(now=now) if row.joined and row.first_goal is not None]
    reached = sum(row.first_goal for row in months)
    assert 0.15 < reached / sum(row.joined for row in months) < 0.4

    # The knowledge base is in each language's main menu, under a short title.
    for language, title in (("en", "Help"), ("ru", "Помощь"), ("uk", "Допомога")):
        index = KnowledgeBaseIndexPage.objects.get(locale__language_code=language)
        html = client.get(f"/{language}/").content.decode()
        assert f'<a href="{index.url}">{title}</a>' in html, language

    # Run again: nothing new, in the menus neither.
    before = counts(), [len(menu.items) for menu in NavigationMenu.objects.order_by("pk")]
    seed()
    assert (counts(), [len(menu.items) for menu in NavigationMenu.objects.order_by("pk")]
            ) == before


@pytest.mark.parametrize("clock", ["00:20", "02:59", "03:00", "12:00", "23:59"])
def test_a_seeded_newcomer_is_on_their_day_whatever_the_hour(clock):
    """The newcomer printed as "day 20" is on day 20 even when the demo is seeded just
    after midnight (joining three hours earlier would have been the day before)."""
    from datetime import datetime

    from demo.learning import joined_moment
    from learning import journey

    hour, minute = map(int, clock.split(":"))
    now = timezone.make_aware(datetime(2026, 12, 7, hour, minute))
    for day in (1, 6, 20):
        joined = joined_moment(now, day)
        assert joined <= now
        assert (timezone.localdate(now) - timezone.localdate(joined)).days + 1 == day
        assert journey.day_of(Partner(joined_at=joined), now) == day
