"""A plan with hostile or mistyped figures (huge numbers, percents over 100, thousands of
levels, a list where an object belongs) is refused by the plan's parser with its key
named: in the `plan` command (exit 2, one line) and at the field in the admin's forms,
and nothing is saved."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from compensation.engine.plan import PlanError, parse_plan
from compensation.models import PlanVersion
from tests.compensation.helpers import (
    PLANS,
    draft_data,
    errors_at,
    field_errors,
    form_data,
    reference_rules,
)
from tests.helpers import page

pytestmark = pytest.mark.django_db


def with_change(change):
    rules = reference_rules()
    change(rules)
    return rules


@pytest.mark.parametrize(("change", "where", "problem"), [
    (lambda r: r["unilevel"].update(percent=["1e400"]), "unilevel.percent[0]",
     "must be at most 100: '1e400'"),
    (lambda r: r["unilevel"].update(percent=["500"]), "unilevel.percent[0]",
     "must be at most 100: '500'"),
    (lambda r: r["unilevel"].update(percent=["1"] * 10_000), "unilevel.percent",
     "at most 100 levels, found 10000"),
    (lambda r: r.update(payout_cap_percent="1e999999999"), "payout_cap_percent",
     "must be at most 100: '1e999999999'"),
    (lambda r: r["ranks"][1].update(min_gv="1e30"), "ranks[1].min_gv",
     "must be at most 999999999999: '1e30'"),
    (lambda r: r["ranks"][1].update(unilevel_depth=10**30), "ranks[1].unilevel_depth",
     f"must be at most 100: {10**30}"),
    (lambda r: r["fast_start"].update(days=10**9), "fast_start.days",
     f"must be at most 10000: {10**9}"),
    (lambda r: r.update(unilevel=[5, 5]), "unilevel", "must be an object"),
    (lambda r: r.update(binary="10"), "binary", "must be an object"),
    (lambda r: r["matching"].update(generations=[10]), "matching.generations[0]",
     "must be an object with percent and min_rank"),
])
def test_the_parser_refuses_hostile_figures_naming_the_key(change, where, problem):
    with pytest.raises(PlanError) as refusal:
        parse_plan(with_change(change), "plan.json")
    assert (refusal.value.where, refusal.value.problem) == (where, problem)


def test_the_command_refuses_a_list_where_an_object_belongs_in_one_line(tmp_path):
    """It stopped with an AttributeError traceback (exit 1) instead."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(with_change(lambda r: r.update(fast_start=[30]))))
    with pytest.raises(CommandError) as refusal:
        call_command("plan", "import", str(path), "--name", "Hostile")
    assert refusal.value.returncode == 2
    assert str(refusal.value) == f"{path}, fast_start: must be an object"
    assert not PlanVersion.objects.exists()


def test_the_forms_refuse_huge_percents_at_their_field(operator, draft):
    data = form_data(page(operator.get(f"{PLANS}{draft.pk}/edit/")))
    data.update({"unilevel-0-percent": "1e400", "unilevel-1-percent": "500",
                 "ranks-1-min_gv": "1e30"})
    html = page(operator.post(f"{PLANS}{draft.pk}/edit/", data))
    for name, limit in [("unilevel-0-percent", "100"), ("unilevel-1-percent", "100"),
                        ("ranks-1-min_gv", "999999999999")]:
        assert (f"Ensure this value is less than or equal to {limit}."
                in errors_at(html, name)), name
    draft.refresh_from_db()
    assert draft.rules == reference_rules()


DEEP = "[" * 100_000 + "]" * 100_000  # valid JSON, deeper than Python's parser recurses


def test_a_file_nested_too_deep_is_refused_in_one_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(DEEP)
    with pytest.raises(CommandError) as refusal:
        call_command("plan", "validate", str(path))
    assert refusal.value.returncode == 2
    assert str(refusal.value).startswith(f"{path}, file: not valid JSON (maximum recursion")


def test_json_nested_too_deep_is_shown_on_the_rules_field(operator):
    html = page(operator.post(PLANS + "new/json/", draft_data(DEEP)))
    assert "This is not valid JSON: maximum recursion depth exceeded" in field_errors(html)
    assert not PlanVersion.objects.exists()
