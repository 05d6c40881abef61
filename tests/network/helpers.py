"""Helpers of the network's tests: following a referral link, the sponsor the cookies
name, signing up through the form, and the invariants both trees keep, checked from the
stored rows."""

from django.test import RequestFactory

from network import referrals
from network.models import Partner

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
SIGNUP = "/en/accounts/signup/"
PASSWORD = "a-long-and-unusual-passphrase-42"
DEVICE = "ab" * 32


def follow(client, partner, query="", language="en", code=None, **extra):
    extra.setdefault("HTTP_USER_AGENT", BROWSER)
    url = f"/{language}/r/{code or partner.referral_code}/"
    return client.get(url + (f"?{query}" if query else ""), **extra)


def sponsor_of(client):
    """The sponsor the server reads from the client's current cookies."""
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    return referrals.sponsor_from_request(request)


def sign_up(client, email="newcomer@example.com", url=SIGNUP, extra=None, **fields):
    data = {
        "email": email, "password1": PASSWORD, "password2": PASSWORD,
        "first_name": "Olena", "last_name": "Kovalenko", "sponsor_code": "", "device": DEVICE,
    }
    data.update(fields)
    return client.post(url, data, **(extra or {}))


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
