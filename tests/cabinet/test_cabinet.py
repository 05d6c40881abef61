"""The partner's cabinet pages: who may open them, what they show, and their forms."""

import datetime
import io
import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
import segno
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from network import snapshots
from network.models import Partner, ReferralVisit
from tests.factories import UserFactory

PAGES = [
    "cabinet:overview", "cabinet:team", "cabinet:team_list", "cabinet:holding_tank",
    "cabinet:referrals",
]
LANGUAGES = ["en", "ru", "uk"]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def anna(make_partner):
    return make_partner(first_name="Anna", last_name="Leader", email="anna@example.com")


# --- who may open the cabinet ----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_for_a_partner_in_each_language(name, language, anna, sign_in):
    response = sign_in(anna).get(url(name, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert "Anna Leader" in html
    assert f'href="/{language}/cabinet/"' in html  # the header's "My cabinet" link


def test_pages_are_translated(anna, sign_in):
    english = sign_in(anna).get(url("cabinet:overview", "en")).content.decode()
    russian = sign_in(anna).get(url("cabinet:overview", "ru")).content.decode()
    assert "Sign out" in english
    assert "Sign out" not in russian  # the site chrome's words are in the page's language


@pytest.mark.parametrize("name", PAGES + ["cabinet:referral_qr_svg", "cabinet:referral_qr_png"])
def test_signing_in_is_required(client, db, name):
    address = url(name)
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))
    assert f"next={address}" in response["Location"]


@pytest.mark.parametrize("name", PAGES + ["cabinet:referral_qr_svg", "cabinet:referral_qr_png"])
def test_a_user_who_is_not_a_partner_gets_a_friendly_page(client, db, name):
    client.force_login(UserFactory(email="visitor@example.com"))
    response = client.get(url(name))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You are not a partner yet" in html
    assert "visitor@example.com" in html


# --- the overview ----------------------------------------------------------------------


def test_overview_shows_status_rank_sponsor_contacts_team_and_link(make_partner, sign_in):
    sponsor = make_partner(first_name="Sofia", last_name="Sponsor", email="sofia@example.com")
    Partner.objects.filter(pk=sponsor.pk).update(
        phone="+380 67 555 12 34", telegram="sofia_team", whatsapp="+380675551234"
    )
    me = make_partner(sponsor, first_name="Petro", last_name="Partner")
    Partner.objects.filter(pk=me.pk).update(rank="manager")
    for _ in range(3):
        make_partner(me)
    snapshots.recompute()

    html = sign_in(me).get(url("cabinet:overview")).content.decode()
    assert "Petro Partner" in html
    assert "status-active" in html and "Active" in html
    assert "Manager" in html
    assert "Sofia Sponsor" in html
    assert 'href="mailto:sofia@example.com"' in html
    assert 'href="tel:+380675551234"' in html
    assert 'href="https://t.me/sofia_team"' in html
    assert 'href="https://wa.me/380675551234"' in html
    me.refresh_from_db()
    assert f"/en/r/{me.referral_code.lower()}/" in html
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)", html))
    assert figures["Team size"] == "3"
    assert figures["Personally sponsored"] == "3"
    assert "data-copy-target" in html


def test_overview_counts_the_holding_tank_and_links_to_it(
    make_partner, holding_tank_policy, sign_in, anna
):
    # anna was placed before the policy changed; her new partners wait in her tank
    make_partner(anna)
    make_partner(anna)
    html = sign_in(anna).get(url("cabinet:overview")).content.decode()
    assert "2 new partners are waiting" in html
    assert f'href="{url("cabinet:holding_tank")}"' in html


# --- the genealogy viewer --------------------------------------------------------------


def test_team_page_configures_the_viewer_for_the_partner_only(anna, sign_in):
    html = sign_in(anna).get(url("cabinet:team", "ru") + "?tree=placement").content.decode()
    config = json.loads(re.search(
        r'<script id="genealogy-config" type="application/json">(.*?)</script>', html, re.S
    ).group(1))
    strings = json.loads(re.search(
        r'<script id="genealogy-i18n" type="application/json">(.*?)</script>', html, re.S
    ).group(1))
    assert config["rootId"] == anna.pk
    assert config["tree"] == "placement"
    assert config["api"] == "/api/v1/network/"
    assert config["language"] == "ru"
    assert {"active", "inactive", "terminated"} <= set(strings["statuses"])
    assert "%(leg)s" in strings["emptySlot"]
    assert 'src="/static/js/genealogy.js"' in html
    # CSP: no inline script that runs and no inline style on the page.
    assert not re.search(r"<script(?![^>]*(src=|application/json))", html)
    assert "style=" not in html


# --- the team list ---------------------------------------------------------------------


@pytest.fixture
def two_teams(make_partner):
    """anna with two levels below her, and bob beside her with his own team."""
    anna = make_partner(first_name="Anna", last_name="Leader")
    first = [make_partner(anna, first_name="First", last_name=f"Line{i}") for i in range(3)]
    second = make_partner(first[0], first_name="Second", last_name="Level")
    bob = make_partner(first_name="Bob", last_name="Outsider")
    bobs = make_partner(bob, first_name="Hidden", last_name="Member")
    return {"anna": anna, "first": first, "second": second, "bob": bob, "bobs": bobs}


def listed_names(response):
    return re.findall(r'<span class="member-name">([^<]+)</span>', response.content.decode())


def test_team_list_shows_the_downline_and_nobody_else(two_teams, sign_in):
    response = sign_in(two_teams["anna"]).get(url("cabinet:team_list"))
    names = listed_names(response)
    assert sorted(names) == sorted(
        ["First Line0", "First Line1", "First Line2", "Second Level"]
    )
    assert names[-1] == "Second Level"  # nearest levels first by default


def test_team_list_filters(two_teams, sign_in):
    client = sign_in(two_teams["anna"])
    Partner.objects.filter(pk=two_teams["first"][1].pk).update(status="inactive")
    assert listed_names(client.get(url("cabinet:team_list"), {"level": 2})) == ["Second Level"]
    assert listed_names(client.get(url("cabinet:team_list"), {"depth": 1})) == [
        "First Line0", "First Line1", "First Line2"
    ]
    assert listed_names(client.get(url("cabinet:team_list"), {"status": "inactive"})) == [
        "First Line1"
    ]
    assert listed_names(client.get(url("cabinet:team_list"), {"q": "second"})) == [
        "Second Level"
    ]
    assert listed_names(client.get(url("cabinet:team_list"), {"ordering": "-name"}))[0] == (
        "Second Level"
    )
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert listed_names(client.get(url("cabinet:team_list"), {"joined_after": tomorrow})) == []
    bad = client.get(
        url("cabinet:team_list"), {"joined_after": tomorrow, "joined_before": "2020-01-01"}
    )
    assert "The end of the range is before its start." in bad.content.decode()


def test_team_list_search_and_filters_never_reach_outside_the_team(two_teams, sign_in):
    client = sign_in(two_teams["anna"])
    for params in [{"q": "Hidden"}, {"q": "Outsider"}, {"q": two_teams["bobs"].referral_code},
                   {"q": "Hidden", "tree": "placement", "depth": 1000}, {"level": 1, "q": "Bob"}]:
        response = client.get(url("cabinet:team_list"), params)
        assert response.status_code == 200
        assert listed_names(response) == []
        assert "Hidden Member" not in response.content.decode()


def test_team_list_pages_with_next_and_previous_cursors(two_teams, sign_in, monkeypatch):
    monkeypatch.setattr("cabinet.downline.PAGE_SIZE", 3)
    client = sign_in(two_teams["anna"])
    first_page = client.get(url("cabinet:team_list"), {"ordering": "name", "tree": "sponsor"})
    html = first_page.content.decode()
    assert listed_names(first_page) == ["First Line0", "First Line1", "First Line2"]
    assert 'rel="prev"' not in html
    next_link = re.search(r'rel="next" href="\?([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "ordering=name" in next_link
    second_page = client.get(url("cabinet:team_list") + "?" + next_link)
    assert listed_names(second_page) == ["Second Level"]
    assert 'rel="next"' not in second_page.content.decode()
    prev_link = re.search(
        r'rel="prev" href="\?([^"]+)"', second_page.content.decode()
    ).group(1).replace("&amp;", "&")
    assert listed_names(client.get(url("cabinet:team_list") + "?" + prev_link)) == [
        "First Line0", "First Line1", "First Line2"
    ]
    # a cursor that is not ours is ignored, not an error
    assert client.get(url("cabinet:team_list"), {"cursor": "!!garbage"}).status_code == 200


# --- referrals: link, QR code, vanity code, statistics ---------------------------------


def expected_link(partner, language="en"):
    return f"http://testserver/{language}/r/{partner.referral_code.lower()}/"


def png_modules(content, size, scale=10, border=4):
    """The dark/light modules read back from a QR code PNG (sampling module centres)."""
    image = Image.open(io.BytesIO(content)).convert("L")
    assert image.size == ((size + 2 * border) * scale,) * 2
    middle = scale // 2

    def dark(x, y):
        return image.getpixel(((border + x) * scale + middle, (border + y) * scale + middle)) < 128

    return [[dark(x, y) for x in range(size)] for y in range(size)]


def test_qr_png_is_a_png_download_encoding_the_partners_link(anna, sign_in):
    response = sign_in(anna).get(url("cabinet:referral_qr_png"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.png"')
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    expected = segno.make(expected_link(anna), error="m", micro=False)
    modules = png_modules(response.content, expected.symbol_size(scale=1, border=0)[0])
    assert modules == [[bool(cell) for cell in row] for row in expected.matrix]
    other = segno.make(expected_link(anna).replace("/r/", "/x/"), error="m", micro=False)
    assert modules != [[bool(cell) for cell in row] for row in other.matrix]


def svg_path(svg_bytes):
    root = ElementTree.fromstring(svg_bytes)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    paths = [element for element in root.iter() if element.tag.endswith("path")]
    return [path.get("d") for path in paths]


def test_qr_svg_is_an_svg_download_encoding_the_partners_link(anna, sign_in):
    response = sign_in(anna).get(url("cabinet:referral_qr_svg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == (
        f'attachment; filename="referral-{anna.referral_code.lower()}.svg"'
    )
    reference = io.BytesIO()
    segno.make(expected_link(anna), error="m", micro=False).save(reference, kind="svg")
    assert svg_path(response.content)[-1] == svg_path(reference.getvalue())[-1]


def test_referrals_page_shows_link_inline_qr_and_downloads(anna, sign_in):
    html = sign_in(anna).get(url("cabinet:referrals", "uk")).content.decode()
    assert f'value="{expected_link(anna, "en")}"' in html
    assert '<svg viewBox="' in html and 'class="referral-qr-image"' in html
    assert 'href="/uk/cabinet/referrals/qr.svg"' in html
    assert 'href="/uk/cabinet/referrals/qr.png"' in html


def test_vanity_code_can_be_chosen_once(anna, sign_in):
    client = sign_in(anna)
    response = client.post(url("cabinet:referrals"), {"code": "anna-team"}, follow=True)
    assert response.redirect_chain[-1][0] == url("cabinet:referrals")
    anna.refresh_from_db()
    assert anna.referral_code == "ANNA-TEAM" and anna.vanity_code_chosen
    html = response.content.decode()
    assert "Your referral code is now ANNA-TEAM." in html
    assert 'name="code"' not in html  # the form is gone
    assert "/r/anna-team/" in html

    again = client.post(url("cabinet:referrals"), {"code": "other-code"}, follow=True)
    anna.refresh_from_db()
    assert anna.referral_code == "ANNA-TEAM"
    assert "You have already chosen your code." in again.content.decode()


@pytest.mark.parametrize("code, error", [
    ("admin", "This code is reserved; choose another."),
    ("a b", "Use 3 to 20 letters, digits or single hyphens"),
    ("-bad-", "Use 3 to 20 letters, digits or single hyphens"),
    ("taken-code", "This code is taken; choose another."),
])
def test_vanity_code_errors_are_shown(anna, make_partner, sign_in, code, error):
    other = make_partner()
    Partner.objects.filter(pk=other.pk).update(referral_code="TAKEN-CODE")
    before = anna.referral_code
    response = sign_in(anna).post(url("cabinet:referrals"), {"code": code})
    assert response.status_code == 400
    assert error in response.content.decode()
    anna.refresh_from_db()
    assert anna.referral_code == before and not anna.vanity_code_chosen


def test_referral_statistics_for_a_chosen_range(anna, make_partner, sign_in):
    day = timezone.localdate() - datetime.timedelta(days=3)
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    for source in ["instagram", "instagram", "instagram", ""]:
        ReferralVisit.objects.create(partner=anna, visited_at=at, utm_source=source)
    ReferralVisit.objects.create(
        partner=anna, visited_at=at - datetime.timedelta(days=40), utm_source="old"
    )
    recruit = make_partner(anna)
    Partner.objects.filter(pk=recruit.pk).update(joined_at=at)
    client = sign_in(anna)
    response = client.get(url("cabinet:referrals"), {
        "since": (day - datetime.timedelta(days=6)).isoformat(), "until": day.isoformat(),
    })
    html = response.content.decode()
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", html))
    assert figures["Visits"] == "4"
    assert figures["Sign-ups"] == "1"
    assert figures["Conversion"] == "25.0%"
    assert html.count('class="bar-visits"') == 1  # one day with visits out of seven
    assert re.search(r"<th scope=\"row\">instagram</th><td data-label=\"Visits\">3</td>"
                     r"<td data-label=\"Sign-ups\">0</td>", html)
    assert re.search(r"Direct \(no utm_source\)</th><td data-label=\"Visits\">1</td>"
                     r"<td data-label=\"Sign-ups\">1</td>", html)
    assert ">old<" not in html  # outside the range

    invalid = client.get(url("cabinet:referrals"), {"since": "2026-02-01", "until": "2026-01-01"})
    assert invalid.status_code == 200
    assert "The end of the range is before its start." in invalid.content.decode()


# --- the holding tank --------------------------------------------------------------------


@pytest.fixture
def tank(make_partner, holding_tank_policy):
    """anna (placed) with two partners waiting in her tank, and bob with one in his."""
    # anna and bob joined before the holding tank policy: placed under the root.
    holding_tank_policy.placement_policy = "weaker_leg"
    holding_tank_policy.save()
    anna = make_partner(first_name="Anna", last_name="Leader")
    bob = make_partner(first_name="Bob", last_name="Outsider")
    holding_tank_policy.placement_policy = "holding_tank"
    holding_tank_policy.save()
    waiting = [make_partner(anna, first_name="Wait", last_name=f"Ing{i}") for i in range(2)]
    bobs = make_partner(bob, first_name="Bobs", last_name="Recruit")
    return {"anna": anna, "bob": bob, "waiting": waiting, "bobs": bobs}


def test_holding_tank_lists_waiting_partners_with_deadlines(tank, sign_in):
    html = sign_in(tank["anna"]).get(url("cabinet:holding_tank")).content.decode()
    assert "Wait Ing0" in html and "Wait Ing1" in html
    assert "Bobs Recruit" not in html
    assert html.count("Place by ") == 2
    assert "Directly under you" in html  # her own two slots are free


def test_placing_from_the_holding_tank(tank, sign_in):
    anna, waiting = tank["anna"], tank["waiting"][0]
    response = sign_in(anna).post(url("cabinet:holding_tank"), {
        "partner": waiting.pk, "parent": anna.referral_code.lower(), "leg": "R",
    }, follow=True)
    waiting.refresh_from_db()
    assert waiting.placement_parent_id == anna.pk and waiting.placement_leg == "R"
    assert waiting.placement_deadline is None
    html = response.content.decode()
    assert "Wait Ing0 is placed under Anna Leader, right leg." in html
    assert f'id="waiting-{waiting.pk}"' not in html  # no longer waiting
    assert f'id="waiting-{tank["waiting"][1].pk}"' in html


def test_holding_tank_errors_are_shown_and_nothing_moves(tank, sign_in):
    anna, first, second = tank["anna"], tank["waiting"][0], tank["waiting"][1]
    client = sign_in(anna)
    client.post(url("cabinet:holding_tank"), {
        "partner": first.pk, "parent": anna.referral_code, "leg": "L",
    })
    taken = client.post(url("cabinet:holding_tank"), {
        "partner": second.pk, "parent": anna.referral_code, "leg": "L",
    })
    assert taken.status_code == 400
    assert "That position is already taken; choose another." in taken.content.decode()
    unknown = client.post(url("cabinet:holding_tank"), {
        "partner": second.pk, "parent": "NOSUCH1", "leg": "R",
    })
    outsider = client.post(url("cabinet:holding_tank"), {
        "partner": second.pk, "parent": tank["bob"].referral_code, "leg": "R",
    })
    message = "There is no partner with this code in your placement team."
    assert message in unknown.content.decode()
    # the same words for someone who exists outside her team: nothing is confirmed
    assert message in outsider.content.decode()
    second.refresh_from_db()
    assert second.placement_depth is None and second.in_holding_tank


def test_a_partner_cannot_place_someone_elses_waiting_partner(tank, sign_in):
    response = sign_in(tank["anna"]).post(url("cabinet:holding_tank"), {
        "partner": tank["bobs"].pk, "parent": tank["anna"].referral_code, "leg": "L",
    })
    assert response.status_code == 404
    tank["bobs"].refresh_from_db()
    assert tank["bobs"].placement_depth is None


def test_an_empty_slot_link_prefills_the_form(tank, sign_in):
    first = tank["waiting"][0]
    html = sign_in(tank["anna"]).get(
        url("cabinet:holding_tank"), {"parent": "ABCDEFG", "leg": "R"}
    ).content.decode()
    assert 'value="ABCDEFG"' in html
    right = re.search(rf'<input[^>]*id="tank-{first.pk}-leg_1"[^>]*>', html).group(0)
    assert 'value="R"' in right and "checked" in right


# --- one partner never sees another's cabinet data ---------------------------------------


def test_every_cabinet_page_shows_the_signed_in_partners_own_data(tank, sign_in):
    tank["bob"].refresh_from_db()
    client = sign_in(tank["anna"])
    for name in PAGES:
        html = client.get(url(name)).content.decode()
        assert "Bob Outsider" not in html and "Bobs Recruit" not in html, name
        assert tank["bob"].referral_code not in html, name
    svg = client.get(url("cabinet:referral_qr_svg")).content
    reference = io.BytesIO()
    segno.make(expected_link(tank["bob"]), error="m", micro=False).save(reference, kind="svg")
    assert svg_path(svg)[-1] != svg_path(reference.getvalue())[-1]


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_the_date_pickers_show_the_chosen_range_in_every_language(anna, sign_in, language):
    # A browser date input accepts only yyyy-mm-dd; a localized value shows an empty box.
    response = sign_in(anna).get(
        f"/{language}/cabinet/referrals/", {"since": "2026-10-01", "until": "2026-10-31"}
    )
    page = response.content.decode()
    assert 'type="date" name="since" value="2026-10-01"' in page
    assert 'type="date" name="until" value="2026-10-31"' in page
