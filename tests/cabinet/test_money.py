"""The cabinet's money pages: the rank report card, earnings with charts, and the wallet
with payout requests, for a partner of the reference example with a posted run."""

import re
from decimal import Decimal

import pytest

from cabinet import numbers
from compensation import report_card
from tests.cabinet.helpers import attach, text, url
from tests.factories import UserFactory
from wallet import ledger
from wallet.models import PayoutRequest

pytestmark = pytest.mark.django_db
PAGES = ["cabinet:rank", "cabinet:earnings", "cabinet:wallet"]
LANGUAGES = ["en", "ru", "uk"]


@pytest.fixture
def other(posted):
    return attach("P00600006")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_renders_in_every_language(client, leader, name, language):
    client.force_login(leader.user)
    response = client.get(url(name, language))
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    assert 'aria-current="page"' in response.content.decode()
    assert " style=" not in response.content.decode().split("<main", 1)[-1]


@pytest.mark.parametrize("name", PAGES)
def test_sign_in_is_required(client, posted, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_earnings_match_the_ledger_and_show_each_source(client, leader):
    client.force_login(leader.user)
    page = text(client.get(url("cabinet:earnings")))
    assert ledger.wallet_balances(leader) == {"EUR": Decimal("323.20")}
    assert "data-total>€323.20<" in page  # the amount with its currency, the English way
    # both charts: bars per period and per bonus type, with translated bonus names
    assert 'class="bar-earnings"' in page and "2026-10" in page
    for label, amount in [("Unilevel", "€99.74"), ("Binary", "€52.15"), ("Matching", "€1.01"),
                          ("Fast start", "€170.30")]:
        assert re.search(rf'kind-name">{label}</span>.*?kind-total num">{amount}<', page)
    # each line's source: an order (linked to its page in the cabinet) and the downline
    # partner who bought
    links = re.findall(r'data-label="Order"><a href="([^"]+)">([^<—]+)</a>', page)
    assert links
    href, number = links[0]
    order_page = client.get(href)
    assert order_page.status_code == 200 and number in text(order_page)


def test_earnings_filters_by_kind_and_period(client, leader):
    client.force_login(leader.user)
    page = text(client.get(url("cabinet:earnings"), {"kind": "matching", "period": "2026-10"}))
    assert re.search(r"\d+ bonus lines?, €1.01", page)
    assert 'data-label="Bonus type">Unilevel<' not in page
    assert page.count('data-label="Bonus type">Matching<') >= 1


def test_rank_card_shows_what_is_missing_with_progress_bars(client, leader):
    client.force_login(leader.user)
    card = report_card.report_card(leader)
    page = text(client.get(url("cabinet:rank")))
    assert f'data-rank="paid">{card["rank_name"]}<' in page and card["rank_name"] == "Member"
    assert f"<dd>{numbers.volume(card['pv'])}<" in page
    assert f"<dd>{numbers.volume(card['gv'])}<" in page
    nxt = card["next_rank"]
    assert f"To be paid as {nxt['rank_name']} this period" in page  # Manager held before
    assert page.count("<progress") >= 2
    assert nxt["pv_short"] > 0  # nothing bought yet this month
    assert f"Still missing: <strong>{numbers.volume(nxt['pv_short'])} PV</strong>" in page


def test_payout_refused_below_minimum_and_accepted_above(client, leader):
    client.force_login(leader.user)
    response = client.post(url("cabinet:wallet"), {"amount": "10.00", "currency": "EUR"})
    assert response.status_code == 400
    assert "The smallest payout is 50.00 EUR." in text(response)
    response = client.post(url("cabinet:wallet"), {"amount": "400.00", "currency": "EUR"})
    assert response.status_code == 400
    assert "You can request at most 323.20 EUR." in text(response)
    assert not PayoutRequest.objects.exists()
    response = client.post(url("cabinet:wallet"), {"amount": "100.00", "currency": "EUR"},
                           follow=True)
    assert response.status_code == 200
    payout = PayoutRequest.objects.get()
    assert payout.partner == leader and payout.amount == Decimal("100.00")
    page = text(response)
    assert "Payout of €100.00 requested." in page
    assert ledger.wallet_balances(leader) == {"EUR": Decimal("223.20")}
    assert 'data-balance>€223.20<' in page
    assert "Requested" in page and "-€100.00" in page


def test_a_partner_never_sees_another_partners_money(client, leader, other):
    client.force_login(leader.user)
    client.post(url("cabinet:wallet"), {"amount": "60.00", "currency": "EUR"}, follow=True)
    client.logout()
    client.force_login(other.user)
    wallet = text(client.get(url("cabinet:wallet")))
    assert "data-balance>€10.05<" in wallet
    assert "No payout requests yet." in wallet
    assert "€60.00" not in wallet and "263.20" not in wallet
    earnings = text(client.get(url("cabinet:earnings")))
    assert "data-total>€10.05<" in earnings
    assert "323.20" not in earnings and "170.30" not in earnings
    # a filter naming another partner's data shows nothing of it
    earnings = text(client.get(url("cabinet:earnings"), {"kind": "fast_start"}))
    assert "170.30" not in earnings


@pytest.mark.parametrize("name", PAGES)
def test_a_user_who_is_not_a_partner_gets_no_figures(client, posted, name):
    client.force_login(UserFactory())
    response = client.get(url(name))
    assert response.status_code == 403
    assert "323.20" not in response.content.decode()
