"""The demo's published plan names its five ranks in English, Russian and Ukrainian; the
reference plan file itself carries no names."""

import json

from django.core.cache import cache

from compensation.models import PlanVersion
from compensation.ranks import rank_label
from demo import history
from demo import network as demo

NAMES = {
    "member": ("Member", "Участник", "Учасник"),
    "consultant": ("Consultant", "Консультант", "Консультант"),
    "manager": ("Manager", "Менеджер", "Менеджер"),
    "director": ("Director", "Директор", "Директор"),
    "executive": ("Executive", "Исполнительный директор", "Виконавчий директор"),
}


def test_the_demo_plan_names_its_ranks_in_three_languages(make_partner):
    make_partner()
    cache.clear()
    history.seed_compensation(seed=1)
    rules = PlanVersion.objects.get(state=PlanVersion.State.PUBLISHED).rules
    assert [rank["code"] for rank in rules["ranks"]] == list(NAMES)
    for code, (en, ru, uk) in NAMES.items():
        assert [rank_label(code, language=language) for language in ("en", "ru", "uk")] == [
            en, ru, uk]
    # only the demo's copy: the reference plan file is unchanged
    reference = json.loads(demo.REFERENCE_PLAN.read_text())
    assert not any("name" in rank for rank in reference["ranks"])
    assert [{k: v for k, v in rank.items() if k != "name"} for rank in rules["ranks"]] == (
        reference["ranks"])
