"""A newcomer's first days in learning, walked in real headless Chromium: they sign up
through their sponsor's referral link, see "My first 90 days" first on the overview, open
the first lesson, fail the quiz once, pass it and see the next stage open, publish their
landing and see that task ticked; then the sponsor sees the newcomer's progress in the
mentor view.

Screenshots are kept under test-artifacts/learning-walk/ (TEST_ARTIFACTS_DIR moves them).
"""

import os
import re
from pathlib import Path

import pytest
from wagtail.models import Site

from landing.models import Landing, LandingState, LandingTemplate
from learning.models import JourneyPlan, JourneyTask, LessonProgress, QuizAttempt, TaskCheck
from network.models import Partner
from tests.e2e.helpers import sign_in, sign_up_and_confirm
from tests.factories import PASSWORD
from tests.learning.helpers import build_course

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR") or ROOT / "test-artifacts")


@pytest.fixture
def shots():
    folder = ARTIFACTS / "learning-walk"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()

    def shoot(page, name, full_page=True):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)

    return shoot


@pytest.fixture
def training(site_url):
    """The company's course (two stages; the first ends with a quiz) and its 90-day plan,
    whose first goal is publishing a landing; a landing template to start from."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    course, _stages, (read, quiz, _customer) = build_course(home, mandatory=True,
                                                            audience="newcomers")
    plan = JourneyPlan.objects.create(name="First 90 days", welcome="Welcome to the team!")
    JourneyTask.objects.create(plan=plan, key="say-hello", day=1, sort_order=1,
                               title="Call your sponsor", checked_by=TaskCheck.MANUAL)
    JourneyTask.objects.create(plan=plan, key="first-lesson", day=2, sort_order=2,
                               title="Read the first lesson",
                               checked_by=TaskCheck.LESSON_COMPLETED, lesson=read)
    JourneyTask.objects.create(plan=plan, key="publish-landing", day=3, sort_order=3,
                               title="Publish your landing", first_goal=True,
                               checked_by=TaskCheck.LANDING_PUBLISHED,
                               action="cabinet:landings")
    LandingTemplate.objects.create(
        name="Join my team", purpose="recruiting", language="en",
        body=[{"id": "hero", "type": "hero", "value": {
            "headline": "Join my team", "subline": "Natural products, honest rewards",
            "image": None, "cta_label": "", "cta_url": ""}}],
        rules={"blocks": {"hero": "editable"}, "addable": []},
    )
    return course, read, quiz


def answer(page, question, text):
    page.locator(".quiz-question", has_text=question).locator(
        "label", has_text=re.compile(rf"^\s*{re.escape(text)}\s*$")).click()


def test_a_newcomer_learns_reaches_the_first_goal_and_the_sponsor_sees_it(
    browser, site_url, sponsor, training, shots
):
    course, read, quiz = training
    visitor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    visitor.set_default_timeout(30_000)

    # Sign-up through the sponsor's referral link.
    visitor.goto(f"{site_url}/en/r/{sponsor.referral_code.lower()}/")
    visitor.goto(f"{site_url}/en/accounts/signup/")
    sign_up_and_confirm(visitor, "Olena", "Newcomer", "olena@example.com")
    newcomer = Partner.objects.get(user__email="olena@example.com")
    assert newcomer.sponsor_id == sponsor.pk

    # The overview opens with "My first 90 days": the first goal and today's task.
    visitor.goto(f"{site_url}/en/cabinet/")
    first_panel = visitor.locator(".cabinet-grid > .panel").first
    assert first_panel.get_attribute("data-journey-panel") is not None
    assert "My first 90 days" in first_panel.inner_text()
    shots(visitor, "01-overview")
    visitor.goto(f"{site_url}/en/cabinet/first-90-days/")
    journey = visitor.locator("main").inner_text()
    assert "Publish your landing" in journey and "Call your sponsor" in journey
    assert "Welcome to the team!" in journey
    shots(visitor, "02-first-90-days")

    # The first lesson, from the learning home, then marked as done.
    visitor.goto(f"{site_url}/en/cabinet/learning/")
    shots(visitor, "03-learning-home")
    visitor.get_by_role("link", name=re.compile("Who we are")).first.click()
    visitor.wait_for_url(f"{site_url}/en/cabinet/learning/lessons/{read.pk}/")
    visitor.get_by_role("button", name="Mark as done").click()
    visitor.wait_for_load_state("networkidle")
    assert LessonProgress.objects.get(partner=newcomer, lesson_key=read.translation_key
                                      ).completed_at is not None

    # The quiz: failed once (the explanation shows), then passed; the next stage opens.
    visitor.goto(f"{site_url}/en/cabinet/learning/lessons/{quiz.pk}/")
    answer(visitor, "How many product lines?", "One")
    answer(visitor, "Every partner gets a landing page.", "False")
    visitor.get_by_role("button", name="Check my answers").click()
    outcome = visitor.locator("[data-quiz-outcome]")
    outcome.wait_for()
    assert "Not passed yet" in outcome.inner_text()
    assert "Because." in outcome.inner_text()  # the question's explanation
    shots(visitor, "04-quiz-failed")
    visitor.locator("[data-quiz-retry]").click()
    visitor.locator("[data-quiz-form]").wait_for()
    answer(visitor, "How many product lines?", "Three")
    answer(visitor, "Every partner gets a landing page.", "True")
    visitor.get_by_role("button", name="Check my answers").click()
    visitor.locator("[data-quiz-outcome].is-passed").wait_for()
    assert "The next stage is open: Your first customer." in visitor.locator(
        "[data-quiz-outcome]").inner_text()
    shots(visitor, "05-quiz-passed")
    assert QuizAttempt.objects.filter(partner=newcomer).count() == 2
    visitor.goto(f"{site_url}/en/cabinet/learning/courses/{course.pk}/")
    assert "opens after" not in visitor.locator("main").inner_text()
    shots(visitor, "06-course")

    # The landing, published from the builder: the first goal is ticked.
    visitor.set_viewport_size({"width": 1400, "height": 900})
    visitor.goto(f"{site_url}/en/cabinet/landings/")
    visitor.check("input[name=template]")
    visitor.click("text=Start from this template")
    visitor.wait_for_url(re.compile(r"/en/cabinet/landings/\d+/$"))
    visitor.locator("#builder[data-ready=true]").wait_for()
    visitor.click("#publish")
    visitor.locator("#publish-result", has_text="Published").wait_for()
    assert Landing.objects.get(partner=newcomer).state == LandingState.PUBLISHED
    visitor.set_viewport_size({"width": 390, "height": 844})
    visitor.goto(f"{site_url}/en/cabinet/first-90-days/")
    done = visitor.locator("[data-task=publish-landing]")
    assert "journey-task-done" in (done.get_attribute("class") or "")
    shots(visitor, "07-first-goal-reached")

    # The sponsor's mentor view shows Olena, her progress and the first goal reached.
    mentor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    mentor.set_default_timeout(30_000)
    sign_in(mentor, site_url, "marta@example.com", PASSWORD)
    mentor.goto(f"{site_url}/en/cabinet/team/newcomers/")
    row = mentor.locator("[data-mentee]", has_text="Olena Newcomer")
    text = row.inner_text()
    assert "First goal reached" in text and "Stuck" not in text
    assert row.get_attribute("data-stuck") is None
    shots(mentor, "08-mentor-view")
