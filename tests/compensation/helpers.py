"""Helpers of the compensation tests: the reference plan kept with the tests, the small
inputs the plan command is run on, and reading the plan admin's forms."""

import json
from decimal import Decimal
from pathlib import Path

from bs4 import BeautifulSoup

from compensation.engine.__main__ import main
from wallet import ledger

ROOT = Path(__file__).resolve().parents[2]
# A copy of ../shared/reference-plan kept with the tests, so the suite stands on its own.
REFERENCE = ROOT / "tests" / "fixtures" / "reference-plan"

PARTNERS = """id,sponsor_id,placement_parent_id,placement_leg,joined_at,status
A,,,,2026-01-01T00:00:00Z,active
B,A,A,L,2026-01-02T00:00:00Z,active
C,B,B,L,2026-10-05T00:00:00Z,active
D,A,A,R,2026-01-03T00:00:00Z,active
"""
ORDERS = """id,partner_id,created_at,volume,status
1,A,2026-10-01T00:00:00Z,100.00,paid
2,B,2026-10-02T00:00:00Z,100.00,paid
3,C,2026-10-06T00:00:00Z,1000.00,paid
4,D,2026-10-07T00:00:00Z,300.00,paid
5,D,2026-09-30T23:59:59Z,999.00,paid
6,C,2026-10-08T00:00:00Z,500.00,refunded
"""


def run(tmp_path, partners=PARTNERS, orders=ORDERS, carry=None, period="2026-10",
        plan=None):
    (tmp_path / "partners.csv").write_text(partners)
    (tmp_path / "orders.csv").write_text(orders)
    args = ["calculate", "--plan", str(plan or REFERENCE / "plan.json"),
            "--partners", str(tmp_path / "partners.csv"),
            "--orders", str(tmp_path / "orders.csv"), "--period", period,
            "--out", str(tmp_path / "results.csv")]
    if carry is not None:
        (tmp_path / "carry.csv").write_text(carry)
        args += ["--carry-in", str(tmp_path / "carry.csv")]
    return main(args)


EXAMPLE = REFERENCE / "example"


def reference_rules():
    return json.loads((REFERENCE / "plan.json").read_text())


def wallet_totals(network):
    return {
        external: sum(ledger.wallet_balances(partner).values(), Decimal(0))
        for external, partner in network.items()
    }


# --- the plan admin ----------------------------------------------------------------------

PLANS = "/admin/network/plans/"
RUNS = "/admin/network/runs/"


def draft_data(rules, **fields):
    return {"name": "Summer", "version": "1", "effective_from": "2026-11-01",
            "rules": rules if isinstance(rules, str) else json.dumps(rules), **fields}


def field_errors(html):
    """The error text shown on the rules field."""
    field = html.split('data-contentpath="rules"', 1)[1]
    return " ".join(field.split('data-field-help', 1)[0].split())


def form_data(html):
    """What a browser would send for the editor form as the page shows it."""
    form = BeautifulSoup(html, "html.parser").find("form", id="w-editor-form")
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.find_parent("template"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def errors_at(html, name):
    """The error messages shown at the field called `name`, as text."""
    soup = BeautifulSoup(html, "html.parser")
    field = soup.find(attrs={"name": name})
    assert field is not None, name
    wrapper = field.find_parent(class_="w-field__wrapper")
    return " ".join(
        error.get_text(" ", strip=True) for error in wrapper.find_all(class_="error-message")
    )
