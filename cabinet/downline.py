"""The team pages' reads: one page of the partner's downline with the list's filters, and
the words the genealogy viewer's script shows.

The downline comes from `network.permissions.downline` (the API's own scoping, a
depth-limited recursive CTE), and is paged by keyset on (sort key, id): each page is one
indexed range read, however far into a 100,000-partner team it is.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass, field

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from compensation import ranks
from network import genealogy, permissions
from network.models import Leg, PartnerStatus

PAGE_SIZE = 50
DEFAULT_DEPTH = 10
DEFAULT_ORDERING = "level"
ORDERINGS = {"joined_at", "level", "name"}


@dataclass
class DownlinePage:
    results: list
    next_cursor: str | None = None
    previous_cursor: str | None = None
    tree: str = genealogy.SPONSOR
    filters: dict = field(default_factory=dict)


def sort_name():
    """The partner's shown name (see Partner.name) as a sortable, case-blind expression."""
    full_name = NullIf(
        Trim(Concat("user__first_name", Value(" "), "user__last_name", output_field=CharField())),
        Value(""),
    )
    return Lower(Coalesce(
        NullIf("display_name", Value("")), full_name, "user__email", "external_id",
        "referral_code", output_field=CharField(),
    ))


def filtered_downline(viewer, filters):
    """The viewer's downline in the filters' tree, filtered, with `level` and `sort_name`."""
    tree = filters.get("tree") or genealogy.SPONSOR
    depth = filters.get("depth") or DEFAULT_DEPTH
    level = filters.get("level")
    if level:
        depth = max(depth, level)
    queryset = permissions.downline(viewer, tree, depth).select_related("user", "snapshot")
    if viewer.depth(tree) is None:
        return queryset, tree
    queryset = queryset.annotate(
        level=F(genealogy.depth_field(tree)) - viewer.depth(tree), sort_name=sort_name(),
    )
    if level:
        queryset = queryset.filter(level=level)
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("rank"):
        queryset = queryset.filter(rank__iexact=filters["rank"].strip())
    if filters.get("joined_after"):
        queryset = queryset.filter(joined_at__date__gte=filters["joined_after"])
    if filters.get("joined_before"):
        queryset = queryset.filter(joined_at__date__lte=filters["joined_before"])
    search = (filters.get("q") or "").strip()
    if search:
        queryset = queryset.filter(
            Q(display_name__icontains=search) | Q(referral_code__icontains=search)
            | Q(user__email__icontains=search) | Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search) | Q(external_id__icontains=search)
        )
    return queryset, tree


def _sort_key(ordering):
    name = ordering.lstrip("-")
    key = "sort_name" if name == "name" else name
    return key, ordering.startswith("-")


def encode_cursor(key_value, pk, backwards):
    if isinstance(key_value, datetime.datetime):
        key_value = key_value.isoformat()
    raw = json.dumps([key_value, pk, backwards], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor, key):
    """(key value, pk, backwards) from a cursor, or None when it is not one of ours."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key_value, pk, backwards = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(backwards, bool):
        return None
    if key == "joined_at":
        key_value = parse_datetime(key_value) if isinstance(key_value, str) else None
    elif key == "level" and not isinstance(key_value, int):
        key_value = None
    elif key == "sort_name" and not isinstance(key_value, str):
        key_value = None
    if key_value is None:
        return None
    return key_value, pk, backwards


def _after(key, descending, value, pk):
    """Rows strictly after (value, pk) in the order (key, pk), both in one direction."""
    if descending:
        return Q(**{f"{key}__lt": value}) | Q(**{key: value, "pk__lt": pk})
    return Q(**{f"{key}__gt": value}) | Q(**{key: value, "pk__gt": pk})


def downline_page(viewer, filters, cursor=None, page_size=None):
    page_size = page_size or PAGE_SIZE
    queryset, tree = filtered_downline(viewer, filters)
    ordering = filters.get("ordering") or DEFAULT_ORDERING
    key, descending = _sort_key(ordering)
    position = decode_cursor(cursor, key)
    backwards = bool(position and position[2])
    # Walking backwards reads the same order reversed from the cursor, then flips the page.
    read_descending = descending != backwards
    if position is not None:
        queryset = queryset.filter(_after(key, read_descending, position[0], position[1]))
    prefix = "-" if read_descending else ""
    rows = list(queryset.order_by(f"{prefix}{key}", f"{prefix}pk")[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    if backwards:
        rows.reverse()
    page = DownlinePage(results=rows, tree=tree, filters=filters)
    if rows:
        first, last = rows[0], rows[-1]
        has_next = more if not backwards else True
        has_previous = (position is not None) if not backwards else more
        if has_next:
            page.next_cursor = encode_cursor(getattr(last, key), last.pk, False)
        if has_previous:
            page.previous_cursor = encode_cursor(getattr(first, key), first.pk, True)
    return page


def viewer_strings():
    """Every word static/js/genealogy.js shows, translated for the page's language."""
    return {
        "statuses": dict(PartnerStatus.choices),
        "legs": dict(Leg.choices),
        "you": _("You"),
        "code": _("Code"),
        "rank": str(ranks.HIGHEST_RANK),
        "joined": _("Joined"),
        "level": _("Level"),
        "teamSize": _("Team"),
        "direct": _("Direct partners"),
        "left": _("Left leg"),
        "right": _("Right leg"),
        "expand": _("Show team"),
        "collapse": _("Hide team"),
        "showPositions": _("Show positions"),
        "showMore": _("Show more"),
        "loading": _("Loading…"),
        "loadError": _("Could not load this part of the team. Try again."),
        "retry": _("Try again"),
        "noChildren": _("Nobody here yet."),
        "emptySlot": _("Free position: %(leg)s"),
        "placeHere": _("Place a waiting partner here"),
        "focus": _("View from here"),
        "backToMe": _("Back to me"),
        "up": _("Up one level"),
        "levelOf": _("level %(level)s below you"),
        "searchEmpty": _("Nobody in your team matches."),
        "searchError": _("The search did not work. Try again."),
        "jumpError": _("Could not open this partner in the tree."),
        "found": _("Found in your team"),
        "sponsorTree": _("Sponsor tree"),
        "placementTree": _("Placement tree"),
        "notPlaced": _("You are not placed in the placement tree yet."),
        "breadcrumb": _("Where you are in the tree"),
        "email": _("Email"),
        "phone": _("Phone"),
    }
