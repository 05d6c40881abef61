"""Schema fuzzing: every operation of /api/schema/ is called with requests generated from
the schema itself (valid ones and invalid ones), as a partner and as a staff member, and
every answer must be what the schema says: no server error, only documented status codes
and content types, bodies matching their schemas, and input the schema calls invalid
refused (an empty ?tree= included). Valid-by-schema input may still be refused for what
no schema can say (a payout above the wallet's balance, a code chosen once already, a
cursor the server did not issue, a date range longer than allowed), so acceptance of
valid input is checked by the constraints the schema shows (tests/api/test_schema_contract.py).

The schema is loaded from the live application (WSGI, in process), so the test holds the
schema and the server to each other. Generation is deterministic (a fixed seed and
derandomized Hypothesis), so a run cannot flake; the number of examples is kept small
enough for the whole test to take about a minute of CPU on SQLite or PostgreSQL.
"""

import datetime
import itertools
import json
import time
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from rest_framework.authtoken.models import Token
from schemathesis.pytest.lazy import get_all_tests

from compensation.models import CommissionLine, CommissionRun, PlanVersion
from network import services
from orders.models import Order, OrderLine, OrderStatus, Product, ProductPrice
from tests.accounts.helpers import enable_totp
from tests.compensation.helpers import REFERENCE
from tests.factories import UserFactory
from wallet import ledger

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 6
SEED = 20261206
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
]


def believable_network():
    """A company root, a partner in the middle of a small team (two levels below them)
    and an outsider, a product with prices, paid orders, a posted commission run with
    bonus lines and a wallet with money in it."""
    root = services.create_root(display_name="Company")
    partner_user = UserFactory(email="partner@fuzz.example")
    partner = services.enrol(partner_user, root, display_name="Maria Partner")
    team = []
    for index in range(4):
        team.append(services.enrol(UserFactory(), partner, display_name=f"Member {index}"))
    for index in range(3):
        team.append(services.enrol(UserFactory(), team[index % 2], display_name=f"Deep {index}"))
    outsider = services.enrol(UserFactory(), root, display_name="Someone Else")

    shake = Product.objects.create(sku="SHAKE", name="Protein shake", pv=Decimal("25.50"),
                                   bv=Decimal("20"))
    ProductPrice.objects.create(product=shake, currency="EUR", amount=Decimal("45.00"))
    ProductPrice.objects.create(product=shake, currency="USD", amount=Decimal("49.99"))
    plan = PlanVersion.objects.create(
        name="Reference", version=1, state=PlanVersion.State.PUBLISHED,
        rules=json.loads((REFERENCE / "plan.json").read_text()), effective_from="2026-01-01",
    )
    last_month = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1))
    run = CommissionRun.objects.create(
        period=last_month.strftime("%Y-%m"), plan_version=plan, state=CommissionRun.State.POSTED,
    )
    orders = []
    for buyer in [partner, *team]:
        order = Order.objects.create(
            partner=buyer, currency="EUR", status=OrderStatus.PAID, total=Decimal("45.00"),
            volume=Decimal("25.50"), external_id=f"shop-{buyer.pk}",
        )
        OrderLine.objects.create(order=order, product=shake, quantity=1,
                                 unit_price=Decimal("45.00"), pv=Decimal("25.50"))
        orders.append(order)
    for level, order in enumerate(orders[1:], start=1):
        CommissionLine.objects.create(run=run, partner=partner, kind="unilevel",
                                      amount=Decimal("4.50"), order=order,
                                      source_partner=order.partner, level=level)
    ledger.post_bonus(partner, Decimal("600.00"), "EUR", f"fuzz-bonus:{run.pk}")
    return {
        "root": root, "partner": partner, "team": team, "outsider": outsider,
        "orders": orders, "plan": plan,
    }


@pytest.fixture(params=["partner", "staff"])
def network(request, db):
    """The network and an API token: the partner's, or a staff member's."""
    network = believable_network()
    if request.param == "partner":
        user = network["partner"].user
    else:
        # Staff powers need a second factor: the staff member has an authenticator, and
        # the token is made after it, as the token endpoint issues it with a code.
        user = UserFactory(email="operator@fuzz.example", is_staff=True, is_superuser=True)
        enable_totp(user)
    network["token"] = Token.objects.create(user=user).key
    return network


def load_schema(network):
    """The live application's schema, with the network's real ids offered to the
    generator half of the time (so paths reach real partners as well as missing ones)."""
    partner_ids = sorted(
        {network["partner"].pk, network["outsider"].pk, network["root"].pk}
        | {member.pk for member in network["team"]}
    )
    config = schemathesis.Config.from_dict({
        "seed": SEED,
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True,
                       "no-shrink": True},
        # Coverage (deterministic boundary and invalid values per parameter), examples and
        # fuzzing; unexpected methods are Django's 405 and are left to its own tests.
        "phases": {
            "stateful": {"enabled": False},
            "coverage": {"unexpected-methods": [], "generate-duplicate-query-parameters": False},
        },
        "checks": {name: {"enabled": True} for name in CHECKS} | {"enabled": False},
        "dictionaries": {
            "partners": {"values": partner_ids},
            "plan-versions": {"values": [network["plan"].pk]},
        },
        "parameters": {
            "path.id": {"dictionary": "partners", "probability": 0.5},
            "query.partner": {"dictionary": "partners", "probability": 0.5},
            "query.version": {"dictionary": "plan-versions", "probability": 0.5},
            "query.compare": {"dictionary": "plan-versions", "probability": 0.5},
            "body.parent": {"dictionary": "partners", "probability": 0.5},
        },
    })
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=config)


@pytest.fixture
def connection_kept():
    """Requests go straight to the WSGI application, so Django's end-of-request hook would
    close the test's database connection (and its transaction) on PostgreSQL; its own test
    client unhooks it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.heavy
def test_every_operation_answers_as_its_schema_says(network, connection_kept):
    schema = load_schema(network)
    headers = {"Authorization": f"Token {network['token']}"}
    calls = itertools.count(1)

    answered = set()  # the operations that answered 2xx at least once

    def call(case):
        next(calls)
        response = case.call_and_validate(headers=headers)
        if response.status_code < 300:
            answered.add(case.operation.label)

    operations, failures = 0, []
    # One Hypothesis test per operation, as schemathesis' pytest plugin builds them (its
    # fixture-based loader does not run under pytest 9), each run here in turn.
    for result in get_all_tests(schema=schema, test_func=call, settings=None, given_kwargs={}):
        operation, run_operation = result.ok()
        operations += 1
        started = time.monotonic()
        try:
            run_operation()
        except BaseException as failure:
            if isinstance(failure, KeyboardInterrupt | SystemExit):
                raise
            # Every operation is run; what failed is reported together at the end.
            failures.append(f"{operation.label}: {failure}")
        print(operation.label, round(time.monotonic() - started, 1), next(calls) - 1)
    print(f"{operations} operations, {next(calls) - 1} requests, {len(answered)} answered 2xx")
    assert operations >= 23
    assert not failures, "\n\n".join(failures)
    # Not a run of refusals: the token works, and most operations did their job.
    assert {"GET /api/v1/me/", "GET /api/v1/network/downline/", "GET /api/v1/money/wallet/",
            "GET /api/v1/orders/team/", "GET /api/v1/reports/rank-card/"} <= answered
    assert len(answered) >= 15, sorted(answered)
