"""The operators' payout desk in the Wagtail admin: payouts approved by two different
operators above the threshold, rejected with a note, exported and marked paid; who may
work there. (The reports beside it are tested in tests/compensation/test_admin_reports.py.)"""

import csv
import io
import itertools
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory
from tests.helpers import operator_client, page, sign_in_to_admin, staff_with
from wallet import ledger, payouts
from wallet.models import LedgerTransaction, PayoutRequest

pytestmark = pytest.mark.django_db

PAYOUTS = "/admin/network/payouts/"
State = PayoutRequest.State
_keys = itertools.count(1)


@pytest.fixture
def anna(make_partner):
    return make_partner(first_name="Anna", last_name="Adler")


def payout_of(partner, amount):
    ledger.post_bonus(partner, amount, "EUR", f"admin-test-bonus:{next(_keys)}")
    return payouts.request_payout(partner, amount, "EUR")


def balance(partner):
    return payouts.available_balance(partner, "EUR")


def test_a_large_payout_needs_a_second_different_operator(anna, settings):
    settings.PAYOUT_TWO_APPROVERS_ABOVE = "1000.00"
    big = payout_of(anna, "1500.00")
    small = payout_of(anna, "60.00")
    first, first_user = operator_client(first_name="Olga", last_name="First")
    second, second_user = operator_client(first_name="Petr", last_name="Second")

    html = page(first.get(PAYOUTS))
    assert "Anna Adler" in html and "1,500.00 EUR" in html and "Two operators needed" in html
    assert f'href="/admin/network/partners/{anna.pk}/"' in html

    html = page(first.post(f"{PAYOUTS}{big.pk}/approve/", follow=True))
    assert "a second, different operator must approve it too" in html
    big.refresh_from_db()
    assert big.state == State.REQUESTED and big.first_approver == first_user

    # The same operator again: refused with the service's message; nothing changes.
    html = page(first.post(f"{PAYOUTS}{big.pk}/approve/", follow=True))
    assert "need two different operators" in html and "another operator must approve it" in html
    big.refresh_from_db()
    assert big.state == State.REQUESTED and big.second_approver is None

    html = page(second.post(f"{PAYOUTS}{big.pk}/approve/", follow=True))
    assert f"Payout request {big.pk} is approved." in html
    big.refresh_from_db()
    assert big.state == State.APPROVED and big.second_approver == second_user
    assert "Olga First, Petr Second" in page(second.get(PAYOUTS + "?state=approved"))

    # Below the threshold one operator is enough.
    first.post(f"{PAYOUTS}{small.pk}/approve/")
    small.refresh_from_db()
    assert small.state == State.APPROVED


def test_the_list_shows_waiting_requests_first_and_filters_by_state(anna):
    done = payout_of(anna, "70.00")
    payouts.reject(done, UserFactory(is_staff=True), "No bank details")
    waiting = payout_of(anna, "80.00")
    client, _user = operator_client()
    html = page(client.get(PAYOUTS))
    assert html.index("80.00 EUR") < html.index("70.00 EUR")
    html = page(client.get(PAYOUTS + "?state=rejected"))
    assert "70.00 EUR" in html and "80.00 EUR" not in html and "No bank details" in html
    assert waiting.state == State.REQUESTED


def test_reject_needs_a_note_and_gives_the_money_back(anna):
    request = payout_of(anna, "100.00")
    assert balance(anna) == Decimal("0.00")
    client, _user = operator_client()
    html = page(client.post(f"{PAYOUTS}{request.pk}/reject/", {"note": "  "}))
    assert "This field is required." in html
    request.refresh_from_db()
    assert request.state == State.REQUESTED

    response = client.post(f"{PAYOUTS}{request.pk}/reject/", {"note": "Wrong IBAN"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == State.REJECTED and request.note == "Wrong IBAN"
    assert balance(anna) == Decimal("100.00")
    html = page(client.get(PAYOUTS))
    assert "Wrong IBAN" in html and f"{PAYOUTS}{request.pk}/reject/" not in html


def test_export_downloads_the_approved_requests_and_then_they_are_marked_paid(anna, make_partner):
    boris = make_partner(first_name="=cmd", last_name="Bauer")
    approved = payout_of(anna, "120.50")
    other = payout_of(boris, "90.00")
    waiting = payout_of(anna, "55.00")
    client, _user = operator_client()
    client.post(f"{PAYOUTS}{approved.pk}/approve/")
    client.post(f"{PAYOUTS}{other.pk}/approve/")

    response = client.post(PAYOUTS + "export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == payouts.CSV_HEADER
    assert rows[1:] == [
        [str(approved.pk), str(anna.pk), "Anna Adler", "120.50", "EUR"],
        [str(other.pk), str(boris.pk), "'=cmd Bauer", "90.00", "EUR"],
    ]
    for request in (approved, other, waiting):
        request.refresh_from_db()
    assert approved.state == other.state == State.EXPORTED and waiting.state == State.REQUESTED

    # Nothing approved is left: a second export is refused, not an empty file.
    html = page(client.post(PAYOUTS + "export/", follow=True))
    assert "There are no approved payout requests to export." in html

    # Marking paid before export is refused with the service's message.
    html = page(client.post(f"{PAYOUTS}{waiting.pk}/paid/", follow=True))
    assert f"Payout request {waiting.pk} is Requested" in html

    html = page(client.post(f"{PAYOUTS}{approved.pk}/paid/", follow=True))
    assert f"Payout request {approved.pk} is marked paid." in html
    approved.refresh_from_db()
    assert approved.state == State.PAID
    assert payouts.transactions_of(approved).filter(idempotency_key__endswith=":paid").exists()

    client.post(f"{PAYOUTS}{other.pk}/failed/")
    other.refresh_from_db()
    assert other.state == State.FAILED and balance(boris) == Decimal("90.00")

    client.post(f"{PAYOUTS}{approved.pk}/returned/")
    approved.refresh_from_db()
    assert approved.state == State.RETURNED and balance(anna) == Decimal("120.50")


def test_staff_without_the_payout_permission_are_refused(client, anna):
    request = payout_of(anna, "100.00")
    count = LedgerTransaction.objects.count()
    sign_in_to_admin(client, staff_with("view_payoutrequest"))
    assert client.get(PAYOUTS).status_code in (302, 403)
    assert client.get(f"{PAYOUTS}{request.pk}/reject/").status_code in (302, 403)
    client.post(f"{PAYOUTS}{request.pk}/approve/")
    client.post(f"{PAYOUTS}{request.pk}/reject/", {"note": "x"})
    client.post(PAYOUTS + "export/")
    request.refresh_from_db()
    assert request.state == State.REQUESTED and request.first_approver is None
    assert LedgerTransaction.objects.count() == count
    assert "Payouts" not in page(client.get("/admin/"))


def test_staff_with_the_payout_permission_may_work(client, anna):
    payout_of(anna, "100.00")
    sign_in_to_admin(client, staff_with("change_payoutrequest"))
    assert "Anna Adler" in page(client.get(PAYOUTS))


def test_the_payout_permission_can_be_given_to_a_group():
    client, _user = operator_client()
    html = page(client.get("/admin/groups/new/"))
    permission = Permission.objects.get(codename="change_payoutrequest")
    assert f'value="{permission.pk}"' in html
