"""The downline as a partner reads it, page by page: the partners below them in one tree,
narrowed by the list's filters (level, depth, status, rank, joining dates, a search), and
read a page at a time by keyset.

One implementation for the genealogy API (`network.api.views.DownlineView`, and its
paging of a node's children) and the cabinet's team list and team orders. Who may be
read comes from `network.permissions.downline` (a depth-limited read of the viewer's own
team). A page is one indexed range read on (ordering…, id), however far into a
100,000-partner team it is; the cursor carries the last row's whole ordering tuple.
"""

import base64
import binascii
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import CharField, ExpressionWrapper, F, IntegerField, Q, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim

from network import genealogy, permissions
from network.stats import day_start

DEFAULT_DEPTH = 10
MAX_DEPTH = 1000  # levels below the viewer a list may reach
PAGE_SIZE = 50
DEFAULT_ORDERING = "level"
# Every ordering ends in the id, so each row has a unique position for the cursor.
ORDERINGS = {
    "level": ("level", "joined_at", "pk"),
    "-level": ("-level", "-joined_at", "-pk"),
    "joined_at": ("joined_at", "pk"),
    "-joined_at": ("-joined_at", "-pk"),
    "name": ("sort_name", "pk"),
    "-name": ("-sort_name", "-pk"),
}


class InvalidCursor(ValueError):
    """A cursor that is not one of ours (edited, truncated, or from another ordering)."""


# --- the filtered downline -------------------------------------------------------------


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


def with_level(queryset, tree, viewer_depth):
    """`queryset` with `level`: how many levels below the viewer each partner sits in
    `tree` (None when the viewer is not in that tree)."""
    if viewer_depth is None:
        level = Value(None, output_field=IntegerField())
    else:
        level = ExpressionWrapper(
            F(genealogy.depth_field(tree)) - Value(viewer_depth), output_field=IntegerField()
        )
    return queryset.annotate(level=level)


def reach(filters):
    """How many levels down to read: the depth asked for (10 by default); with a level
    and no depth, down to that level; a level below an explicit depth finds nobody."""
    depth, level = filters.get("depth"), filters.get("level")
    if level:
        return min(depth, level) if depth else level
    return depth or DEFAULT_DEPTH


def filtered_downline(viewer, filters):
    """(partners, tree): the viewer's downline in the filters' tree (sponsor by default),
    narrowed by `filters` and annotated with `level` (and `sort_name` when sorted by
    name). Filters, all optional: tree, depth, level, status, rank (any letter case),
    joined_after and joined_before (days, inclusive, in the site's time zone), q (name,
    email, referral code or external id), ordering."""
    tree = filters.get("tree") or genealogy.SPONSOR
    level = filters.get("level")
    viewer_depth = viewer.depth(tree)
    queryset = with_level(permissions.downline(viewer, tree, reach(filters)), tree, viewer_depth)
    if level and viewer_depth is not None:
        queryset = queryset.filter(**{genealogy.depth_field(tree): viewer_depth + level})
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    rank = (filters.get("rank") or "").strip()
    if rank:
        queryset = queryset.filter(rank__iexact=rank)
    if filters.get("joined_after"):
        queryset = queryset.filter(joined_at__gte=day_start(filters["joined_after"]))
    if filters.get("joined_before"):
        queryset = queryset.filter(joined_at__lt=day_start(filters["joined_before"], 1))
    search = (filters.get("q") or "").strip()
    if search:
        queryset = queryset.filter(
            Q(display_name__icontains=search) | Q(referral_code__icontains=search)
            | Q(user__email__icontains=search) | Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search) | Q(external_id__icontains=search)
        )
    if ordering_of(filters)[0].lstrip("-") == "sort_name":
        queryset = queryset.annotate(sort_name=sort_name())
    return queryset, tree


def ordering_of(filters):
    """The ordering tuple the filters ask for (nearest levels first by default)."""
    return ORDERINGS[filters.get("ordering") or DEFAULT_ORDERING]


# --- keyset pages ------------------------------------------------------------------------


@dataclass
class Page:
    """One page of rows in `ordering`, and whether there are rows before and after it."""

    rows: list
    ordering: tuple
    has_next: bool = False
    has_previous: bool = False

    def position(self, row):
        """The row's place in the ordering, as the cursor carries it."""
        return [str(getattr(row, name.lstrip("-"))) for name in self.ordering]

    @property
    def next_cursor(self):
        return encode_cursor(False, self.position(self.rows[-1])) if self.has_next else None

    @property
    def previous_cursor(self):
        return encode_cursor(True, self.position(self.rows[0])) if self.has_previous else None


def flip(name):
    return name[1:] if name.startswith("-") else f"-{name}"


def after(ordering, position):
    """Rows strictly after `position` in `ordering` (a lexicographic keyset condition)."""
    condition = Q()
    equal = {}
    for name, value in zip(ordering, position, strict=True):
        column = name.lstrip("-")
        lookup = "lt" if name.startswith("-") else "gt"
        condition |= Q(**equal, **{f"{column}__{lookup}": value})
        equal[column] = value
    return condition


def encode_cursor(backwards, position):
    token = json.dumps({"r": int(backwards), "p": position}, separators=(",", ":"))
    return base64.urlsafe_b64encode(token.encode()).decode().rstrip("=")


def decode_cursor(cursor, ordering):
    """(backwards, position) from a cursor (None: the first page); InvalidCursor when the
    cursor is not one of ours for this ordering."""
    if not cursor:
        return False, None
    try:
        raw = base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4))
        token = json.loads(raw.decode())
        backwards, position = bool(token["r"]), token["p"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeError):
        raise InvalidCursor(cursor) from None
    if not isinstance(position, list) or len(position) != len(ordering) \
            or not all(isinstance(value, str) and "\x00" not in value for value in position):
        raise InvalidCursor(cursor)
    return backwards, position


def keyset_page(queryset, ordering, cursor=None, page_size=PAGE_SIZE):
    """The page of `queryset` in `ordering` that `cursor` points at (the first without one).

    The page's ids are chosen on the queryset's own table first, then its rows (with any
    joins) are read for those ids only: a broad team has tens of thousands of rows
    within three levels. Raises InvalidCursor for a cursor that is not ours.
    """
    backwards, position = decode_cursor(cursor, ordering)
    read = tuple(flip(name) for name in ordering) if backwards else tuple(ordering)
    queryset = queryset.order_by(*read)
    if position is not None:
        try:
            queryset = queryset.filter(after(read, position))
        except (ValueError, TypeError, ValidationError):
            raise InvalidCursor(cursor) from None  # a position that is not of these columns
    ids = list(queryset.values_list("pk", flat=True)[: page_size + 1])
    place = {pk: index for index, pk in enumerate(ids)}
    rows = sorted(queryset.filter(pk__in=ids), key=lambda row: place[row.pk])
    return page_from(rows, ordering, page_size, backwards, position)


def page_from(rows, ordering, page_size, backwards, position):
    """The Page of up to `page_size` + 1 rows read after `position` (None: from the
    first) in `ordering`, or `backwards` in its reverse (nearest first): the extra row
    says whether there is more that way."""
    more = len(rows) > page_size
    rows = list(rows[:page_size])
    if backwards:
        rows.reverse()
        return Page(rows, tuple(ordering), has_next=bool(rows), has_previous=more)
    return Page(rows, tuple(ordering), has_next=more,
                has_previous=position is not None and bool(rows))


# --- the list a partner pages through ------------------------------------------------------


@dataclass
class DownlinePage:
    results: list
    next_cursor: str | None = None
    previous_cursor: str | None = None
    tree: str = genealogy.SPONSOR
    filters: dict = field(default_factory=dict)


def downline_page(viewer, filters, cursor=None, page_size=PAGE_SIZE):
    """One page of the filtered downline with its users and snapshots; a cursor that is
    not ours shows the first page."""
    queryset, tree = filtered_downline(viewer, filters)
    queryset = queryset.select_related("user", "snapshot")
    ordering = ordering_of(filters)
    try:
        page = keyset_page(queryset, ordering, cursor, page_size)
    except InvalidCursor:
        page = keyset_page(queryset, ordering, None, page_size)
    return DownlinePage(
        results=page.rows, next_cursor=page.next_cursor, previous_cursor=page.previous_cursor,
        tree=tree, filters=filters,
    )
