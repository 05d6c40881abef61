"""Fixtures of the compensation tests: the reference plan published, its example network
with its orders, a run of October 2026 posted over them, drafts of the plan, and an
operator signed in to the admin."""

import io

import pytest

from compensation import commission_runs
from compensation.models import PlanVersion
from network.models import Partner
from network.partners_import import import_partners
from orders.imports import import_orders
from tests.compensation.helpers import EXAMPLE, reference_rules
from tests.factories import UserFactory
from tests.helpers import sign_in_to_admin


def reference_version(state):
    return PlanVersion.objects.create(
        name="Reference", version=1, state=state, rules=reference_rules(),
        effective_from="2026-01-01",
    )


@pytest.fixture
def plan(db):
    return reference_version(PlanVersion.State.PUBLISHED)


@pytest.fixture
def published(plan):
    """The published reference plan, by the name the admin tests give it."""
    return plan


@pytest.fixture
def example(db):
    """The reference example network and its orders (October 2026)."""
    import_partners(io.StringIO((EXAMPLE / "partners.csv").read_text()),
                    recompute_snapshots=False)
    import_orders(io.StringIO((EXAMPLE / "orders.csv").read_text()))
    return {p.external_id: p for p in Partner.objects.all()}


@pytest.fixture
def network(example):
    """The reference example network, by the name the run tests give it."""
    return example


@pytest.fixture
def posted_run(example, published):
    """The run of October 2026 over the reference example, calculated, approved, posted."""
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.approve_run(run, None)
    commission_runs.post_run(run)
    return run


@pytest.fixture
def draft(db):
    """The reference plan as a draft, to edit."""
    return reference_version(PlanVersion.State.DRAFT)


@pytest.fixture
def richer_draft(plan):
    """A draft beside the published plan paying more on the first unilevel levels."""
    rules = reference_rules()
    rules["unilevel"]["percent"] = ["10", "5", "4", "3", "2", "1", "1"]
    return PlanVersion.objects.create(name="Richer first level", version=2, rules=rules,
                                      effective_from="2027-01-01")


@pytest.fixture
def operator(client):
    """A superuser signed in to the admin (test client)."""
    return sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))
