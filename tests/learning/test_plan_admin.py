"""Editors write the 90-day plan in the admin: the plan is refused without exactly one
first goal (due on day 3 to 5), with a repeated task key, or with a lesson check that names
no lesson; a good plan is stored with its tasks."""

import pytest

from learning.models import JourneyPlan
from tests.helpers import operator_client

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/learning/journeyplan/add/"


def plan_form(tasks, **fields):
    data = {"name": "First 90 days", "active": "on", "welcome": "Welcome!",
            "locale": "1",
            "tasks-TOTAL_FORMS": str(len(tasks)), "tasks-INITIAL_FORMS": "0",
            "tasks-MIN_NUM_FORMS": "0", "tasks-MAX_NUM_FORMS": "1000", **fields}
    for index, task in enumerate(tasks):
        values = {"key": f"task-{index}", "day": "1", "title": f"Task {index}",
                  "description": "", "checked_by": "manual", "lesson": "", "action": "",
                  "ORDER": str(index + 1), "DELETE": "", "id": ""}
        values.update(task)
        for name, value in values.items():
            if name == "first_goal":
                if value:
                    data[f"tasks-{index}-first_goal"] = "on"
                continue
            data[f"tasks-{index}-{name}"] = value
    return data


@pytest.fixture
def editor(locales):
    client, _user = operator_client()
    return client


def test_a_plan_needs_exactly_one_first_goal(editor):
    response = editor.post(ADD, plan_form([{"day": "1"}, {"day": "4"}]))
    assert response.status_code == 200
    assert "exactly one task as the first goal" in response.content.decode()
    response = editor.post(ADD, plan_form([{"day": "3", "first_goal": True},
                                          {"day": "4", "first_goal": True}]))
    assert "exactly one task as the first goal (now: 2)" in response.content.decode()
    assert not JourneyPlan.objects.exists()


def test_the_first_goal_is_due_on_day_three_to_five_and_keys_are_unique(editor):
    response = editor.post(ADD, plan_form([{"day": "9", "first_goal": True}]))
    assert "The first goal is due on day 3, 4 or 5." in response.content.decode()
    response = editor.post(ADD, plan_form([{"day": "4", "first_goal": True, "key": "same"},
                                          {"day": "5", "key": "same"}]))
    assert "repeated: same" in response.content.decode()
    response = editor.post(ADD, plan_form([{"day": "4", "first_goal": True,
                                           "checked_by": "lesson_completed"}]))
    assert "Choose the lesson, stage or course." in response.content.decode()
    assert not JourneyPlan.objects.exists()


def test_a_good_plan_is_stored_with_its_tasks(editor):
    response = editor.post(ADD, plan_form([
        {"day": "1", "key": "profile", "checked_by": "profile_completed"},
        {"day": "4", "key": "first-order", "checked_by": "first_order", "first_goal": True},
    ]))
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = JourneyPlan.objects.get()
    assert [(task.key, task.first_goal) for task in plan.tasks.order_by("sort_order")] == [
        ("profile", False), ("first-order", True)]
