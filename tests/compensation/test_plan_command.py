"""`manage.py plan validate|import|publish`: a plan kept in version control comes in as a
draft and is published; a bad file, name, date or id stops it with exit status 2 and one
line naming the problem, and nothing is written."""

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from compensation.models import PlanVersion
from tests.compensation.helpers import REFERENCE

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]


def reference_rules():
    return json.loads((REFERENCE / "plan.json").read_text())


def plan_file(tmp_path, rules, name="plan.json"):
    path = tmp_path / name
    path.write_text(rules if isinstance(rules, str) else json.dumps(rules), encoding="utf-8")
    return str(path)


def run(*args):
    out = StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def refused(*args):
    with pytest.raises(CommandError) as refusal:
        run(*args)
    assert refusal.value.returncode == 2
    message = str(refusal.value)
    assert "\n" not in message
    return message


def test_validate_says_what_the_plan_pays(tmp_path):
    out = run("validate", plan_file(tmp_path, reference_rules()))
    assert "valid: 5 ranks (member, consultant, manager, director, executive)" in out
    assert "pays unilevel, binary, matching, fast_start" in out
    assert not PlanVersion.objects.exists()


def test_validate_names_the_file_and_key_of_a_problem(tmp_path):
    rules = reference_rules()
    rules["ranks"][3]["legs"]["min_rank"] = "boss"
    path = plan_file(tmp_path, rules)
    assert refused("validate", path) == f"{path}, ranks[3].legs.min_rank: unknown rank 'boss'"
    broken = plan_file(tmp_path, '{"ranks": [', "broken.json")
    assert refused("validate", broken).startswith(f"{broken}, file: not valid JSON")
    missing = str(tmp_path / "missing.json")
    assert refused("validate", missing) == f"{missing}, file: No such file or directory"


def test_the_command_exits_with_status_2_and_one_line(tmp_path):
    rules = reference_rules()
    rules["unilevel"]["percent"][1] = "five"
    path = plan_file(tmp_path, rules)
    done = subprocess.run(
        [sys.executable, "manage.py", "plan", "validate", path], cwd=PROJECT,
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines == [f"CommandError: {path}, unilevel.percent[1]: not a decimal number: 'five'"]


def test_import_makes_the_next_draft_once_and_publish_publishes_it(tmp_path):
    path = plan_file(tmp_path, reference_rules())
    out = run("import", path, "--name", "Summer", "--effective-from", "2026-11-01")
    first = PlanVersion.objects.get()
    assert f"as Summer v1, a draft in force from 2026-11-01 (id {first.pk})" in out
    assert first.state == PlanVersion.State.DRAFT and first.rules == reference_rules()

    # The same file again (say, a second CI run on the same commit): nothing new.
    assert "Unchanged: Summer v1" in run("import", path, "--name", "Summer",
                                         "--effective-from", "2026-11-01")
    assert PlanVersion.objects.count() == 1

    changed = reference_rules()
    changed["binary"]["percent"] = "12"
    run("import", plan_file(tmp_path, changed, "changed.json"), "--name", "Summer",
        "--effective-from", "2026-12-01")
    second = PlanVersion.objects.get(version=2)
    assert second.rules["binary"]["percent"] == "12"
    assert second.effective_from == date(2026, 12, 1)

    assert f"Published Summer v2 (id {second.pk})" in run("publish", str(second.pk))
    second.refresh_from_db()
    assert second.state == PlanVersion.State.PUBLISHED and second.published_at is not None
    assert refused("publish", str(second.pk)) == "Summer v2 (Published) is already published."
    first.refresh_from_db()
    assert first.state == PlanVersion.State.DRAFT


def test_import_takes_the_files_name_and_next_month_by_default(tmp_path, settings):
    run("import", plan_file(tmp_path, reference_rules()))
    plan = PlanVersion.objects.get()
    assert plan.name == "Reference plan" and plan.version == 1
    assert plan.effective_from.day == 1 and plan.effective_from > date.today()


def test_bad_imports_write_nothing(tmp_path):
    good = plan_file(tmp_path, reference_rules())
    rules = reference_rules()
    rules["ranks"][1]["code"] = "member"
    bad = plan_file(tmp_path, rules, "bad.json")
    assert refused("import", bad, "--name", "Summer") == (
        f"{bad}, ranks[1]: duplicate rank code 'member'"
    )
    assert refused("import", good, "--name", "Summer", "--effective-from", "2026-11-15") == (
        "A plan comes into force on the first day of a month."
    )
    assert refused("import", good, "--name", "Summer", "--effective-from", "November") == (
        "--effective-from: not a date YYYY-MM-01: 'November'"
    )
    assert refused("import", good, "--name", "  ") == (
        f"{good}: give the plan's name with --name (the file has none)."
    )
    assert not PlanVersion.objects.exists()


def test_publishing_a_draft_the_parser_refuses_writes_nothing():
    rules = reference_rules()
    rules["active_pv"] = "-5"
    draft = PlanVersion.objects.create(name="Broken", version=1, rules=rules,
                                       effective_from="2026-11-01")
    assert refused("publish", str(draft.pk)) == (
        "rules, active_pv: must be a number of at least 0: '-5'"
    )
    assert refused("publish", "999999") == "There is no plan version 999999."
    draft.refresh_from_db()
    assert draft.state == PlanVersion.State.DRAFT
