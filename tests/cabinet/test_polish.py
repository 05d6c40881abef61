"""What a partner reads on the money pages, in their language: the rank card's heading
when the rank is already theirs, the wallet's entries in the page's language, counts grouped
the language's way; and the builder's preview in the landing's own language."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from compensation import report_card
from compensation.bonuses import kind_label
from compensation.models import CommissionLine
from tests.cabinet.helpers import text, url
from wallet.models import PayoutRequest

pytestmark = pytest.mark.django_db


def test_rank_card_heading_says_reach_only_for_a_rank_not_yet_held(client, leader):
    client.force_login(leader.user)
    card = report_card.report_card(leader)
    nxt, highest = card["next_rank"], leader.rank
    # A partner whose highest rank is this period's paid rank: the next one is to reach.
    leader.rank = card["rank"]
    leader.save(update_fields=["rank"])
    page = text(client.get(url("cabinet:rank")))
    assert f"To reach {nxt['rank_name']}</h2>" in page
    # The partner reached it before (their title, here Manager) but is paid lower this period.
    leader.rank = highest
    leader.save(update_fields=["rank"])
    page = text(client.get(url("cabinet:rank")))
    assert f"To be paid as {nxt['rank_name']} this period</h2>" in page
    assert "To reach" not in page
    with translation.override("ru"):
        name = report_card.report_card(leader)["next_rank"]["rank_name"]
        heading = gettext("To be paid as %(rank)s this period") % {"rank": name}
        page = text(client.get(url("cabinet:rank", "ru")))
    assert heading in page


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_wallet_entries_are_described_in_the_page_language(client, leader, language):
    """The run was posted with English active (as the commission_run command and the demo
    seed do); the wallet still describes its bonuses and payouts in the page's language."""
    client.force_login(leader.user)
    client.post(url("cabinet:wallet"), {"amount": "100.00", "currency": "EUR"})
    payout = PayoutRequest.objects.get()
    page = text(client.get(url("cabinet:wallet", language)))
    with translation.override(language):
        bonus = gettext("%(bonus)s bonus for %(period)s") % {
            "bonus": kind_label("unilevel"), "period": "2026-10"}
        reserved = gettext("Payout request %(id)s reserved") % {"id": payout.pk}
    assert f">{bonus}</td>" in page
    assert f">{reserved}</td>" in page
    assert "unilevel 2026-10" not in page and "fast_start 2026-10" not in page
    if language != "en":
        assert reserved != f"Payout request {payout.pk} reserved"


def test_earnings_count_of_lines_is_grouped_per_language(client, leader):
    line = CommissionLine.objects.filter(partner=leader).first()
    have = CommissionLine.objects.filter(partner=leader).count()
    copies = []
    for _ in range(1234 - have):
        line.pk = None
        copies.append(CommissionLine(**{
            f.attname: getattr(line, f.attname) for f in CommissionLine._meta.concrete_fields
            if not f.primary_key}))
    CommissionLine.objects.bulk_create(copies)
    client.force_login(leader.user)
    assert re.search(r"1,234 bonus lines, €[\d,.]+ — the first 200 shown",
                     text(client.get(url("cabinet:earnings"))))
    page = text(client.get(url("cabinet:earnings", "ru")))
    assert "1\xa0234 " in page or "1 234 " in page
    assert "1234 " not in page
