"""The trees under concurrent writers, on PostgreSQL (SQLite serializes every writer, so
there is nothing to race there): simultaneous sign-ups under one sponsor, moves that
together would close a loop, raw writes racing past the services, and sign-ups racing
moves of their own upline."""


import pytest
from django.db import DatabaseError, IntegrityError, transaction

from network import services
from network.models import Partner, PlacementPolicy
from network.services import NetworkError
from tests.factories import UserFactory
from tests.helpers import require_postgresql, run_at_once
from tests.network.helpers import assert_trees_valid, computed_depths

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SIGNUPS = 50


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    require_postgresql("concurrent writers need PostgreSQL; SQLite serializes them")


def assert_acyclic():
    rows = list(Partner.objects.values_list("id", "sponsor_id", "placement_parent_id"))
    computed_depths({pk: sponsor for pk, sponsor, _parent in rows})
    computed_depths({pk: parent for pk, _sponsor, parent in rows})


@pytest.mark.parametrize("policy", [
    PlacementPolicy.EXTREME_LEFT, PlacementPolicy.WEAKER_LEG, PlacementPolicy.BREADTH_FIRST,
])
def test_fifty_simultaneous_sign_ups_under_one_sponsor(network_root, make_partner, set_policy,
                                                      policy):
    set_policy(PlacementPolicy.EXTREME_RIGHT)
    sponsor = make_partner()  # root's right, so the sponsor's own slots start empty
    set_policy(policy)
    users = [UserFactory() for _ in range(SIGNUPS)]
    results, errors = run_at_once([
        (lambda user=user: services.enrol(user, sponsor).pk) for user in users
    ])
    assert errors == [None] * SIGNUPS

    newcomers = Partner.objects.filter(pk__in=results)
    assert newcomers.count() == SIGNUPS
    assert set(newcomers.values_list("sponsor_id", flat=True)) == {sponsor.pk}
    assert not newcomers.filter(placement_depth__isnull=True).exists()  # all placed, once
    slots = list(newcomers.values_list("placement_parent_id", "placement_leg"))
    assert len(set(slots)) == SIGNUPS
    rows = assert_trees_valid()
    # Everyone landed inside the sponsor's placement team.
    for pk in results:
        node = pk
        while node not in (sponsor.pk, None):
            node = rows[node][3]
        assert node == sponsor.pk
    depths = sorted(newcomers.values_list("placement_depth", flat=True))
    if policy == PlacementPolicy.EXTREME_LEFT:
        assert depths == list(range(2, 2 + SIGNUPS))  # one long left edge
    if policy == PlacementPolicy.BREADTH_FIRST:
        assert depths == sorted([2] * 2 + [3] * 4 + [4] * 8 + [5] * 16 + [6] * 20)


def family(make_partner, set_policy):
    """Two sibling partners, each with a chain of two below in both trees."""
    set_policy(PlacementPolicy.EXTREME_LEFT)
    a = make_partner()
    a1 = make_partner(a)
    a2 = make_partner(a1)
    set_policy(PlacementPolicy.EXTREME_RIGHT)
    b = make_partner()
    b1 = make_partner(b)
    b2 = make_partner(b1)
    return a, a2, b, b2


@pytest.mark.parametrize("round_", range(3))
def test_two_moves_that_together_make_a_sponsor_cycle(network_root, make_partner, set_policy,
                                                     round_):
    a, a2, b, b2 = family(make_partner, set_policy)
    staff = UserFactory(is_staff=True)
    _results, errors = run_at_once([
        lambda: services.change_sponsor(a, b2, staff_user=staff, reason="race"),
        lambda: services.change_sponsor(b, a2, staff_user=staff, reason="race"),
    ])
    assert sum(error is None for error in errors) == 1
    refusal = next(error for error in errors if error is not None)
    assert isinstance(refusal, NetworkError) and refusal.code == "cycle"
    assert_trees_valid()


@pytest.mark.parametrize("round_", range(3))
def test_two_moves_that_together_make_a_placement_cycle(network_root, make_partner,
                                                       set_policy, round_):
    a, a2, b, b2 = family(make_partner, set_policy)
    staff = UserFactory(is_staff=True)
    _results, errors = run_at_once([
        lambda: services.change_placement(a, b2, "L", staff_user=staff, reason="race"),
        lambda: services.change_placement(b, a2, "R", staff_user=staff, reason="race"),
    ])
    assert sum(error is None for error in errors) == 1
    assert_trees_valid()


def raw_move(partner, **fields):
    def move():
        with transaction.atomic():
            Partner.objects.filter(pk=partner.pk).update(**fields)
    return move


@pytest.mark.parametrize("round_", range(3))
@pytest.mark.parametrize("field", ["sponsor", "placement_parent"])
def test_raw_writes_racing_past_the_services_cannot_make_a_cycle(network_root, make_partner,
                                                                 set_policy, field, round_):
    """The database trigger alone, with nobody taking the services' lock first."""
    a, a2, b, b2 = family(make_partner, set_policy)
    _results, errors = run_at_once([raw_move(a, **{field: b2}), raw_move(b, **{field: a2})])
    assert sum(error is None for error in errors) <= 1
    assert all(error is None or isinstance(error, DatabaseError) for error in errors)
    assert_acyclic()


@pytest.mark.parametrize("round_", range(3))
@pytest.mark.parametrize("field", ["sponsor", "placement_parent"])
def test_two_leaves_made_each_others_parent_at_once(network_root, make_partner, set_policy,
                                                   field, round_):
    set_policy(PlacementPolicy.EXTREME_LEFT)
    left = make_partner()
    set_policy(PlacementPolicy.EXTREME_RIGHT)
    right = make_partner()
    _results, errors = run_at_once([
        raw_move(left, **{field: right}), raw_move(right, **{field: left})
    ])
    assert sum(error is None for error in errors) <= 1
    assert all(error is None or isinstance(error, DatabaseError) for error in errors)
    assert_acyclic()


def test_sign_ups_racing_moves_of_their_upline_keep_depths_true(network_root, make_partner,
                                                                set_policy):
    """Regression: a move that shifted a subtree's depths while a sign-up below it was
    being committed left the newcomer's depth as it was before the move."""
    set_policy(PlacementPolicy.EXTREME_LEFT)
    moved = make_partner()
    deep = make_partner(make_partner(moved))
    set_policy(PlacementPolicy.EXTREME_RIGHT)
    targets = [make_partner(), make_partner()]
    targets.append(make_partner(targets[1]))
    set_policy(PlacementPolicy.EXTREME_LEFT)
    staff = UserFactory(is_staff=True)
    users = [UserFactory() for _ in range(16)]

    def move_to(target):
        def move():
            try:
                services.change_sponsor(moved, target, staff_user=staff, reason="race")
            except NetworkError as error:
                assert error.code == "same"
        return move

    jobs = [(lambda user=user: services.enrol(user, deep)) for user in users]
    for index in range(8):
        jobs.insert(index * 3, move_to(targets[index % 3]))
    _results, errors = run_at_once(jobs)
    assert [e for e in errors if e is not None] == []
    assert Partner.objects.filter(sponsor=deep).count() == 16
    assert_trees_valid()


def test_sign_ups_racing_placement_moves_of_their_upline_keep_depths_true(
    network_root, make_partner, set_policy
):
    set_policy(PlacementPolicy.EXTREME_LEFT)
    moved = make_partner()
    make_partner(moved)
    set_policy(PlacementPolicy.EXTREME_RIGHT)
    right = make_partner()
    deeper = make_partner(right)
    staff = UserFactory(is_staff=True)
    users = [UserFactory() for _ in range(16)]
    set_policy(PlacementPolicy.EXTREME_LEFT)
    # `moved` hops between the root's left (its own) and slots at other depths.
    slots = [(deeper, "L"), (right, "L"), (deeper, "L"), (network_root, "L")]

    def move_to(parent, leg):
        def move():
            try:
                services.change_placement(moved, parent, leg, staff_user=staff, reason="race")
            except NetworkError as error:
                assert error.code == "taken"
        return move

    jobs = [(lambda user=user: services.enrol(user, moved)) for user in users]
    for index, (parent, leg) in enumerate(slots * 2):
        jobs.insert(index * 3, move_to(parent, leg))
    _results, errors = run_at_once(jobs)
    assert [e for e in errors if e is not None] == []
    assert Partner.objects.filter(sponsor=moved).count() == 17  # one before the race
    assert_trees_valid()


def test_concurrent_sign_ups_never_fail_on_a_taken_slot(network_root, make_partner,
                                                       set_policy):
    """Sign-ups under different sponsors race for the same slots (one sponsor's extreme
    left runs through the other's); the loser of each race takes the next slot."""
    set_policy(PlacementPolicy.EXTREME_LEFT)
    upper = make_partner()
    lower = make_partner(upper)  # on upper's left edge
    users = [UserFactory() for _ in range(20)]
    jobs = [
        (lambda user=user, index=index: services.enrol(user, upper if index % 2 else lower))
        for index, user in enumerate(users)
    ]
    _results, errors = run_at_once(jobs)
    assert [e for e in errors if e is not None] == []
    assert_trees_valid()
    assert Partner.objects.filter(placement_leg="R").count() == 0
    assert Partner.objects.count() == 23


def test_a_signup_waits_for_the_sponsors_row_not_for_an_error(network_root, make_partner):
    """A sign-up under a sponsor being moved right now waits and then succeeds."""
    sponsor = make_partner()
    staff = UserFactory(is_staff=True)
    other = make_partner()
    user = UserFactory()
    _results, errors = run_at_once([
        lambda: services.change_sponsor(sponsor, other, staff_user=staff, reason="r"),
        lambda: services.enrol(user, sponsor),
    ])
    assert errors == [None, None]
    newcomer = Partner.objects.get(user=user)
    assert newcomer.sponsor_depth == 3
    assert_trees_valid()


def test_integrity_errors_are_not_swallowed(network_root):
    # The raw duplicate slot is refused even when nobody else is writing.
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.create(referral_code="X1", sponsor=network_root, sponsor_depth=1,
                               placement_parent=network_root, placement_leg="L",
                               placement_depth=1)
        Partner.objects.create(referral_code="X2", sponsor=network_root, sponsor_depth=1,
                               placement_parent=network_root, placement_leg="L",
                               placement_depth=1)
