"""Reads of the sponsor and placement trees: depth-limited recursive CTEs over the
adjacency list, one query each, on PostgreSQL and SQLite alike.

Whole-subtree figures never come from here on a request; they come from snapshots.
"""

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from core import cache_versions

from .models import Partner

SPONSOR = "sponsor"
PLACEMENT = "placement"
TREES = (SPONSOR, PLACEMENT)

_PARENT = {SPONSOR: "sponsor_id", PLACEMENT: "placement_parent_id"}
_DEPTH = {SPONSOR: "sponsor_depth", PLACEMENT: "placement_depth"}
TABLE = Partner._meta.db_table

# The trees' advisory lock (PostgreSQL), one constant shared by every process. Moves hold
# it exclusively; sign-ups and placements share it, so a move never shifts the depths of a
# subtree while a partner is being added below it with depths read before the shift.
TREE_LOCK_KEY = 7_305_114


def lock_trees(shared=False):
    """Take the trees' lock until the current transaction ends (a no-op on SQLite, whose
    writers are serialized anyway). Call it inside `transaction.atomic()`, first, before
    any row lock, so lock order is the same everywhere."""
    if connection.vendor == "postgresql":
        function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s)", [TREE_LOCK_KEY])


def parent_column(tree):
    return _PARENT[tree]


def depth_field(tree):
    return _DEPTH[tree]


def descendant_ids_sql(tree, root_id, max_levels):
    """SQL and params selecting the ids below `root_id`, at most `max_levels` deep."""
    parent = _PARENT[tree]
    sql = (
        f"WITH RECURSIVE down(id, lvl) AS ("
        f" SELECT id, 0 FROM {TABLE} WHERE id = %s"
        f" UNION ALL"
        f" SELECT p.id, d.lvl + 1 FROM {TABLE} p JOIN down d ON p.{parent} = d.id"
        f" WHERE d.lvl < %s"
        f") SELECT id FROM down WHERE lvl > 0"
    )
    return sql, (root_id, max_levels)


def downline(partner, tree=SPONSOR, max_levels=10):
    """A queryset of the partners below `partner` in `tree`, at most `max_levels` deep."""
    sql, params = descendant_ids_sql(tree, partner.pk, max_levels)
    return Partner.objects.filter(pk__in=RawSQL(sql, params))


def is_below(ancestor, node, tree=SPONSOR):
    """True when `node` sits somewhere below `ancestor` in `tree` (not equal to it)."""
    field = _DEPTH[tree]
    ancestor_depth, node_depth = getattr(ancestor, field), getattr(node, field)
    if ancestor_depth is None or node_depth is None or node_depth <= ancestor_depth:
        return False
    return ancestor_at_depth(node, tree, ancestor_depth) == ancestor.pk


def _walk_up_sql(parent, where):
    """Walk up from a node (param 1) at most n steps (param 2), then filter by `where`."""
    return (
        f"WITH RECURSIVE up(id, parent, n) AS ("
        f" SELECT id, {parent}, 0 FROM {TABLE} WHERE id = %s"
        f" UNION ALL"
        f" SELECT p.id, p.{parent}, u.n + 1 FROM {TABLE} p JOIN up u ON p.id = u.parent"
        f" WHERE u.n < %s"
        f") SELECT id FROM up WHERE {where}"
    )


def ancestor_at_depth(node, tree, depth):
    """The id of `node`'s ancestor standing at `depth` in `tree` (walks up once)."""
    parent = _PARENT[tree]
    steps = getattr(node, _DEPTH[tree]) - depth
    if steps <= 0:
        return node.pk if steps == 0 else None
    sql = _walk_up_sql(parent, "n = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [node.pk, steps, steps])
        row = cursor.fetchone()
    return row[0] if row else None


def upline_ids(node, tree=SPONSOR, max_levels=None):
    """Ids above `node`, nearest first."""
    parent = _PARENT[tree]
    depth = getattr(node, _DEPTH[tree]) or 0
    levels = depth if max_levels is None else min(depth, max_levels)
    if levels <= 0:
        return []
    sql = _walk_up_sql(parent, "n > 0 ORDER BY n")
    with connection.cursor() as cursor:
        cursor.execute(sql, [node.pk, levels])
        return [row[0] for row in cursor.fetchall()]


def path_between(ancestor, node, tree=SPONSOR):
    """Ids from `ancestor` down to `node` inclusive, or None when `node` is not below it."""
    if node.pk == ancestor.pk:
        return [node.pk]
    if not is_below(ancestor, node, tree):
        return None
    steps = getattr(node, _DEPTH[tree]) - getattr(ancestor, _DEPTH[tree])
    ids = upline_ids(node, tree, max_levels=steps)
    return list(reversed(ids)) + [node.pk]


def outer_edge(parent_id, leg):
    """The last partner down the chain of `leg` children starting at `parent_id`.

    The bottom found last time is remembered (after commit), and the next walk starts
    there: placements only add leaves, so a node on the chain stays on it until a
    placement move, which starts a new generation of these hints. A hint that no longer
    exists just means walking from the top again.
    """
    key = _edge_key(parent_id, leg)
    hint = cache.get(key)
    bottom = _walk_edge(hint, leg) if hint else None
    if bottom is None:
        bottom = _walk_edge(parent_id, leg)
    if bottom != hint:
        transaction.on_commit(lambda: cache.set(key, bottom, EDGE_HINT_SECONDS))
    return bottom


EDGE_HINT_SECONDS = 6 * 3600
_EDGE_GENERATION_KEY = "network:edge-generation"


def _edge_key(parent_id, leg):
    generation = cache_versions.current(_EDGE_GENERATION_KEY)
    return f"network:edge:{generation}:{parent_id}:{leg}"


def forget_outer_edges():
    """Called after a placement move: every remembered bottom may be off its chain now."""
    cache_versions.bump(_EDGE_GENERATION_KEY)


def _walk_edge(start_id, leg):
    sql = (
        f"WITH RECURSIVE chain(id, n) AS ("
        f" SELECT id, 0 FROM {TABLE} WHERE id = %s"
        f" UNION ALL"
        f" SELECT p.id, c.n + 1 FROM {TABLE} p JOIN chain c"
        f" ON p.placement_parent_id = c.id AND p.placement_leg = %s"
        f") SELECT id FROM chain ORDER BY n DESC LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [start_id, leg])
        row = cursor.fetchone()
    return row[0] if row else None


def first_open_slot_breadth_first(root_id, chunk=5000):
    """The first free (parent, leg) in level order below `root_id`, left before right."""
    frontier = [root_id]
    while frontier:
        children = {}
        for start in range(0, len(frontier), chunk):
            rows = Partner.objects.filter(
                placement_parent_id__in=frontier[start:start + chunk]
            ).values_list("placement_parent_id", "placement_leg", "id")
            for parent_id, leg, child_id in rows:
                children[(parent_id, leg)] = child_id
        next_frontier = []
        for parent_id in frontier:
            for leg in ("L", "R"):
                child = children.get((parent_id, leg))
                if child is None:
                    return parent_id, leg
                next_frontier.append(child)
        frontier = next_frontier
    raise AssertionError("a finite tree always has an open slot")
