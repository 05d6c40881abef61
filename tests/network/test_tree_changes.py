"""Staff changes of sponsor and placement: cycles and self-reference refused with nothing
changed, whole subtrees' depths shifted, the audit record, the change window, the
sponsors' emails in their own language, and the database's own refusals."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from network import genealogy, services
from network.models import Partner, PartnerStatus, PlacementPolicy, TreeChange
from network.services import NetworkError
from tests.factories import UserFactory
from tests.helpers import require_postgresql
from tests.network.helpers import assert_trees_valid


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def chain(network_root, make_partner, set_policy):
    """root -> a -> b -> c -> d in both trees (extreme left), plus x at the root's right
    sponsored by the root, and y under x."""
    set_policy(PlacementPolicy.EXTREME_LEFT)
    a = make_partner()
    b = make_partner(a)
    c = make_partner(b)
    d = make_partner(c)
    set_policy(PlacementPolicy.EXTREME_RIGHT)
    x = make_partner()
    y = make_partner(x)
    for partner in (a, b, c, d, x, y):
        partner.refresh_from_db()
    return {"root": network_root, "a": a, "b": b, "c": c, "d": d, "x": x, "y": y}


def state():
    """Everything a refused change must leave as it was."""
    return (
        list(Partner.objects.order_by("pk").values_list(
            "pk", "sponsor_id", "sponsor_depth", "placement_parent_id", "placement_leg",
            "placement_depth",
        )),
        TreeChange.objects.count(),
    )


def refused(change, *args, code, **kwargs):
    before = state()
    with pytest.raises(NetworkError) as failure:
        change(*args, **kwargs)
    assert failure.value.code == code
    assert state() == before
    assert mail.outbox == []
    return failure.value


def test_the_fixture_tree_is_what_the_tests_assume(chain):
    assert [chain[n].sponsor_depth for n in "abcd"] == [1, 2, 3, 4]
    assert [chain[n].placement_depth for n in "abcd"] == [1, 2, 3, 4]
    assert (chain["x"].placement_parent_id, chain["x"].placement_leg) == (chain["root"].pk, "R")
    assert (chain["y"].placement_parent_id, chain["y"].placement_leg) == (chain["x"].pk, "R")
    assert_trees_valid()


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("below", ["b", "c", "d"])
def test_a_sponsor_from_the_partners_own_team_is_refused(chain, staff, below,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        error = refused(services.change_sponsor, chain["a"], chain[below], staff_user=staff,
                        reason="asked", code="cycle")
    assert "cycle" in str(error.message)


@pytest.mark.parametrize("below", ["b", "c", "d"])
def test_a_position_in_the_partners_own_leg_is_refused(chain, staff, below,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        refused(services.change_placement, chain["a"], chain[below], "R", staff_user=staff,
                reason="asked", code="cycle")


def test_a_partner_cannot_sponsor_or_hold_themselves(chain, staff):
    refused(services.change_sponsor, chain["b"], chain["b"], staff_user=staff, reason="r",
            code="self")
    refused(services.change_placement, chain["b"], chain["b"], "R", staff_user=staff,
            reason="r", code="self")


def test_other_refusals_change_nothing(chain, staff):
    root, a, b, x = chain["root"], chain["a"], chain["b"], chain["x"]
    refused(services.change_sponsor, root, a, staff_user=staff, reason="r", code="root")
    refused(services.change_placement, root, x, "L", staff_user=staff, reason="r", code="root")
    refused(services.change_sponsor, b, a, staff_user=staff, reason="r", code="same")
    refused(services.change_sponsor, b, x, staff_user=staff, reason="  ", code="reason")
    refused(services.change_placement, b, x, "L", staff_user=staff, reason="", code="reason")
    refused(services.change_placement, b, x, "X", staff_user=staff, reason="r", code="leg")
    refused(services.change_placement, b, x, "R", staff_user=staff, reason="r", code="taken")
    Partner.objects.filter(pk=x.pk).update(status=PartnerStatus.TERMINATED)
    refused(services.change_sponsor, b, x, staff_user=staff, reason="r", code="terminated")


def test_a_position_under_an_unplaced_partner_is_refused(chain, staff, make_partner,
                                                         set_policy):
    set_policy(PlacementPolicy.HOLDING_TANK)
    waiting = make_partner(chain["x"])
    refused(services.change_placement, chain["b"], waiting, "L", staff_user=staff,
            reason="r", code="unplaced")


def test_changes_outside_the_window_are_refused(chain, staff, set_policy):
    set_policy(PlacementPolicy.EXTREME_LEFT, change_window_days=30)
    Partner.objects.filter(pk=chain["b"].pk).update(
        joined_at=timezone.now() - timezone.timedelta(days=31)
    )
    error = refused(services.change_sponsor, chain["b"], chain["x"], staff_user=staff,
                    reason="r", code="window")
    assert "30 days" in str(error.message)
    refused(services.change_placement, chain["b"], chain["x"], "L", staff_user=staff,
            reason="r", code="window")

    set_policy(PlacementPolicy.EXTREME_LEFT, change_window_days=0)  # 0: at any time
    services.change_sponsor(chain["b"], chain["x"], staff_user=staff, reason="r")
    assert Partner.objects.get(pk=chain["b"].pk).sponsor_id == chain["x"].pk


# --- moves ---------------------------------------------------------------------------------


def test_a_sponsor_move_shifts_the_whole_subtree_and_is_audited(
    chain, staff, django_capture_on_commit_callbacks
):
    b, c, d, y = chain["b"], chain["c"], chain["d"], chain["y"]
    with django_capture_on_commit_callbacks(execute=True):
        change = services.change_sponsor(b, y, staff_user=staff, reason="  Signed up twice  ")

    depths = dict(Partner.objects.values_list("pk", "sponsor_depth"))
    assert (depths[b.pk], depths[c.pk], depths[d.pk]) == (3, 4, 5)  # y is at 2
    assert depths[chain["a"].pk] == 1
    assert Partner.objects.get(pk=b.pk).sponsor_id == y.pk
    # The placement tree is not touched by a sponsor change.
    assert Partner.objects.get(pk=b.pk).placement_parent_id == chain["a"].pk

    change = TreeChange.objects.get()
    assert change == TreeChange.objects.get(pk=change.pk)
    assert change.partner_id == b.pk and change.kind == TreeChange.Kind.SPONSOR
    assert change.changed_by == staff and change.reason == "Signed up twice"
    assert abs((timezone.now() - change.changed_at).total_seconds()) < 60
    assert change.before == {"sponsor": chain["a"].pk, "sponsor_code": chain["a"].referral_code}
    assert change.after == {"sponsor": y.pk, "sponsor_code": y.referral_code}
    assert_trees_valid()


def test_a_sponsor_move_up_the_tree_shifts_depths_down(chain, staff):
    services.change_sponsor(chain["d"], chain["root"], staff_user=staff, reason="r")
    services.change_sponsor(chain["c"], chain["d"], staff_user=staff, reason="r")
    depths = dict(Partner.objects.values_list("pk", "sponsor_depth"))
    assert depths[chain["d"].pk] == 1 and depths[chain["c"].pk] == 2
    assert_trees_valid()


def test_a_placement_move_shifts_the_whole_leg_and_is_audited(
    chain, staff, django_capture_on_commit_callbacks
):
    b, c, d, y = chain["b"], chain["c"], chain["d"], chain["y"]
    with django_capture_on_commit_callbacks(execute=True):
        services.change_placement(b, y, "L", staff_user=staff, reason="Wrong leg")

    rows = {pk: (parent, leg, depth) for pk, parent, leg, depth in Partner.objects.values_list(
        "pk", "placement_parent_id", "placement_leg", "placement_depth")}
    assert rows[b.pk] == (y.pk, "L", 3)
    assert rows[c.pk] == (b.pk, "L", 4) and rows[d.pk] == (c.pk, "L", 5)
    assert rows[chain["a"].pk][2] == 1
    assert not Partner.objects.filter(placement_parent=chain["a"]).exists()  # a's slot is free
    assert Partner.objects.get(pk=b.pk).sponsor_id == chain["a"].pk  # sponsor unchanged

    change = TreeChange.objects.get()
    assert change.kind == TreeChange.Kind.PLACEMENT and change.changed_by == staff
    assert change.before == {"placement_parent": chain["a"].pk,
                             "placement_parent_code": chain["a"].referral_code,
                             "placement_leg": "L"}
    assert change.after == {"placement_parent": y.pk, "placement_parent_code": y.referral_code,
                            "placement_leg": "L"}
    assert_trees_valid()


def test_a_placement_move_to_a_shallower_position(chain, staff):
    services.change_placement(chain["c"], chain["a"], "R", staff_user=staff, reason="r")
    rows = dict(Partner.objects.values_list("pk", "placement_depth"))
    assert rows[chain["c"].pk] == 2 and rows[chain["d"].pk] == 3 and rows[chain["b"].pk] == 2
    assert_trees_valid()


def test_staff_can_place_a_partner_waiting_in_the_holding_tank(chain, staff, make_partner,
                                                               set_policy):
    set_policy(PlacementPolicy.HOLDING_TANK)
    waiting = make_partner(chain["x"])
    services.change_placement(waiting, chain["y"], "L", staff_user=staff, reason="r")
    waiting.refresh_from_db()
    assert (waiting.placement_parent_id, waiting.placement_leg, waiting.placement_depth) == (
        chain["y"].pk, "L", 3
    )
    assert waiting.placement_deadline is None
    assert TreeChange.objects.get().before["placement_parent"] is None
    assert_trees_valid()


# --- notifications -------------------------------------------------------------------------


def test_the_old_and_new_sponsors_are_emailed_each_in_their_language(
    chain, staff, django_capture_on_commit_callbacks
):
    old, new = chain["a"], chain["x"]
    type(old.user).objects.filter(pk=old.user_id).update(language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        services.change_sponsor(chain["b"], new, staff_user=staff, reason="Asked by both")

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {old.user.email, new.user.email}
    name = chain["b"].name
    assert by_recipient[old.user.email].subject == f"Изменение в вашей команде: {name}"
    assert by_recipient[new.user.email].subject == f"A change in your team: {name}"
    assert "Asked by both" in by_recipient[new.user.email].body
    assert "Asked by both" in by_recipient[old.user.email].body


def test_a_placement_change_emails_the_partners_sponsor(
    chain, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_placement(chain["c"], chain["y"], "L", staff_user=staff, reason="r")
    assert [message.to for message in mail.outbox] == [[chain["b"].user.email]]


def test_no_email_is_sent_when_the_change_is_rolled_back(chain, staff,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.change_sponsor(chain["b"], chain["x"], staff_user=staff, reason="r")
            raise RuntimeError("the caller's transaction fails afterwards")
    assert mail.outbox == []
    assert Partner.objects.get(pk=chain["b"].pk).sponsor_id == chain["a"].pk


def test_a_mail_outage_does_not_undo_the_change(chain, staff, monkeypatch,
                                                django_capture_on_commit_callbacks):
    from django.core.mail.backends import locmem

    from notifications.models import Delivery

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_sponsor(chain["b"], chain["x"], staff_user=staff, reason="r")
    assert Partner.objects.get(pk=chain["b"].pk).sponsor_id == chain["x"].pk
    # The sponsors' mails wait to be tried again (notifications/email.py).
    waiting = Delivery.objects.filter(channel="email")
    assert waiting.count() == 2
    assert {(d.status, "smtp down" in d.last_error) for d in waiting} == {("queued", True)}


# --- the database's own refusals -------------------------------------------------------------


def test_the_database_refuses_a_partner_as_their_own_sponsor_or_parent(chain):
    b = chain["b"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.filter(pk=b.pk).update(sponsor=F("id"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.filter(pk=b.pk).update(placement_parent=F("id"))
    assert_trees_valid()


@pytest.mark.parametrize("tree", ["sponsor", "placement_parent"])
def test_the_database_refuses_a_raw_write_that_makes_a_cycle(chain, tree):
    require_postgresql("the cycle trigger exists on PostgreSQL only")
    a, d = chain["a"], chain["d"]
    with pytest.raises(IntegrityError, match="cycle"), transaction.atomic():
        Partner.objects.filter(pk=a.pk).update(**{tree: d})
    assert_trees_valid()


@pytest.mark.parametrize("tree", ["sponsor", "placement_parent"])
def test_the_database_refuses_a_cycle_made_by_one_multi_row_update(chain, tree):
    require_postgresql("the cycle trigger exists on PostgreSQL only")
    a, d, x, y = (chain[n] for n in "adxy")
    # a under y and x under d: each alone is fine, both together close a loop.
    new_parent = Case(When(pk=a.pk, then=Value(y.pk)), When(pk=x.pk, then=Value(d.pk)))
    with pytest.raises(IntegrityError, match="cycle"), transaction.atomic():
        Partner.objects.filter(pk__in=[a.pk, x.pk]).update(**{f"{tree}_id": new_parent})
    assert_trees_valid()


def test_the_database_accepts_a_raw_write_that_makes_no_cycle(chain):
    require_postgresql("the cycle trigger exists on PostgreSQL only")
    c, y = chain["c"], chain["y"]
    Partner.objects.filter(pk=c.pk).update(sponsor=y)  # depths are the services' job
    Partner.objects.filter(pk=c.pk).update(placement_parent=y, placement_leg="L")
    c.refresh_from_db()
    assert (c.sponsor_id, c.placement_parent_id) == (y.pk, y.pk)


# --- reads of the trees --------------------------------------------------------------------


def test_genealogy_reads_follow_the_moves(chain, staff):
    a, b, c, d, x = (chain[n] for n in "abcdx")
    assert set(genealogy.downline(a).values_list("pk", flat=True)) == {b.pk, c.pk, d.pk}
    assert set(genealogy.downline(a, max_levels=1).values_list("pk", flat=True)) == {b.pk}
    assert genealogy.upline_ids(d) == [c.pk, b.pk, a.pk, chain["root"].pk]
    assert genealogy.path_between(a, d) == [a.pk, b.pk, c.pk, d.pk]
    assert genealogy.path_between(x, d) is None
    assert genealogy.is_below(a, d) and not genealogy.is_below(d, a)
    assert not genealogy.is_below(a, a)

    services.change_sponsor(c, x, staff_user=staff, reason="r")
    c.refresh_from_db()
    d.refresh_from_db()
    assert set(genealogy.downline(a).values_list("pk", flat=True)) == {b.pk}
    assert genealogy.path_between(x, d) == [x.pk, c.pk, d.pk]
    assert genealogy.ancestor_at_depth(d, genealogy.SPONSOR, 1) == x.pk
    # The placement tree did not move.
    assert genealogy.path_between(a, d, genealogy.PLACEMENT) == [a.pk, b.pk, c.pk, d.pk]


def test_a_held_sign_up_placed_by_staff_can_still_be_approved(chain, staff):
    """Regression: approving a held sign-up that staff had already placed by hand raised
    PlacementError ("already placed"), so the review could never be decided."""
    held = services.enrol(UserFactory(), chain["x"], hold_reason="burst")
    services.change_placement(held, chain["y"], "L", staff_user=staff, reason="checked")
    services.decide_review(held.review, approve=True, staff_user=staff)
    held.refresh_from_db()
    assert not held.held_for_review and held.status == PartnerStatus.ACTIVE
    assert held.user.is_active
    assert (held.placement_parent_id, held.placement_leg) == (chain["y"].pk, "L")
    assert held.review.state == held.review.State.APPROVED
    assert_trees_valid()
