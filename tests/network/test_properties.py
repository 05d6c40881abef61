"""Property test: random sequences of sign-ups (any sponsor, any policy, the holding tank
included), sponsor and placement moves, holding-tank placements and small CSV imports
never break the trees, and every refused operation changes nothing.

Each example runs inside one transaction that is rolled back at the end, so examples
start from an empty network.
"""

import io

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from network import placement, services
from network.models import NetworkSettings, Partner, PlacementPolicy, TreeChange
from network.partners_import import ImportFailed, import_partners
from network.placement import PlacementError
from network.services import NetworkError
from tests.factories import UserFactory
from tests.network.helpers import assert_trees_valid

HEADER = "id,sponsor_id,placement_parent_id,placement_leg,joined_at,status"
POLICIES = st.sampled_from(list(PlacementPolicy.values))
PICK = st.integers(min_value=0, max_value=10**6)  # any partner, by index modulo their number
LEGS = st.sampled_from(["L", "R"])

# One row of a small import: who sponsors and who holds it (an index into existing
# partners, or a negative number: an earlier row of the same file), its leg and status.
REF = st.one_of(st.integers(min_value=-3, max_value=-1), PICK)
IMPORT_ROW = st.tuples(REF, REF, LEGS, st.sampled_from(["active", "inactive", "terminated"]))


def state():
    return (
        list(Partner.objects.order_by("pk").values_list(
            "pk", "sponsor_id", "sponsor_depth", "placement_parent_id", "placement_leg",
            "placement_depth", "placement_deadline", "referral_code",
        )),
        TreeChange.objects.count(),
    )


class TreeMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.settings = NetworkSettings.load()
        self.settings.change_window_days = 0  # imported partners joined long ago
        self.settings.save()
        self.root = services.create_root(display_name="Company")
        self.staff = UserFactory(is_staff=True)
        self.imports = 0

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def partner(self, index, *, root=True):
        """Any partner (or any but the root), by `index` modulo their number; None if none."""
        partners = Partner.objects.order_by("pk")
        if not root:
            partners = partners.exclude(pk=self.root.pk)
        ids = list(partners.values_list("pk", flat=True))
        return Partner.objects.get(pk=ids[index % len(ids)]) if ids else None

    def attempt(self, operation):
        """Run `operation`; when the rules refuse it, nothing may have changed."""
        before = state()
        try:
            operation()
        except (NetworkError, PlacementError, ImportFailed) as refusal:
            assert state() == before, "a refused operation changed the trees"
            event(f"refused: {type(refusal).__name__} {getattr(refusal, 'code', '')}")
            return False
        event(f"done: {operation.__qualname__.split('.')[1]}")
        return True

    @rule(sponsor=PICK, policy=POLICIES)
    def sign_up(self, sponsor, policy):
        self.settings.placement_policy = policy
        self.settings.save()
        sponsor = self.partner(sponsor)
        count = Partner.objects.count()
        if self.attempt(lambda: services.enrol(UserFactory(), sponsor)):
            assert Partner.objects.count() == count + 1

    @rule(partner=PICK, new_sponsor=PICK)
    def move_sponsor(self, partner, new_sponsor):
        partner, new_sponsor = self.partner(partner, root=False), self.partner(new_sponsor)
        if partner is None:
            return
        self.attempt(lambda: services.change_sponsor(
            partner, new_sponsor, staff_user=self.staff, reason="property test"
        ))

    @rule(partner=PICK, new_parent=PICK, leg=LEGS)
    def move_placement(self, partner, new_parent, leg):
        partner, new_parent = self.partner(partner, root=False), self.partner(new_parent)
        if partner is None:
            return
        self.attempt(lambda: services.change_placement(
            partner, new_parent, leg, staff_user=self.staff, reason="property test"
        ))

    @rule(waiting=PICK, parent=PICK, leg=LEGS)
    def place_from_holding_tank(self, waiting, parent, leg):
        waiting_ids = list(Partner.objects.filter(
            placement_deadline__isnull=False, placement_depth__isnull=True
        ).order_by("pk").values_list("pk", flat=True))
        if not waiting_ids:
            return
        partner = Partner.objects.get(pk=waiting_ids[waiting % len(waiting_ids)])
        parent = self.partner(parent)
        self.attempt(lambda: placement.place_from_holding_tank(
            partner.sponsor, partner, parent, leg
        ))

    @rule()
    def holding_tank_expires(self):
        later = timezone.now() + timezone.timedelta(days=365)
        waiting = Partner.objects.filter(
            placement_deadline__isnull=False, placement_depth__isnull=True
        ).count()
        assert placement.place_expired_holding_tank(now=later) == waiting
        assert not Partner.objects.filter(
            placement_deadline__isnull=False, placement_depth__isnull=True
        ).exists()

    @rule(rows=st.lists(IMPORT_ROW, min_size=1, max_size=4), mistake=st.booleans())
    def import_rows(self, rows, mistake):
        self.imports += 1
        prefix = f"IMP{self.imports}-"
        lines = []
        for number, (sponsor, parent, leg, status) in enumerate(rows):
            def ref(choice, number=number):
                if choice < 0 and number > 0:
                    return f"{prefix}{(-choice - 1) % number}"  # an earlier row
                return self.partner(abs(choice)).referral_code
            lines.append(f"{prefix}{number},{ref(sponsor)},{ref(parent)},{leg},"
                         f"2025-01-01T00:00:00Z,{status}")
        if mistake:
            lines.append(f"{prefix}X,NOBODY,{self.root.referral_code},L,2025-01-01T00:00:00Z,"
                         "active")
        count = Partner.objects.count()
        csv = io.StringIO("\n".join([HEADER, *lines]) + "\n")
        if self.attempt(lambda: import_partners(csv)):
            assert not mistake
            assert Partner.objects.count() == count + len(rows)

    @invariant()
    def trees_are_valid(self):
        assert_trees_valid()


def test_random_operations_never_break_the_trees(db):
    run_state_machine_as_test(TreeMachine, settings=settings(
        max_examples=30, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    ))
