"""A plan version edited in forms in the admin: the reference plan goes through the forms
unchanged, every invalid field is named at once, parts only JSON edits are kept, and a
draft is sent to the plan analysis."""

import copy

import pytest
from bs4 import BeautifulSoup

from compensation.admin.plan_forms import PlanRulesEditor
from compensation.engine.plan import parse_plan
from compensation.models import PlanVersion
from tests.compensation.helpers import PLANS, errors_at, form_data, reference_rules
from tests.helpers import page, sign_in_to_admin, staff_with

pytestmark = pytest.mark.django_db


def row(data, prefix, index, **values):
    data.update({f"{prefix}-{index}-{key}": value for key, value in values.items()})


def add_row(data, prefix, **values):
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    row(data, prefix, total, **values)
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)


# --- the reference plan through the forms ------------------------------------------------


def test_the_reference_plan_goes_through_the_forms_unchanged(operator, draft):
    html = page(operator.get(f"{PLANS}{draft.pk}/edit/"))
    response = operator.post(f"{PLANS}{draft.pk}/edit/", form_data(html))
    assert response.status_code == 302, page(response)
    draft.refresh_from_db()
    assert draft.rules == reference_rules()
    parse_plan(draft.rules)


def test_the_editor_alone_rebuilds_the_reference_rules():
    """Without the admin around it: initial values as posted data give the same rules."""
    rules = reference_rules()
    unbound = PlanRulesEditor(rules=rules)
    data = {}
    for form in [unbound.settings, *(f for fs in unbound.formsets for f in fs.forms)]:
        for name, field in form.fields.items():
            value = form[name].value()
            if field.widget.input_type == "checkbox":
                if value:
                    data[form.add_prefix(name)] = "on"
            elif value is not None:
                data[form.add_prefix(name)] = value
    for formset in unbound.formsets:
        data.update({formset.management_form.add_prefix(key): value
                     for key, value in formset.management_form.initial.items()})
    editor = PlanRulesEditor(data, rules=rules)
    assert editor.is_valid()
    assert editor.rules() == rules


def test_ranks_levels_and_bonuses_are_changed_in_the_forms(operator, draft):
    data = form_data(page(operator.get(f"{PLANS}{draft.pk}/edit/")))
    add_row(data, "ranks", code="ambassador", name_en="Ambassador", name_ru="Посол",
            name_uk="Посол", min_pv="150", min_gv="50000", unilevel_depth="7",
            binary_cap="20000", legs_count="2", legs_min_rank="executive")
    data["unilevel-6-DELETE"] = "on"  # the seventh level goes
    data["unilevel-0-percent"] = "6.5"
    data.pop("plan-binary_enabled")  # no binary bonus
    data["plan-payout_cap_percent"] = "45"
    data["plan-unilevel_compression"] = "none"
    data["fast_start-1-DELETE"] = "on"
    add_row(data, "unilevel", percent="")  # added and left blank: ignored
    response = operator.post(f"{PLANS}{draft.pk}/edit/", data)
    assert response.status_code == 302, page(response)
    draft.refresh_from_db()
    rules = draft.rules
    assert rules["ranks"][-1] == {
        "code": "ambassador", "name": {"en": "Ambassador", "ru": "Посол", "uk": "Посол"},
        "min_pv": "150", "min_gv": "50000", "unilevel_depth": 7, "binary_cap": "20000",
        "legs": {"count": 2, "min_rank": "executive"},
    }
    assert rules["unilevel"] == {"percent": ["6.5", "5", "4", "3", "2", "1"],
                                 "compression": "none"}
    assert "binary" not in rules
    assert rules["payout_cap_percent"] == "45"
    assert rules["fast_start"] == {"days": 30, "percent": ["20"]}
    plan = parse_plan(rules)
    assert plan.payout_cap_percent == 45 and plan.ranks[-1].legs.min_rank == "executive"


def test_a_new_version_is_made_in_the_forms_from_the_starting_plan(operator):
    html = page(operator.get(PLANS + "new/"))
    data = form_data(html)
    data.update({"name": "Autumn", "version": "1", "effective_from": "2026-11-01"})
    response = operator.post(PLANS + "new/", data)
    assert response.status_code == 302, page(response)
    plan = PlanVersion.objects.get()
    assert plan.state == PlanVersion.State.DRAFT and plan.name == "Autumn"
    assert parse_plan(plan.rules).ranks[0].code == "member"


# --- problems, each at its field ---------------------------------------------------------


def test_every_invalid_field_gets_its_message_and_nothing_is_saved(operator, draft):
    data = form_data(page(operator.get(f"{PLANS}{draft.pk}/edit/")))
    data.update({
        "effective_from": "2026-11-15",
        "plan-currency": "EU",
        "plan-active_pv": "-1",
        "plan-binary_percent": "",
        "ranks-0-min_pv": "lots",
        "ranks-1-code": "member",              # the parser: a duplicate code
        "ranks-2-unilevel_depth": "2.5",
        "ranks-3-legs_min_rank": "boss",       # the parser: no such rank
        "ranks-4-legs_min_rank": "",            # legs without their rank
        "unilevel-2-percent": "-3",
        "matching-0-min_rank": "nobody",       # the parser: no such rank
        "fast_start-1-percent": "x",
    })
    data["plan-fast_start_days"] = "-2"
    html = page(operator.post(f"{PLANS}{draft.pk}/edit/", data))
    expected = {
        "effective_from": "A plan comes into force on the first day of a month.",
        "plan-currency": "Ensure this value has at least 3 characters (it has 2).",
        "plan-active_pv": "Ensure this value is greater than or equal to 0.",
        "plan-binary_percent": "Give the binary bonus's percent.",
        "plan-fast_start_days": "Ensure this value is greater than or equal to 0.",
        "ranks-0-min_pv": "Enter a number.",
        "ranks-2-unilevel_depth": "Enter a whole number.",
        "ranks-4-legs_min_rank": "Name the rank the legs need.",
        "unilevel-2-percent": "Ensure this value is greater than or equal to 0.",
        "fast_start-1-percent": "Enter a number.",
    }
    for name, message in expected.items():
        assert message in errors_at(html, name), name
    assert "The plan has problems; each is shown at its field below." in html
    draft.refresh_from_db()
    assert draft.rules == reference_rules() and draft.effective_from.day == 1

    # With the fields right, what only the plan's parser sees is shown, all at once.
    data.update({
        "effective_from": "2026-11-01", "plan-currency": "EUR", "plan-active_pv": "100",
        "plan-binary_percent": "10", "plan-fast_start_days": "30", "ranks-0-min_pv": "0",
        "ranks-2-unilevel_depth": "4", "ranks-4-legs_min_rank": "director",
        "unilevel-2-percent": "4", "fast_start-1-percent": "5",
    })
    html = page(operator.post(f"{PLANS}{draft.pk}/edit/", data))
    assert "Another rank already has the code “member”." in errors_at(html, "ranks-1-code")
    assert "There is no rank with the code “boss”." in errors_at(html, "ranks-3-legs_min_rank")
    assert "There is no rank with the code “nobody”." in errors_at(html, "matching-0-min_rank")
    draft.refresh_from_db()
    assert draft.rules == reference_rules()


def test_a_plan_without_ranks_is_refused(operator, draft):
    data = form_data(page(operator.get(f"{PLANS}{draft.pk}/edit/")))
    for index in range(int(data["ranks-TOTAL_FORMS"])):
        data[f"ranks-{index}-DELETE"] = "on"
    html = page(operator.post(f"{PLANS}{draft.pk}/edit/", data))
    assert "A plan needs at least one rank." in html
    draft.refresh_from_db()
    assert len(draft.rules["ranks"]) == 5


def test_a_problem_in_a_part_edited_only_as_json_is_named(operator, draft):
    rules = reference_rules()
    rules["stair_step"] = {"percent": {"boss": "5"}}
    draft.rules = rules
    draft.save()
    html = page(operator.get(f"{PLANS}{draft.pk}/edit/"))
    assert "stair-step differentials and breakaway" in html  # kept, edited as JSON
    html = page(operator.post(f"{PLANS}{draft.pk}/edit/", form_data(html)))
    assert "In the part edited as JSON, stair_step.percent: unknown rank" in html


def test_parts_edited_only_as_json_are_kept(operator, draft):
    rules = reference_rules()
    rules["matrix"] = {"width": 3, "percent": ["2", "1"]}
    rules["rank_advancement"] = {"bonuses": {"director": "500"}}
    draft.rules = copy.deepcopy(rules)
    draft.save()
    data = form_data(page(operator.get(f"{PLANS}{draft.pk}/edit/")))
    data["ranks-0-name_uk"] = "Учасник"
    assert operator.post(f"{PLANS}{draft.pk}/edit/", data).status_code == 302
    draft.refresh_from_db()
    assert draft.rules["matrix"] == rules["matrix"]
    assert draft.rules["rank_advancement"] == rules["rank_advancement"]
    assert draft.rules["ranks"][0]["name"] == {"uk": "Учасник"}


# --- around the forms --------------------------------------------------------------------


def test_the_draft_is_sent_to_the_plan_analysis_and_the_json_stays(operator, draft):
    html = page(operator.get(f"{PLANS}{draft.pk}/edit/"))
    analysis = f"/admin/network/plan-analysis/?version={draft.pk}"
    assert f'href="{analysis}"' in html
    assert f'href="{PLANS}{draft.pk}/edit/json/"' in html
    chosen = BeautifulSoup(page(operator.get(analysis)), "html.parser").find(
        "select", attrs={"name": "version"}).find("option", selected=True)
    assert chosen["value"] == str(draft.pk)
    assert "&quot;ranks&quot;" in page(operator.get(f"{PLANS}{draft.pk}/edit/json/"))


def test_a_published_version_is_not_edited_in_the_forms(operator, draft):
    data = form_data(page(operator.get(f"{PLANS}{draft.pk}/edit/")))
    data["name"] = "Changed"
    draft.state = PlanVersion.State.PUBLISHED
    draft.save()
    html = page(operator.post(f"{PLANS}{draft.pk}/edit/", data, follow=True))
    assert "read-only" in html
    draft.refresh_from_db()
    assert draft.name == "Reference"


def test_the_forms_are_refused_without_the_plan_permission(client, draft):
    sign_in_to_admin(client, staff_with("view_planversion"))
    for url in (PLANS + "new/", f"{PLANS}{draft.pk}/edit/", f"{PLANS}{draft.pk}/edit/json/"):
        assert client.get(url).status_code in (302, 403), url
    client.post(f"{PLANS}{draft.pk}/edit/", {"name": "Changed"})
    draft.refresh_from_db()
    assert draft.name == "Reference"
