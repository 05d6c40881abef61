"""Payout batches: each export is a batch whose file can be downloaded again byte for byte,
a request is in one batch only, and a whole batch is marked paid with each request's ledger
entries written exactly once."""

import csv
import hashlib
import io
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.helpers import page, sign_in_to_admin, staff_with
from wallet import payouts
from wallet.models import LedgerAccountKind, LedgerTransaction, PayoutBatch, PayoutRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payout_limits")]
State = PayoutRequest.State
PAYOUTS = "/admin/network/payouts/"
BATCHES = PAYOUTS + "batches/"


@pytest.fixture
def approve(make_partner, credit, operator):
    """approve(amount, currency="EUR", name=...) -> an approved request of a new partner."""

    def approve(amount, currency="EUR", **names):
        partner = make_partner(**names)
        credit(partner, amount, currency)
        return payouts.approve(payouts.request_payout(partner, amount, currency), operator)

    return approve


def operator_client():
    user = UserFactory(is_staff=True, is_superuser=True, first_name="Olga", last_name="Ops")
    return sign_in_to_admin(Client(), user), user


def ids_in(content):
    return [row[0] for row in csv.reader(io.StringIO(bytes(content).decode()))][1:]


def test_an_export_is_a_batch_holding_its_file_and_requests(approve, operator):
    first, second = approve("300.00"), approve("75.50")
    batch = payouts.export_batch([first, second], operator)

    batch = PayoutBatch.objects.get(pk=batch.pk)
    assert batch.created_by == operator and batch.created_at is not None
    assert batch.currency == "EUR" and batch.request_count == 2
    assert batch.total == Decimal("375.50")
    assert ids_in(batch.file_bytes()) == [str(first.pk), str(second.pk)]
    assert batch.sha256 == hashlib.sha256(batch.file_bytes()).hexdigest()
    for request in (first, second):
        request.refresh_from_db()
        assert request.state == State.EXPORTED and request.batch == batch


def test_a_second_export_leaves_out_the_requests_already_in_a_batch(approve, operator):
    first = approve("300.00")
    payouts.export_batch([first], operator)
    later = approve("60.00")

    with pytest.raises(payouts.PayoutError, match="Approved"):
        payouts.export_batch([first, later], operator)
    assert PayoutBatch.objects.count() == 1
    later.refresh_from_db()
    assert later.state == State.APPROVED and later.batch is None

    client, _user = operator_client()
    response = client.post(PAYOUTS + "export/", {"currency": "EUR"})
    assert ids_in(response.content) == [str(later.pk)]
    assert PayoutBatch.objects.count() == 2
    first.refresh_from_db()
    later.refresh_from_db()
    assert first.batch != later.batch


def test_one_currency_per_batch(approve, operator):
    euro, dollar = approve("100.00"), approve("100.00", "USD")
    with pytest.raises(payouts.PayoutError, match="one currency"):
        payouts.export_batch([euro, dollar], operator)
    assert not PayoutBatch.objects.exists()

    client, _user = operator_client()
    html = page(client.get(PAYOUTS))
    assert "Export approved EUR as a batch (1)" in html
    assert "Export approved USD as a batch (1)" in html
    response = client.post(PAYOUTS + "export/", {"currency": "USD"})
    assert ids_in(response.content) == [str(dollar.pk)]
    assert PayoutBatch.objects.get().currency == "USD"
    euro.refresh_from_db()
    assert euro.state == State.APPROVED


def test_the_batch_file_downloads_again_byte_for_byte(approve):
    approve("120.50", first_name="Anna", last_name="Adler")
    approve("90.00", first_name="=cmd", last_name="Бауэр")
    client, user = operator_client()
    exported = client.post(PAYOUTS + "export/", {"currency": "EUR"})
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    batch = PayoutBatch.objects.get()
    assert batch.created_by == user

    html = page(client.get(BATCHES))
    assert f"{BATCHES}{batch.pk}/download/" in html
    assert "210.50 EUR" in html and "Olga Ops" in html

    again = client.get(f"{BATCHES}{batch.pk}/download/")
    assert again.status_code == 200 and again["Content-Type"].startswith("text/csv")
    assert again.content == exported.content
    assert again["Content-Disposition"] == exported["Content-Disposition"]
    assert batch.filename in again["Content-Disposition"]
    assert "'=cmd Бауэр" in again.content.decode()


def test_marking_a_batch_paid_writes_each_requests_entries_once(approve, operator):
    paid, failing, other = approve("300.00"), approve("200.00"), approve("100.00")
    batch = payouts.export_batch([paid, failing], operator)
    payouts.export_batch([other], operator)
    payouts.mark_failed(failing, operator)  # the bank refused this one

    client, _user = operator_client()
    html = page(client.post(f"{BATCHES}{batch.pk}/paid/", follow=True))
    assert f"Batch {batch.pk}: 1 payout request is marked paid." in html

    for request in (paid, failing, other):
        request.refresh_from_db()
    assert paid.state == State.PAID and paid.settled_at is not None
    assert failing.state == State.FAILED  # failed stays failed
    assert other.state == State.EXPORTED  # another batch is untouched
    batch.refresh_from_db()
    assert batch.paid_at is not None and batch.paid_by is not None
    cash = payouts.ledger.company_account(LedgerAccountKind.COMPANY_CASH, "EUR")
    assert payouts.ledger.balance(cash) == Decimal("-300.00")
    assert LedgerTransaction.objects.filter(
        idempotency_key=f"payout:{paid.pk}:paid").count() == 1
    assert not LedgerTransaction.objects.filter(
        idempotency_key=f"payout:{failing.pk}:paid").exists()

    # Twice: nothing more is written.
    count = LedgerTransaction.objects.count()
    assert payouts.mark_batch_paid(batch, operator) == []
    client.post(f"{BATCHES}{batch.pk}/paid/")
    assert LedgerTransaction.objects.count() == count
    assert payouts.ledger.balance(cash) == Decimal("-300.00")

    # A paid request of the batch can still come back on its own.
    payouts.mark_returned(paid, operator)
    paid.refresh_from_db()
    assert paid.state == State.RETURNED


def test_the_request_list_filters_by_batch(approve, operator):
    first, second = approve("300.00"), approve("60.00")
    batch = payouts.export_batch([first], operator)
    client, _user = operator_client()
    html = page(client.get(PAYOUTS, {"batch": batch.pk}))
    assert f"?batch={batch.pk}" in html and "300.00 EUR" in html and "60.00 EUR" not in html
    assert second.batch is None


def test_staff_without_the_payout_permission_cannot_see_download_or_pay_batches(
    client, approve, operator
):
    request = approve("300.00")
    batch = payouts.export_batch([request], operator)
    count = LedgerTransaction.objects.count()
    sign_in_to_admin(client, staff_with("view_payoutrequest"))
    assert client.get(BATCHES).status_code in (302, 403)
    download = client.get(f"{BATCHES}{batch.pk}/download/")
    assert download.status_code in (302, 403) and batch.file_bytes() not in download.content
    client.post(f"{BATCHES}{batch.pk}/paid/")
    request.refresh_from_db()
    assert request.state == State.EXPORTED
    assert LedgerTransaction.objects.count() == count


def test_staff_with_the_payout_permission_may_work_with_batches(client, approve, operator):
    request = approve("300.00")
    batch = payouts.export_batch([request], operator)
    sign_in_to_admin(client, staff_with("change_payoutrequest"))
    assert client.get(BATCHES).status_code == 200
    assert client.get(f"{BATCHES}{batch.pk}/download/").content == batch.file_bytes()
    client.post(f"{BATCHES}{batch.pk}/paid/")
    request.refresh_from_db()
    assert request.state == State.PAID
