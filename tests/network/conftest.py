import os

import pytest
from django.db import connection

from network import services
from network.models import NetworkSettings, Partner
from tests.factories import UserFactory

# On a developer's machine the PostgreSQL-only tests skip on SQLite; in CI
# (REQUIRE_SERVICES=1) a skip would hide a missing database, so they fail instead.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def require_postgresql(reason):
    """Skip the calling test unless it runs on PostgreSQL (fail instead in CI)."""
    if connection.vendor == "postgresql":
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but the database is {connection.vendor}: {reason}")
    pytest.skip(reason)


@pytest.fixture
def network_settings(db):
    return NetworkSettings.load()


@pytest.fixture
def set_policy(network_settings):
    def set_policy(policy, **fields):
        network_settings.placement_policy = policy
        for name, value in fields.items():
            setattr(network_settings, name, value)
        network_settings.save()
        return network_settings

    return set_policy


@pytest.fixture
def network_root(db):
    return services.create_root(display_name="Company")


@pytest.fixture
def make_partner(network_root):
    """make_partner(sponsor=None, **user fields) enrols a new user under `sponsor`."""

    def make_partner(sponsor=None, **user_fields):
        user = UserFactory(**user_fields)
        return services.enrol(user, sponsor or network_root)

    return make_partner


# --- the trees' invariants, checked from the stored rows --------------------------------


def tree_rows():
    return {
        row[0]: row
        for row in Partner.objects.values_list(
            "id", "sponsor_id", "sponsor_depth", "placement_parent_id", "placement_leg",
            "placement_depth",
        )
    }


def computed_depths(parent_of):
    """Depth of every node from the root by walking up; AssertionError on a cycle."""
    depth = {}
    for start in parent_of:
        walk, node, seen = [], start, set()
        while node is not None and node not in depth:
            assert node not in seen, f"cycle through {node}"
            assert node in parent_of, f"{walk[-1]} points at a missing partner {node}"
            seen.add(node)
            walk.append(node)
            node = parent_of[node]
        base = -1 if node is None else depth[node]
        for item in reversed(walk):
            base += 1
            depth[item] = base
    return depth


def assert_trees_valid():
    """Every invariant both trees must keep, whatever happened to them.

    One root without a sponsor; every other partner has one; neither tree has a cycle;
    stored depths equal the walked ones; each placement slot holds one partner; an
    unplaced partner has no placement parent, leg or children.
    """
    rows = tree_rows()
    if not rows:
        return
    roots = [pk for pk, row in rows.items() if row[1] is None]
    assert len(roots) == 1, f"roots: {roots}"
    sponsor_depth = computed_depths({pk: row[1] for pk, row in rows.items()})
    for pk, row in rows.items():
        assert row[2] == sponsor_depth[pk], (
            f"sponsor_depth of {pk}: {row[2]} != {sponsor_depth[pk]}"
        )

    placed = {pk: row for pk, row in rows.items() if row[5] is not None}
    assert roots[0] in placed and placed[roots[0]][3] is None, "the root heads the placement tree"
    placement_depth = computed_depths({pk: row[3] for pk, row in placed.items()})
    slots = {}
    for pk, row in rows.items():
        if row[5] is None:
            assert row[3] is None and row[4] is None, f"unplaced {pk} has a slot"
            continue
        assert row[5] == placement_depth[pk], (
            f"placement_depth of {pk}: {row[5]} != {placement_depth[pk]}"
        )
        assert row[3] is not None or pk == roots[0], f"{pk} is placed without a parent"
        if row[3] is not None:
            assert row[4] in ("L", "R"), f"{pk} has leg {row[4]!r}"
            assert row[3] in placed, f"{pk} sits under the unplaced {row[3]}"
            assert (row[3], row[4]) not in slots, f"slot {row[3]}/{row[4]} held twice"
            slots[row[3], row[4]] = pk
    return rows


@pytest.fixture
def valid_trees():
    """The invariant check as a fixture, for tests that prefer fixtures over imports."""
    return assert_trees_valid
