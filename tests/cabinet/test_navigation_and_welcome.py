"""The cabinet's grouped navigation, the newcomer's welcome after sign-up, the two ranks
named for what they are, and numbers written the page's language's way."""

import json
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from cabinet import numbers
from cabinet.navigation import GROUPS
from compensation import ranks
from compensation.models import CommissionRun, PeriodResult, PlanVersion
from tests.network.helpers import PASSWORD, follow, sign_up
from wallet import ledger

pytestmark = pytest.mark.django_db

# Every page of the cabinet, by the section its view names.
PAGES = ["overview", "orders", "rank", "earnings", "wallet", "team", "team_list",
         "holding_tank", "mentees", "events", "journey", "learning", "referrals", "landings",
         "leads", "landing_stats", "welcome", "profile"]


def nav_links(html):
    nav = html.split('<nav class="cabinet-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', nav), nav


@pytest.fixture
def partner(make_partner):
    sponsor = make_partner(first_name="Marta", last_name="Sponsor", email="marta@example.com")
    sponsor.phone, sponsor.telegram = "+380 67 555 12 34", "marta_team"
    sponsor.save(update_fields=["phone", "telegram"])
    return make_partner(sponsor, first_name="Olena", last_name="Newcomer")


@pytest.mark.parametrize("name", PAGES)
def test_every_page_links_every_other_page_in_groups(client, partner, name):
    client.force_login(partner.user)
    with translation.override("ru"):
        here = reverse(f"cabinet:{name}")
        html = client.get(here).content.decode()
    links, nav = nav_links(html)
    expected = [f"/ru/cabinet/{path}" for path in (
        "", "orders/", "rank/", "earnings/", "wallet/", "team/", "team/list/",
        "team/holding-tank/", "team/newcomers/", "team/mailings/", "events/",
        "first-90-days/", "learning/", "referrals/", "landings/", "leads/", "landings/stats/",
        "welcome/", "profile/", "notifications/", "notifications/settings/",
    )] + ["/ru/accounts/email/"]
    assert links == expected
    assert [group.key for group in GROUPS] == [
        "business", "team", "learning", "growth", "account"]
    assert nav.count('class="cabinet-nav-heading"') == 5
    # the page itself is marked as the current one, and only it
    assert nav.count('aria-current="page"') == 1
    assert f'href="{here}" aria-current="page"' in nav


def test_the_profile_links_the_sign_in_and_security_settings(client, partner):
    client.force_login(partner.user)
    html = client.get("/en/cabinet/profile/").content.decode()
    security = html.split('id="security-heading"', 1)[1].split("</section>", 1)[0]
    for url in ("/en/accounts/email/", "/en/accounts/password/change/", "/en/accounts/2fa/"):
        assert f'href="{url}"' in security
    assert client.get("/en/accounts/2fa/").status_code == 200


def test_after_sign_up_and_confirming_the_address_the_newcomer_lands_on_the_welcome(
    client, partner
):
    follow(client, partner.sponsor, language="uk")
    response = sign_up(client, email="ivan@example.com", url="/uk/accounts/signup/")
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/uk/accounts/confirm-email/\S+/)",
                     mail.outbox[-1].body).group(1)
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/uk/cabinet/welcome/"


def test_confirming_in_another_browser_then_signing_in_lands_on_the_welcome(
    client, partner
):
    from django.test import Client

    sign_up(client, email="maria@example.com", url="/ru/accounts/signup/",
            sponsor_code=partner.referral_code)
    link = re.search(r"https?://[^/\s]+(/ru/accounts/confirm-email/\S+/)",
                     mail.outbox[-1].body).group(1)
    other = Client()  # the mail opened on the phone: nobody is signed in there
    response = other.post(link)
    assert response["Location"] == "/ru/accounts/login/?next=%2Fru%2Fcabinet%2Fwelcome%2F"
    response = other.post(response["Location"], {"login": "maria@example.com",
                                                 "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/ru/cabinet/welcome/"


@override_settings(ACCOUNT_EMAIL_VERIFICATION="optional")
def test_without_confirmation_sign_up_goes_straight_to_the_welcome(client, partner):
    follow(client, partner.sponsor)
    response = sign_up(client, email="petro@example.com")
    assert response.status_code == 302 and response["Location"] == "/en/cabinet/welcome/"
    page = client.get(response["Location"]).content.decode()
    assert "Welcome, Olena Kovalenko!" in page
    assert "You are in Marta Sponsor’s team now." in page
    sponsor = page.split('id="sponsor-heading"', 1)[1].split("</section>", 1)[0]
    assert "Marta Sponsor" in sponsor and 'href="mailto:marta@example.com"' in sponsor
    assert 'href="tel:+380675551234"' in sponsor and 'href="https://t.me/marta_team"' in sponsor
    assert page.count('class="first-step"') == 3 and "0 of 3 done." in page
    assert PASSWORD not in page


def test_the_welcome_marks_each_step_done(client, partner):
    partner.whatsapp = "+380 50 000 00 00"
    partner.save(update_fields=["whatsapp"])
    client.force_login(partner.user)
    page = client.get("/en/cabinet/welcome/").content.decode()
    assert 'first-step first-step-done" data-step="profile"' in page
    assert 'class="first-step" data-step="landing"' in page
    assert "1 of 3 done." in page


def posted_run(partners_highest):
    version = PlanVersion.objects.create(
        name="Plan", version=1, state=PlanVersion.State.PUBLISHED,
        effective_from="2026-01-01", rules={"ranks": [{"code": code} for code in (
            "member", "consultant", "manager", "director")]},
    )
    run = CommissionRun.objects.create(period="2026-10", plan_version=version)
    PeriodResult.objects.bulk_create(
        PeriodResult(run=run, partner=partner, pv=0, gv=0, rank="member", total=0,
                     highest_rank=highest, active=True, left_carry=0, right_carry=0)
        for partner, highest in partners_highest
    )
    run.state = CommissionRun.State.POSTED
    run.save(update_fields=["state"])
    return run


def test_posting_a_run_raises_the_titles_and_never_lowers_them(partner, make_partner):
    climber, veteran = partner, make_partner()
    veteran.rank = "director"
    veteran.save(update_fields=["rank"])
    posted_run([(climber, "manager"), (veteran, "consultant")])
    climber.refresh_from_db()
    veteran.refresh_from_db()
    assert (climber.rank, veteran.rank) == ("manager", "director")


def test_the_overview_and_the_card_name_both_ranks_alike(client, partner, monkeypatch):
    from compensation import report_card

    partner.rank = "manager"
    partner.save(update_fields=["rank"])
    monkeypatch.setattr(report_card, "paid_rank", lambda partner: {
        "rank": "member", "rank_name": ranks.rank_label("member")})
    client.force_login(partner.user)
    with translation.override("ru"):
        html = client.get(reverse("cabinet:overview")).content.decode()
        highest, paid = str(ranks.HIGHEST_RANK), str(ranks.PAID_RANK)
    assert f'{highest}:</span> <span data-rank="highest">Менеджер<' in html
    assert f'{paid}:</span> <a href="/ru/cabinet/rank/" data-rank="paid">Участник<' in html


def test_the_tree_and_the_list_call_the_title_the_highest_rank(client, partner, make_partner):
    make_partner(partner, first_name="Ivan")
    client.force_login(partner.user)
    with translation.override("uk"):
        html = client.get(reverse("cabinet:team_list")).content.decode()
        tree = client.get(reverse("cabinet:team")).content.decode()
        label = str(ranks.HIGHEST_RANK)
    assert f"<th scope=\"col\">{label}</th>" in html and ">Учасник<" in html
    # the rank filter offers the plan's ranks by name, not a box to type a code in
    assert '<option value="manager">Менеджер</option>' in html
    assert f'"rank": {json.dumps(label)}' in tree  # as json_script writes it


@pytest.mark.parametrize("language,amount,volume", [
    ("en", "€1,234.50", "12,345.60"),
    ("ru", "1\xa0234,50\xa0€", "12\xa0345,60"),
    ("uk", "1\xa0234,50\xa0EUR", "12\xa0345,60"),
])
def test_amounts_and_volumes_are_grouped_the_language_s_way(language, amount, volume):
    with translation.override(language):
        assert numbers.money(Decimal("1234.5"), "EUR") == amount
        assert numbers.volume(Decimal("12345.6")) == volume
        assert numbers.money(None, "EUR") == "" and numbers.volume("n/a") == "n/a"


def test_the_wallet_writes_a_balance_the_page_s_language_s_way(client, partner):
    ledger.post_bonus(partner, Decimal("1234.50"), "EUR", "test:grouping")
    client.force_login(partner.user)
    with translation.override("ru"):
        russian = client.get(reverse("cabinet:wallet")).content.decode()
    with translation.override("en"):
        english = client.get(reverse("cabinet:wallet")).content.decode()
    assert "data-balance>1\xa0234,50\xa0€<" in russian
    assert "data-balance>€1,234.50<" in english
