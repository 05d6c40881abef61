"""Bulk import of partners.csv: all or nothing, every bad row reported by its line, rows
attached under partners already here, ids and sequences fit for normal sign-ups after,
and snapshots recomputed once the import commits."""

import io

import pytest
from django.utils import translation

from network import services
from network.models import Partner, PartnerStatus, PlacementPolicy, TeamSnapshot
from network.partners_import import ImportFailed, import_partners
from tests.factories import UserFactory
from tests.network.helpers import assert_trees_valid

HEADER = "id,sponsor_id,placement_parent_id,placement_leg,joined_at,status"
T = "2025-01-02T03:04:05Z"


def csv_file(*rows, header=HEADER):
    return io.StringIO("\n".join([header, *rows]) + "\n")


def failed(*rows, header=HEADER):
    """The messages of an import that must fail; nothing may have been written."""
    before = list(Partner.objects.values_list("pk", "sponsor_id", "placement_parent_id"))
    with pytest.raises(ImportFailed) as failure:
        import_partners(csv_file(*rows, header=header))
    assert list(Partner.objects.values_list("pk", "sponsor_id", "placement_parent_id")) == before
    return failure.value.messages


def by_external_id():
    return {p.external_id: p for p in Partner.objects.exclude(external_id=None)}


A_NETWORK = [
    f"ROOT,,,,{T},active",
    f"A,ROOT,ROOT,L,{T},active",
    f"B,ROOT,ROOT,R,{T},terminated",
    f"C,A,A,L,{T},inactive",
    "D,A,B,L,2025-06-30T23:59:59+00:00,active",  # sponsored by A, placed in B's leg
    f"E,D,C,R,{T},active",
]


def test_a_network_is_imported_with_its_trees_and_depths(db):
    assert import_partners(csv_file(*A_NETWORK)) == 6
    p = by_external_id()
    root = p["ROOT"]
    assert root.sponsor_id is None and root.placement_depth == 0 and root.sponsor_depth == 0
    assert services.network_root() == root
    assert (p["A"].sponsor_id, p["A"].placement_parent_id, p["A"].placement_leg) == (
        root.pk, root.pk, "L"
    )
    assert (p["D"].sponsor_id, p["D"].placement_parent_id, p["D"].placement_leg) == (
        p["A"].pk, p["B"].pk, "L"
    )
    assert [p[x].sponsor_depth for x in "ABCDE"] == [1, 1, 2, 2, 3]
    assert [p[x].placement_depth for x in "ABCDE"] == [1, 1, 2, 2, 3]
    assert p["B"].status == PartnerStatus.TERMINATED and p["C"].status == PartnerStatus.INACTIVE
    assert p["D"].joined_at.isoformat() == "2025-06-30T23:59:59+00:00"
    codes = [partner.referral_code for partner in p.values()]
    assert len(set(codes)) == 6 and all(code == code.upper() for code in codes)
    assert services.find_by_code(p["E"].referral_code.lower()) == p["E"]
    assert_trees_valid()


def test_rows_may_come_in_any_order(db):
    assert import_partners(csv_file(*reversed(A_NETWORK))) == 6
    p = by_external_id()
    assert p["E"].placement_depth == 3 and p["E"].sponsor_depth == 3
    assert_trees_valid()


def test_one_bad_row_among_good_ones_imports_nothing(db):
    messages = failed(*A_NETWORK[:4], f"X,NOBODY,A,R,{T},active", *A_NETWORK[4:])
    assert messages == ["partners.csv, line 6: unknown sponsor NOBODY"]
    assert not Partner.objects.exists()


def test_every_bad_row_is_reported_with_its_line(db):
    messages = failed(
        f"ROOT,,,,{T},active",                  # 2
        f"A,ROOT,ROOT,L,{T},active",            # 3
        f"B,GHOST,ROOT,R,{T},active",           # 4 unknown sponsor
        f"A,ROOT,B,L,{T},active",               # 5 duplicate id
        f"C,ROOT,A,L,{T},active",               # 6
        f"D,ROOT,A,L,{T},active",               # 7 duplicate slot (line 6)
        f"E,ROOT,A,X,{T},active",               # 8 bad leg
        "F,ROOT,C,L,yesterday,active",         # 9 bad date
        f"G,ROOT,C,R,{T},sleeping",             # 10 bad status
        f"H,I,D,L,{T},active",                  # 11 sponsor cycle H <-> I
        f"I,H,D,R,{T},active",                  # 12
        f"J,ROOT,K,L,{T},active",               # 13 placement cycle J <-> K
        f"K,ROOT,J,L,{T},active",               # 14
        f"ROOT2,,,,{T},active",                 # 15 second root
        f"L,ROOT,GHOST,L,{T},active",           # 16 unknown placement parent
        f"M,ROOT,,,{T},active",                 # 17 no placement
        f"N,N,E,L,{T},active",                  # 18 sponsors themselves
        "O,ROOT,E",                             # 19 missing columns
        f"P,ROOT,P,R,{T},active",               # 20 placed under themselves
    )
    lines = {int(message.split("line ")[1].split(":")[0]) for message in messages}
    assert lines == {4, 5, 7, 8, 9, 10, 11, 13, 15, 16, 17, 18, 19, 20}
    text = "\n".join(messages)
    for expected in [
        "line 4: unknown sponsor GHOST",
        "line 5: duplicate id A (first on line 3)",
        "line 7: placement slot A/L is already taken (line 6)",
        "line 8: placement leg must be L or R, not 'X'",
        "line 9: joined_at is not an ISO 8601 UTC time: 'yesterday'",
        "line 10: status must be one of active/inactive/terminated, not 'sleeping'",
        "line 11: the sponsor chain of H loops back on itself",
        "line 13: the placement chain of J loops back on itself",
        "line 15: a second root (ROOT2): only one partner may have no sponsor",
        "line 16: unknown placement parent GHOST",
        "line 17: M needs a placement parent and leg",
        "line 18: N cannot sponsor themselves",
        "line 19: expected 6 columns, found 3",
        "line 20: P cannot be placed under themselves",
    ]:
        assert expected in text
    assert messages == sorted(messages, key=lambda m: int(m.split("line ")[1].split(":")[0]))


def test_a_wrong_header_is_line_1(db):
    assert failed(f"ROOT,,,,{T},active", header="id,sponsor,parent,leg,joined,status") == [
        "partners.csv, line 1: the header must be " + HEADER
    ]
    assert failed(header="") == ["partners.csv, line 1: the header must be " + HEADER]


def test_lines_count_the_file_not_the_records(db):
    # A quoted value spanning two lines: the bad row after it is on line 5, not 4.
    messages = failed(f'ROOT,,,,{T},active', f'"A\nB",ROOT,ROOT,L,{T},active',
                      f"C,GHOST,ROOT,R,{T},active")
    assert messages == ["partners.csv, line 5: unknown sponsor GHOST"]


def test_a_byte_order_mark_and_blank_lines_are_fine(db):
    stream = io.StringIO("\ufeff" + HEADER + "\n" + A_NETWORK[0] + "\n\n" + A_NETWORK[1] + "\n")
    assert import_partners(stream) == 2


def test_the_messages_are_translated(db):
    with translation.override("ru"), pytest.raises(ImportFailed) as failure:
        import_partners(csv_file(f"ROOT,,,,{T},active", f"A,GHOST,ROOT,L,{T},active"))
    assert failure.value.messages[0].startswith("partners.csv, строка 3:")


# --- importing into a network that already exists ---------------------------------------


@pytest.fixture
def existing(network_root, make_partner, set_policy):
    """root -> left (extreme left), and right at the root's right."""
    set_policy(PlacementPolicy.EXTREME_LEFT)
    left = make_partner()
    set_policy(PlacementPolicy.EXTREME_RIGHT)
    right = make_partner()
    for partner in (network_root, left, right):
        partner.refresh_from_db()
    return {"root": network_root, "left": left, "right": right}


def test_rows_attach_under_existing_partners_by_referral_code(existing):
    left, right = existing["left"], existing["right"]
    assert import_partners(csv_file(
        f"N1,{left.referral_code},{right.referral_code},L,{T},active",
        f"N2,N1,N1,R,{T},active",
        f"N3,{right.referral_code},{left.referral_code},R,{T},active",
    )) == 3
    p = by_external_id()
    assert (p["N1"].sponsor_id, p["N1"].sponsor_depth) == (left.pk, 2)
    assert (p["N1"].placement_parent_id, p["N1"].placement_depth) == (right.pk, 2)
    assert (p["N2"].sponsor_depth, p["N2"].placement_depth) == (3, 3)
    assert (p["N3"].placement_parent_id, p["N3"].placement_leg) == (left.pk, "R")
    assert_trees_valid()


def test_rows_attach_under_previously_imported_partners_by_external_id(existing):
    left = existing["left"]
    import_partners(csv_file(f"OLD1,{left.referral_code},{left.referral_code},L,{T},active"))
    import_partners(csv_file(f"OLD2,OLD1,OLD1,R,{T},active"))
    p = by_external_id()
    assert (p["OLD2"].sponsor_id, p["OLD2"].sponsor_depth) == (p["OLD1"].pk, 3)
    assert (p["OLD2"].placement_parent_id, p["OLD2"].placement_depth) == (p["OLD1"].pk, 3)
    assert_trees_valid()


def test_existing_partners_slots_ids_and_root_are_respected(existing):
    left, root = existing["left"], existing["root"]
    import_partners(csv_file(f"OLD1,{left.referral_code},{left.referral_code},L,{T},active"))
    messages = failed(
        f"N1,{left.referral_code},{root.referral_code},L,{T},active",   # 2 root's L is left's
        f"OLD1,{left.referral_code},{left.referral_code},R,{T},active",  # 3 already here
        f"N2,{left.referral_code},{left.referral_code},L,{T},active",   # 4 taken by OLD1
        f"N3,,,,{T},active",                                            # 5 a root exists
        f"N4,{left.referral_code},OLD1,L,{T},active",                   # 6 fine
        f"{root.referral_code},OLD1,OLD1,R,{T},active",                 # 7 a code in use
    )
    text = "\n".join(messages)
    assert f"line 2: placement slot {root.referral_code}/L is already taken in the network" in text
    assert "line 3: id OLD1 already exists in the network" in text
    assert f"line 4: placement slot {left.referral_code}/L is already taken" in text
    assert "line 5: N3 has no sponsor, but the network already has a root" in text
    assert "line 6" not in text
    assert f"line 7: id {root.referral_code} already exists" in text


def test_one_partner_named_two_ways_still_holds_one_slot(existing):
    """Regression: a slot named by external id and again by referral code was taken twice
    (an IntegrityError at the database instead of a reported line)."""
    left = existing["left"]
    import_partners(csv_file(f"OLD1,{left.referral_code},{left.referral_code},L,{T},active"))
    old1 = Partner.objects.get(external_id="OLD1")
    messages = failed(
        f"N1,OLD1,OLD1,R,{T},active",
        f"N2,OLD1,{old1.referral_code},R,{T},active",
    )
    assert messages == [
        f"partners.csv, line 3: placement slot {old1.referral_code}/R is already taken (line 2)"
    ]


def test_nobody_is_placed_under_a_partner_who_is_not_placed(existing, make_partner,
                                                              set_policy):
    """Regression: a row under a partner waiting in the holding tank crashed the import."""
    set_policy(PlacementPolicy.HOLDING_TANK)
    waiting = make_partner(existing["left"])
    messages = failed(f"N1,{waiting.referral_code},{waiting.referral_code},L,{T},active")
    assert messages == [
        f"partners.csv, line 2: placement parent {waiting.referral_code} is not placed yet"
    ]
    # Sponsored by them and placed elsewhere is fine.
    import_partners(csv_file(
        f"N1,{waiting.referral_code},{existing['right'].referral_code},L,{T},active"
    ))
    n1 = Partner.objects.get(external_id="N1")
    assert (n1.sponsor_depth, n1.placement_depth) == (3, 2)
    assert_trees_valid()


def test_a_normal_sign_up_follows_an_import(existing):
    import_partners(csv_file(*[
        f"N{i},{existing['left'].referral_code},{existing['left'].referral_code},L,{T},active"
        if i == 0 else f"N{i},N{i - 1},N{i - 1},L,{T},active"
        for i in range(30)
    ]))
    highest = Partner.objects.order_by("-pk").first().pk
    # The id sequence was moved past the imported ids (setval on PostgreSQL).
    newcomer = services.enrol(UserFactory(), Partner.objects.get(external_id="N29"))
    assert newcomer.pk > highest
    assert newcomer.sponsor_depth == 32 and newcomer.placement_depth == 32
    another = services.enrol(UserFactory(), existing["root"])
    assert another.pk == newcomer.pk + 1 or another.pk > newcomer.pk
    assert_trees_valid()


def test_snapshots_are_recomputed_when_the_import_commits(existing,
                                                          django_capture_on_commit_callbacks):
    left = existing["left"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_partners(csv_file(
            f"N1,{left.referral_code},{left.referral_code},L,{T},active",
            f"N2,N1,{left.referral_code},R,{T},terminated",
        ))
    assert len(callbacks) == 1
    snapshot = TeamSnapshot.objects.get(partner=left)
    assert (snapshot.team_size, snapshot.active_count, snapshot.personally_sponsored) == (2, 1, 1)
    assert (snapshot.left_count, snapshot.right_count) == (1, 1)
    assert (snapshot.left_active, snapshot.right_active) == (1, 0)
    assert TeamSnapshot.objects.get(partner=existing["root"]).team_size == 4


def test_a_failed_import_schedules_no_recompute(existing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ImportFailed):
            import_partners(csv_file(f"N1,GHOST,GHOST,L,{T},active"))
    assert callbacks == []
    assert not TeamSnapshot.objects.exists()
