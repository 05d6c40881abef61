"""The operators' network admin: what staff see and do, signed in with their second factor."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from network import services, snapshots
from network.models import NetworkSettings, Partner, PartnerStatus, SignupReview, TreeChange
from tests.factories import UserFactory
from tests.helpers import page, sign_in_to_admin, staff_with

pytestmark = pytest.mark.django_db

PARTNERS = "/admin/network/partners/"
TREE_CHANGES = "/admin/network/tree-changes/"
REVIEWS = "/admin/network/reviews/"
IMPORT = "/admin/network/import/"


@pytest.fixture
def operator(client):
    return sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def team(network_root, make_partner):
    """root ─ anna ─ carl ; root ─ boris (sponsor tree; placed by the default policy)."""
    anna = make_partner(first_name="Anna", last_name="Adler")
    boris = make_partner(first_name="Boris", last_name="Bauer")
    carl = make_partner(anna, first_name="Carl", last_name="Clark")
    snapshots.recompute()
    return {"root": network_root, "anna": anna, "boris": boris, "carl": carl}


def test_partner_list_shows_the_network_with_team_sizes(operator, team):
    html = page(operator.get(PARTNERS))
    for partner in team.values():
        assert partner.referral_code in html
    assert "Anna Adler" in html and "Team size" in html and "Sponsor" in html
    # Anna's team (Carl) comes from the snapshot
    anna_row = next(row for row in html.split("<tr") if team["anna"].referral_code in row)
    cells = [cell.split(">", 1)[1].strip() for cell in anna_row.split("</td>")[:-1]]
    assert cells[-1] == "1" and cells[-3].endswith(">Company</a>")


def listed(html, team):
    """Who the listing shows, by referral code (a code appears only in its own row)."""
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return {name for name, partner in team.items() if partner.referral_code in rows}


def test_partner_list_searches_by_code_email_and_name(operator, team):
    carl = team["carl"]
    assert listed(page(operator.get(PARTNERS, {"q": carl.referral_code.lower()})), team) == {
        "carl"
    }
    assert listed(page(operator.get(PARTNERS, {"q": f"#{carl.pk}"})), team) == {"carl"}
    assert listed(page(operator.get(PARTNERS, {"q": carl.user.email})), team) == {"carl"}
    assert listed(page(operator.get(PARTNERS, {"q": "Bori"})), team) == {"boris"}
    assert listed(page(operator.get(PARTNERS, {"q": "person"})), team) == {
        "anna", "boris", "carl"
    }
    assert listed(page(operator.get(PARTNERS, {"q": "ZZZZZZZ"})), team) == set()


def test_partner_list_filters(operator, team):
    Partner.objects.filter(pk=team["boris"].pk).update(status=PartnerStatus.TERMINATED)
    assert listed(page(operator.get(PARTNERS, {"status": "terminated"})), team) == {"boris"}
    assert listed(
        page(operator.get(PARTNERS, {"sponsor": team["anna"].referral_code})), team
    ) == {"carl"}
    long_ago = {"joined_at_from": "2000-01-01", "joined_at_to": "2000-12-31"}
    assert listed(page(operator.get(PARTNERS, long_ago)), team) == set()
    Partner.objects.filter(pk=team["carl"].pk).update(
        placement_parent=None, placement_leg=None, placement_depth=None,
        placement_deadline="2030-01-01T00:00Z",
    )
    assert listed(page(operator.get(PARTNERS, {"in_holding_tank": "true"})), team) == {"carl"}
    Partner.objects.filter(pk=team["anna"].pk).update(rank="gold")
    assert listed(page(operator.get(PARTNERS, {"rank": "gold"})), team) == {"anna"}


def test_partner_page_shows_position_upline_team_and_audit(operator, team):
    anna, carl = team["anna"], team["carl"]
    html = page(operator.get(f"{PARTNERS}{anna.pk}/"))
    assert "Sponsor and placement" in html and team["root"].referral_code in html
    assert "Personally sponsored (1)" in html and "Carl Clark" in html
    assert "Change sponsor" in html and "Change placement" in html
    services.change_sponsor(carl, team["boris"], staff_user=None, reason="Wrong link used")
    carl_page = page(operator.get(f"{PARTNERS}{carl.pk}/"))
    assert "Wrong link used" in carl_page
    assert f"{anna.referral_code} (#{anna.pk})" in carl_page  # before
    upline = carl_page.split('id="upline-section"', 1)[1].split("</section>", 1)[0]
    assert "Boris Bauer" in upline and "Company" in upline


def test_sponsor_change_through_the_form_is_audited_and_notifies_both_sponsors(
    operator, team, django_capture_on_commit_callbacks
):
    anna, boris, carl = team["anna"], team["boris"], team["carl"]
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(f"{PARTNERS}{carl.pk}/change-sponsor/", {
            "new_sponsor": boris.referral_code.lower(), "reason": "Signed up with the wrong link",
        })
    assert response.status_code == 302 and response["Location"] == f"{PARTNERS}{carl.pk}/"
    carl.refresh_from_db()
    assert carl.sponsor_id == boris.pk
    change = TreeChange.objects.get(partner=carl)
    assert change.kind == "sponsor" and change.reason == "Signed up with the wrong link"
    assert change.before["sponsor"] == anna.pk and change.after["sponsor"] == boris.pk
    assert change.changed_by.is_superuser
    assert {address for message in mail.outbox for address in message.to} == {
        anna.user.email, boris.user.email,
    }
    listing = page(operator.get(TREE_CHANGES))
    assert "Signed up with the wrong link" in listing and boris.referral_code in listing


def test_a_sponsor_change_that_would_make_a_cycle_is_refused_and_changes_nothing(
    operator, team
):
    anna, carl = team["anna"], team["carl"]
    html = page(operator.post(f"{PARTNERS}{anna.pk}/change-sponsor/", {
        "new_sponsor": f"#{carl.pk}", "reason": "Test",
    }))
    assert "that would make a cycle" in html
    anna.refresh_from_db()
    assert anna.sponsor_id == team["root"].pk
    assert not TreeChange.objects.exists()


def test_sponsor_form_needs_a_known_partner_and_a_reason(operator, team):
    html = page(operator.post(f"{PARTNERS}{team['carl'].pk}/change-sponsor/", {
        "new_sponsor": "NO-SUCH-CODE", "reason": "",
    }))
    assert "No partner has this referral code" in html and "This field is required" in html
    assert not TreeChange.objects.exists()


def test_placement_change_moves_into_an_open_slot_and_refuses_a_taken_one(operator, team):
    root, anna, carl = team["root"], team["anna"], team["carl"]
    taken_leg = Partner.objects.get(pk=anna.pk).placement_leg
    refused = page(operator.post(f"{PARTNERS}{carl.pk}/change-placement/", {
        "new_parent": root.referral_code, "leg": taken_leg, "reason": "Balance the legs",
    }))
    assert "That position is already taken." in refused
    open_slot = (anna.pk, "L") if not Partner.objects.filter(
        placement_parent=anna, placement_leg="L").exists() else (anna.pk, "R")
    moved = operator.post(f"{PARTNERS}{carl.pk}/change-placement/", {
        "new_parent": f"#{open_slot[0]}", "leg": open_slot[1], "reason": "Balance the legs",
    })
    assert moved.status_code == 302
    carl.refresh_from_db()
    assert (carl.placement_parent_id, carl.placement_leg) == open_slot
    assert TreeChange.objects.get(partner=carl).kind == "placement"


@pytest.fixture
def held(network_root):
    user = UserFactory(first_name="Held", last_name="Person")
    partner = services.enrol(user, network_root, hold_reason="Many sign-ups from one device")
    return partner.review


def test_review_queue_lists_pending_first_and_filters_by_state(operator, network_root, held):
    done = services.enrol(UserFactory(first_name="Earlier", last_name="One"), network_root,
                          hold_reason="Burst")
    services.decide_review(done.review, approve=True, staff_user=None)
    html = page(operator.get(REVIEWS))
    assert html.index("Held Person") < html.index("Earlier One")
    assert f"{REVIEWS}{held.pk}/approve/" in html
    assert f"{REVIEWS}{done.review.pk}/approve/" not in html
    approved = page(operator.get(REVIEWS, {"state": "approved"}))
    assert "Earlier One" in approved and "Held Person" not in approved


def test_approving_a_review_places_the_partner(operator, held):
    response = operator.post(f"{REVIEWS}{held.pk}/approve/", {"note": ""})
    assert response.status_code == 302
    held.refresh_from_db()
    partner = Partner.objects.get(pk=held.partner_id)
    assert held.state == "approved" and held.decided_by.is_superuser
    assert partner.placement_depth == 1 and not partner.held_for_review


def test_rejecting_a_review_needs_a_note_and_terminates_the_partner(operator, held):
    page(operator.get(f"{REVIEWS}{held.pk}/reject/"))
    without_note = page(operator.post(f"{REVIEWS}{held.pk}/reject/", {"note": ""}))
    assert "This field is required" in without_note
    assert SignupReview.objects.get(pk=held.pk).state == "pending"
    operator.post(f"{REVIEWS}{held.pk}/reject/", {"note": "Same card as five others"})
    held.refresh_from_db()
    partner = Partner.objects.select_related("user").get(pk=held.partner_id)
    assert held.state == "rejected" and held.note == "Same card as five others"
    assert partner.status == PartnerStatus.TERMINATED and not partner.user.is_active
    again = page(operator.post(f"{REVIEWS}{held.pk}/approve/", {"note": ""}))
    assert "already been decided" in again


def csv_upload(text, name="partners.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


HEADER = "id,sponsor_id,placement_parent_id,placement_leg,joined_at,status\n"


def test_import_with_bad_rows_lists_every_problem_and_imports_nothing(operator, network_root):
    code = network_root.referral_code
    body = HEADER + (
        f"V1,{code},{code},L,2024-01-01T00:00:00Z,active\n"
        f"V2,NOBODY,V1,L,2024-01-02T00:00:00Z,active\n"
        f"V3,V1,V1,X,yesterday,active\n"
    )
    html = page(operator.post(IMPORT, {"file": csv_upload(body)}))
    assert "Nothing was imported" in html
    assert "partners.csv, line 3: unknown sponsor NOBODY" in html
    assert "partners.csv, line 4:" in html and "ISO 8601" in html and "must be L or R" in html
    assert Partner.objects.count() == 1


def test_import_of_a_good_file_imports_every_row(operator, network_root):
    code = network_root.referral_code
    body = HEADER + (
        f"V1,{code},{code},L,2024-01-01T00:00:00Z,active\n"
        f"V2,V1,V1,L,2024-01-02T00:00:00Z,terminated\n"
    )
    response = operator.post(IMPORT, {"file": csv_upload(body)}, follow=True)
    assert "Imported 2 partners from partners.csv" in page(response)
    assert Partner.objects.get(external_id="V2").sponsor.external_id == "V1"


def test_import_refuses_a_file_that_is_not_utf8_csv(operator, network_root):
    latin = SimpleUploadedFile("partners.csv", HEADER.encode() + "Müller\n".encode("latin-1"),
                               content_type="text/csv")
    assert "not UTF-8" in page(operator.post(IMPORT, {"file": latin}))
    picture = SimpleUploadedFile("partners.png", b"\x89PNG\r\n", content_type="image/png")
    assert "Upload a .csv file" in page(operator.post(IMPORT, {"file": picture}))
    assert Partner.objects.count() == 1


def test_network_settings_take_the_default_sponsor_as_a_code(operator, team):
    url = "/admin/settings/network/networksettings/"
    html = page(operator.get(url, follow=True))
    assert "Placement of new partners" in html and "Referral links" in html
    form_url = operator.get(url).get("Location", url)
    data = {
        "placement_policy": "breadth_first", "holding_tank_days": 7,
        "holding_tank_fallback": "weaker_leg", "attribution_window_days": 30,
        "attribution_model": "first_touch", "no_sponsor_rule": "default_sponsor",
        "default_sponsor": team["anna"].referral_code.lower(), "change_window_days": 30,
        "signup_burst_limit": 5, "signup_burst_window_minutes": 60,
    }
    operator.post(form_url, data)
    assert NetworkSettings.load().default_sponsor_id == team["anna"].pk
    assert team["anna"].referral_code in page(operator.get(form_url))


def test_staff_without_network_permissions_are_denied(client, team):
    sign_in_to_admin(client, staff_with())
    carl, boris = team["carl"], team["boris"]
    for url in [PARTNERS, f"{PARTNERS}{carl.pk}/", f"{PARTNERS}{carl.pk}/change-sponsor/",
                TREE_CHANGES, REVIEWS, IMPORT]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    client.post(f"{PARTNERS}{carl.pk}/change-sponsor/", {
        "new_sponsor": boris.referral_code, "reason": "sneaky",
    })
    carl.refresh_from_db()
    assert carl.sponsor_id == team["anna"].pk and not TreeChange.objects.exists()
    home = page(client.get("/admin/"))
    assert "Sorry, you do not have permission" in home
    assert PARTNERS not in home  # no Network menu for them


def test_view_permission_reads_partners_but_cannot_move_or_import(client, team):
    sign_in_to_admin(client, staff_with("view_partner"))
    carl = team["carl"]
    html = page(client.get(f"{PARTNERS}{carl.pk}/"))
    assert "Carl Clark" in html and "Change sponsor" not in html
    assert "Import partners" not in page(client.get(PARTNERS))
    assert client.get(f"{PARTNERS}{carl.pk}/change-placement/")["Location"] == "/admin/"
    assert client.post(IMPORT, {"file": csv_upload(HEADER)})["Location"] == "/admin/"


def test_the_company_root_is_shown_as_the_company_account(operator, team):
    assert team["root"].is_company and not team["anna"].is_company
    note = "Yes: earns no bonuses and is left out of the income disclosure"
    assert note in page(operator.get(f"{PARTNERS}{team['root'].pk}/"))
    assert note not in page(operator.get(f"{PARTNERS}{team['anna'].pk}/"))
