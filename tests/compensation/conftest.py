import io
import json

import pytest
from rest_framework.test import APIClient

from compensation.models import PlanVersion
from network.models import Partner
from network.partners_import import import_partners
from orders.imports import import_orders
from tests.compensation.test_reference_plan import REFERENCE
from tests.factories import UserFactory
from tests.network.conftest import make_partner, network_root  # noqa: F401 (fixtures)
from tests.orders.conftest import catalogue  # noqa: F401 (fixture)

EXAMPLE = REFERENCE / "example"


def reference_rules():
    return json.loads((REFERENCE / "plan.json").read_text())


@pytest.fixture
def plan(db):
    return PlanVersion.objects.create(
        name="Reference", version=1, state=PlanVersion.State.PUBLISHED,
        rules=reference_rules(), effective_from="2026-01-01",
    )


@pytest.fixture
def example(db):
    """The reference example network and its orders (October 2026)."""
    import_partners(io.StringIO((EXAMPLE / "partners.csv").read_text()),
                    recompute_snapshots=False)
    import_orders(io.StringIO((EXAMPLE / "orders.csv").read_text()))
    return {p.external_id: p for p in Partner.objects.all()}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)
