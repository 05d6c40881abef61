import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from orders.models import Order

HEADER = "id,partner_id,created_at,volume,status\n"


@pytest.fixture
def partners(make_partner):
    alice, bob = make_partner(), make_partner()
    alice.external_id = "P001"
    alice.save(update_fields=["external_id"])
    return alice, bob


def write(tmp_path, text, name="orders.csv"):
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def run(path):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_orders", str(path), stdout=out, stderr=err)
    except CommandError as failure:
        return failure.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_orders_import_by_external_id_or_referral_code(tmp_path, partners):
    alice, bob = partners
    path = write(tmp_path, (
        "O1,P001,2026-10-01T10:00:00Z,120.50,paid\n"
        f"O2,{bob.referral_code},2026-10-02T11:30:00Z,40,refunded\n"
    ))
    code, out, err = run(path)
    assert (code, err) == (0, "")
    assert "Imported 2 orders" in out
    one, two = Order.objects.order_by("external_id")
    assert (one.partner, one.volume, one.status, one.source) == (
        alice, Decimal("120.50"), "paid", "import")
    assert (two.partner, two.volume, two.status) == (bob, Decimal("40.00"), "refunded")
    assert one.created_at.isoformat() == "2026-10-01T10:00:00+00:00"


def test_a_bad_file_imports_nothing_and_names_every_bad_line(tmp_path, partners):
    path = write(tmp_path, (
        "O1,P001,2026-10-01T10:00:00Z,120.50,paid\n"
        "O2,NOBODY,2026-10-01T10:00:00Z,10,paid\n"
        "O3,P001,yesterday,10,paid\n"
        "O4,P001,2026-10-01T10:00:00Z,-5,paid\n"
        "O5,P001,2026-10-01T10:00:00Z,ten,paid\n"
        "O6,P001,2026-10-01T10:00:00Z,10,pending\n"
        "O1,P001,2026-10-01T10:00:00Z,10,paid\n"
    ))
    code, out, err = run(path)
    assert code == 2
    lines = err.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        f"{path}, line {number}" for number in (3, 4, 5, 6, 7, 8)
    ]
    assert "unknown partner NOBODY" in lines[0]
    assert "created_at is not an ISO 8601 UTC time" in lines[1]
    assert "volume cannot be negative" in lines[2]
    assert "volume is not a decimal number" in lines[3]
    assert "status must be paid or refunded" in lines[4]
    assert "duplicate id O1 (first on line 2)" in lines[5]
    assert not Order.objects.exists()


def test_a_wrong_header_is_one_problem(tmp_path, partners):
    path = tmp_path / "orders.csv"
    path.write_text("order,partner\nO1,P001\n", encoding="utf-8")
    code, _out, err = run(path)
    assert code == 2
    expected = "the header must be id,partner_id,created_at,volume,status"
    assert err.strip() == f"{path}, line 1: {expected}"


def test_importing_the_same_file_again_adds_nothing(tmp_path, partners):
    path = write(tmp_path, "O1,P001,2026-10-01T10:00:00Z,120.50,paid\n")
    assert run(path)[0] == 0
    # A second file repeating O1 beside a new order: reported, and the new one waits too.
    again = write(tmp_path, (
        "O9,P001,2026-10-03T10:00:00Z,5,paid\n"
        "O1,P001,2026-10-01T10:00:00Z,120.50,paid\n"
    ), name="again.csv")
    code, _out, err = run(again)
    assert code == 2
    assert err.strip() == f"{again}, line 3: order O1 was already imported"
    assert list(Order.objects.values_list("external_id", flat=True)) == ["O1"]
    assert run(path)[0] == 2
    assert Order.objects.count() == 1


def test_a_missing_file_exits_2(tmp_path, db):
    assert run(tmp_path / "nothing.csv")[0] == 2
