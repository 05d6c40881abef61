"""Rank names: the plan's own names per language, the translated names of the reference
ranks, the code as a last resort; shown by the cabinet, the APIs and the admin."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import trans_real
from rest_framework.test import APIClient

from compensation.engine.plan import parse_plan
from compensation.models import PlanVersion
from compensation.ranks import rank_label
from tests.compensation.helpers import reference_rules
from tests.factories import UserFactory
from tests.helpers import page, sign_in_to_admin

NAMES = {
    "member": {"en": "Newcomer", "ru": "Новичок", "uk": "Новачок"},
    "consultant": {"en": "Adviser", "ru": "Советник", "uk": "Порадник"},
    "manager": {"en": "Team lead"},  # English only: other languages fall back
}
# What the lead's .po files give the reference ranks; put into the live catalogs here only
# where the .po has no translation yet, and removed afterwards.
REFERENCE_TRANSLATIONS = {
    "ru": {"Member": "Участник", "Manager": "Менеджер", "Director": "Директор"},
    "uk": {"Member": "Учасник", "Manager": "Менеджер", "Director": "Директор"},
}


def named_rules():
    rules = reference_rules()
    for rank in rules["ranks"]:
        if rank["code"] in NAMES:
            rank["name"] = NAMES[rank["code"]]
    rules["ranks"] += [
        {"code": "crown_diamond", "min_pv": "100", "min_gv": "50000",
         "name": {"en": "Crown Diamond", "ru": "Коронный бриллиант"}},
        {"code": "black_pearl", "min_pv": "100", "min_gv": "90000"},
    ]
    return rules


def publish(rules, effective_from="2026-01-01", version=1):
    return PlanVersion.objects.create(
        name="Named", version=version, state=PlanVersion.State.PUBLISHED, rules=rules,
        effective_from=effective_from,
    )


@pytest.fixture
def reference_translations():
    added = []
    for language, names in REFERENCE_TRANSLATIONS.items():
        catalog = trans_real.translation(language)._catalog
        for english, text in names.items():
            key = f"rank\x04{english}"
            if key not in catalog:
                catalog[key] = text
                added.append((catalog, key))
    yield
    for catalog, key in added:
        del catalog._catalogs[0][key]


def translated(language, english):
    return trans_real.translation(language)._catalog[f"rank\x04{english}"]


# --- the label -----------------------------------------------------------------------------


def test_the_plan_parser_ignores_the_names():
    named, plain = parse_plan(named_rules()), parse_plan(reference_rules())
    assert named.ranks[:5] == plain.ranks
    assert [rank.code for rank in named.ranks[5:]] == ["crown_diamond", "black_pearl"]


def test_the_plan_names_a_rank_in_each_language():
    rules = named_rules()
    assert rank_label("member", rules, "en") == "Newcomer"
    assert rank_label("member", rules, "ru") == "Новичок"
    assert rank_label("member", rules, "uk") == "Новачок"
    assert rank_label("consultant", rules, "uk") == "Порадник"
    with translation.override("ru"):  # the active language by default
        assert rank_label("consultant", rules) == "Советник"


@pytest.mark.usefixtures("reference_translations")
def test_reference_ranks_without_a_plan_name_are_translated():
    rules = named_rules()
    for language in ("ru", "uk"):
        assert rank_label("director", rules, language) == translated(language, "Director")
        assert translated(language, "Director") != "Director"
        # The plan names "manager" in English only: Russian and Ukrainian get the translation.
        assert rank_label("manager", rules, language) == translated(language, "Manager")
    assert rank_label("director", rules, "en") == "Director"
    assert rank_label("manager", rules, "en") == "Team lead"
    with translation.override("uk"):
        assert rank_label("member", {}) == translated("uk", "Member")


@pytest.mark.django_db
def test_an_unknown_code_falls_back_to_the_plan_s_english_name_then_the_code():
    rules = named_rules()
    assert rank_label("crown_diamond", rules, "ru") == "Коронный бриллиант"
    assert rank_label("crown_diamond", rules, "uk") == "Crown Diamond"
    assert rank_label("black_pearl", rules, "ru") == "Black Pearl"
    assert rank_label("gold", None, "en") == "Gold"
    assert rank_label("", rules) == ""


@pytest.mark.django_db
def test_without_rules_the_published_plan_in_force_names_the_ranks(django_assert_num_queries):
    assert rank_label("member", language="en") == "Member"
    PlanVersion.objects.create(
        name="Draft", version=9, rules={"ranks": [{"code": "member", "name": "Draft name"}]},
        effective_from="2026-01-01",
    )
    assert rank_label("member", language="en") == "Member"  # a draft names nothing
    publish(named_rules())  # saving a plan version drops the cached names
    assert rank_label("member", language="ru") == "Новичок"
    with django_assert_num_queries(0):  # cached
        assert rank_label("consultant", language="en") == "Adviser"
    later = timezone.localdate() + datetime.timedelta(days=40)
    rules = named_rules()
    rules["ranks"][0]["name"] = {"en": "Starter"}
    publish(rules, effective_from=later.replace(day=1), version=2)
    assert rank_label("member", language="en") == "Newcomer"  # not in force yet


# --- where people read ranks ---------------------------------------------------------------


@pytest.fixture
def named_plan(db):
    return publish(named_rules())


@pytest.fixture
def newcomer(named_plan, make_partner):
    return make_partner(first_name="Nina", last_name="Novak")


def cabinet_page(client, partner, name, language="en", **params):
    client.force_login(partner.user)
    with translation.override(language):
        return page(client.get(reverse(name), params))


def test_the_cabinet_rank_card_shows_the_plan_s_names(client, newcomer):
    html = cabinet_page(client, newcomer, "cabinet:rank")
    assert 'data-rank="paid">Newcomer<' in html and "To reach Adviser" in html
    assert 'data-rank="highest">Newcomer<' in html and ">member<" not in html
    html = cabinet_page(client, newcomer, "cabinet:rank", "ru")
    assert 'data-rank="paid">Новичок<' in html and "Советник" in html


def test_the_cabinet_overview_and_team_list_show_the_names(client, newcomer, make_partner):
    assert "Newcomer" in cabinet_page(client, newcomer, "cabinet:overview")
    make_partner(newcomer, first_name="Ivan", last_name="Ivanov")
    html = cabinet_page(client, newcomer, "cabinet:team_list", "uk")
    assert ">Новачок<" in html and ">member<" not in html and ">Member<" not in html


def test_the_apis_give_the_name_next_to_the_code(newcomer, make_partner):
    make_partner(newcomer)
    api = APIClient()
    api.force_authenticate(newcomer.user)
    summary = api.get("/api/v1/network/summary/").json()
    assert summary["rank"] == "member" and summary["rank_name"] == "Newcomer"
    downline = api.get("/api/v1/network/downline/", HTTP_ACCEPT_LANGUAGE="ru").json()
    node = downline["results"][0]
    assert node["rank"] == "member" and node["rank_name"] == "Новичок"
    card = api.get("/api/v1/reports/rank-card/").json()
    assert card["rank"] == "member" and card["rank_name"] == "Newcomer"
    assert card["next_rank"]["rank"] == "consultant"
    assert card["next_rank"]["rank_name"] == "Adviser"


def test_the_admin_partner_pages_show_the_names(newcomer):
    client = sign_in_to_admin(Client(), UserFactory(is_staff=True, is_superuser=True))
    html = page(client.get("/admin/network/partners/"))
    assert "Newcomer" in html
    html = page(client.get(f"/admin/network/partners/{newcomer.pk}/"))
    assert "Newcomer" in html


def test_a_run_s_top_earners_show_their_paid_rank_by_name(posted_run):
    client = sign_in_to_admin(Client(), UserFactory(is_staff=True, is_superuser=True))
    html = page(client.get(f"/admin/network/runs/{posted_run.pk}/"))
    earners = html.split('class="listing network-earners"', 1)[1].split("</table>", 1)[0]
    assert "Paid rank" in earners and "<td>Manager</td>" in earners
    assert "<td>manager</td>" not in earners
