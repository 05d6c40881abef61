"""Schema fuzzing: every operation of /api/schema/ is called with requests generated from
the schema itself (valid ones and invalid ones), as a partner and as a staff member, and
every answer must be what the schema says: no server error, only documented status codes
and content types, bodies matching their schemas, invalid input refused and valid input
accepted.

The schema is loaded from the live application (WSGI, in process), so the test holds the
schema and the server to each other. Generation is deterministic (a fixed seed and
derandomized Hypothesis), so a run cannot flake; the number of examples is kept small
enough for the whole test to take about a minute.
"""

import datetime
import itertools
import time
from decimal import Decimal

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from rest_framework.authtoken.models import Token
from schemathesis.pytest.lazy import get_all_tests

from network import ledger, services
from network.models import (
    CommissionLine,
    CommissionRun,
    Order,
    OrderLine,
    OrderStatus,
    PlanVersion,
    Product,
    ProductPrice,
)
from tests.accounts.helpers import enable_totp
from tests.compensation.test_reference_plan import REFERENCE
from tests.factories import UserFactory

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
    """A company root, a partner in the middle of a small team (two levels below them,
    one waiting in their holding tank), products with prices, paid orders, a posted
    commission run with bonus lines and a wallet with money in it."""
    import json

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
def token(request, db):
    network = believable_network()
    if request.param == "partner":
        user = network["partner"].user
    else:
        # Staff powers need a second factor: the staff member has an authenticator.
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


def test_every_operation_answers_as_its_schema_says(token):
    network = token
    schema = load_schema(network)
    headers = {"Authorization": f"Token {network['token']}"}
    calls = itertools.count(1)

    def call(case):
        next(calls)
        case.call_and_validate(headers=headers)

    operations, failures = 0, []
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
    print(f"{operations} operations, {next(calls) - 1} requests")
    assert operations >= 23
    assert not failures, "\n\n".join(failures)
