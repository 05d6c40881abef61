"""Team snapshots: every figure checked against a tree built by hand."""

import io

import pytest
from django.utils import timezone

from network import services, snapshots, tasks
from network.models import Partner, PlacementPolicy, TeamSnapshot
from network.partners_import import import_partners
from tests.factories import UserFactory

T = "2025-01-02T03:04:05Z"

# Sponsor tree: ROOT -> A, B; A -> C, D; C -> E; B -> F; E -> H (H joins later, unplaced).
# Placement:   ROOT L=A R=B; A L=C R=D; B L=E; C L=F.
# Statuses:    B inactive, D terminated, everyone else active.
TREE = """id,sponsor_id,placement_parent_id,placement_leg,joined_at,status
ROOT,,,,{T},active
A,ROOT,ROOT,L,{T},active
B,ROOT,ROOT,R,{T},inactive
C,A,A,L,{T},active
D,A,A,R,{T},terminated
E,C,B,L,{T},active
F,B,C,L,{T},active
""".replace("{T}", T)

FIELDS = ["team_size", "active_count", "personally_sponsored", "left_count", "right_count",
          "left_active", "right_active"]

# Worked out by hand from the drawing above.
EXPECTED = {
    "ROOT": (7, 5, 2, 4, 2, 3, 1),
    "A": (4, 3, 2, 2, 1, 2, 0),
    "B": (1, 1, 1, 1, 0, 1, 0),
    "C": (2, 2, 1, 1, 0, 1, 0),
    "D": (0, 0, 0, 0, 0, 0, 0),
    "E": (1, 1, 1, 0, 0, 0, 0),
    "F": (0, 0, 0, 0, 0, 0, 0),
    "H": (0, 0, 0, 0, 0, 0, 0),
}


@pytest.fixture
def tree(db, set_policy):
    import_partners(io.StringIO(TREE), recompute_snapshots=False)
    partners = {p.external_id: p for p in Partner.objects.all()}
    set_policy(PlacementPolicy.HOLDING_TANK)
    partners["H"] = services.enrol(UserFactory(), partners["E"])
    Partner.objects.filter(pk=partners["H"].pk).update(external_id="H")
    return partners


def figures():
    return {
        snapshot.partner.external_id: tuple(getattr(snapshot, field) for field in FIELDS)
        for snapshot in TeamSnapshot.objects.select_related("partner")
    }


def test_every_figure_matches_the_hand_built_tree(tree):
    before = timezone.now()
    assert snapshots.recompute() == 8
    assert figures() == EXPECTED
    assert all(s.computed_at >= before for s in TeamSnapshot.objects.all())


def test_a_recompute_replaces_the_old_figures(tree, set_policy):
    snapshots.recompute()
    set_policy(PlacementPolicy.HOLDING_TANK, change_window_days=0)  # joined in 2025
    staff = UserFactory(is_staff=True)
    # F moves from B's team to E's (sponsor), and from C's left to E's left (placement).
    services.change_sponsor(tree["F"], tree["E"], staff_user=staff, reason="r")
    services.change_placement(tree["F"], tree["E"], "L", staff_user=staff, reason="r")
    assert snapshots.recompute() == 8
    after = figures()
    assert TeamSnapshot.objects.count() == 8
    assert after["B"] == (0, 0, 0, 2, 0, 2, 0)
    assert after["E"] == (2, 2, 2, 1, 0, 1, 0)
    assert after["C"] == (3, 3, 1, 0, 0, 0, 0)
    assert after["A"] == (5, 4, 2, 1, 1, 1, 0)
    assert after["ROOT"] == (7, 5, 2, 3, 3, 2, 2)


def test_the_celery_task_recomputes(tree):
    assert tasks.recompute_snapshots.delay().get() == 8
    assert figures() == EXPECTED


def test_compute_is_pure_and_counts_from_rows():
    rows = [
        # id, sponsor, parent, leg, status, sponsor depth, placement depth
        (1, None, None, None, "active", 0, 0),
        (2, 1, 1, "R", "active", 1, 1),
        (3, 2, 2, "L", "terminated", 2, 2),
        (4, 3, None, None, "active", 3, None),  # unplaced
    ]
    assert snapshots.compute(rows) == {
        1: (3, 2, 1, 0, 2, 0, 1),
        2: (2, 1, 1, 1, 0, 0, 0),
        3: (1, 1, 1, 0, 0, 0, 0),
        4: (0, 0, 0, 0, 0, 0, 0),
    }


def test_an_empty_network_has_no_snapshots(db):
    assert snapshots.recompute() == 0
    assert not TeamSnapshot.objects.exists()
