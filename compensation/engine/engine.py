"""The calculation of one period under a plan: volumes, ranks and the four bonuses of the
reference plan (unilevel with dynamic compression, binary with carry, matching on
unilevel earnings, fast start), exactly as ../shared/reference-plan/README.md says.

Arrays in, results out: every partner is an index; trees are walked iteratively (legs
can be 100,000 levels deep) and each order's upline walk hops between *active* partners
only, through pointers computed once, so compression never walks a long inactive chain.
"""

import math
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from compensation.engine import columns
from compensation.engine.results import ZERO, BonusLine, Calculation, PartnerResult

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def period_bounds(period):
    """`YYYY-MM` as the UTC calendar month [start, end); ValueError when it is not one."""
    start = datetime.strptime(period, "%Y-%m").replace(tzinfo=UTC)
    if start.month == 12:
        return start, start.replace(year=start.year + 1, month=1)
    return start, start.replace(month=start.month + 1)


def cents(amount):
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def top_down(parents):
    """Indexes in an order where every parent comes before its children (BFS)."""
    children = defaultdict(list)
    roots = []
    for index, parent in enumerate(parents):
        (roots if parent is None else children[parent]).append(index)
    order = list(roots)
    for index in order:  # the list grows while we walk it
        order.extend(children.get(index, ()))
    return order, children


def calculate(plan, partners, orders, period_start, period_end, carry_in=None,
              highest_ranks=None):
    """Results for every partner (sorted by id as text) and every bonus line.

    `highest_ranks` maps partner ids to the highest rank code they ever held before this
    period (the paid rank can fall; the highest-ever rank is kept apart from it).

    Computed over arrays (columns.py) whenever the plan and the figures allow, else by
    `calculate_decimal`; both give the same results.
    """
    if columns.supports(plan):
        try:
            return columns.calculate_rows(plan, partners, orders, period_start, period_end,
                                          carry_in, highest_ranks).calculation()
        except columns.Unsupported:
            pass
    return calculate_decimal(plan, partners, orders, period_start, period_end, carry_in,
                             highest_ranks)


def calculate_decimal(plan, partners, orders, period_start, period_end, carry_in=None,
                      highest_ranks=None, company=()):
    """`calculate` line by line in Decimal: every plan option, any number of decimals.

    `company` names the company's own accounts (ids): they count in every figure but earn
    nothing (see columns.Network)."""
    carry_in = carry_in or {}
    highest_ranks = highest_ranks or {}
    count = len(partners)
    ids = [row.id for row in partners]
    position = {pid: index for index, pid in enumerate(ids)}
    sponsor = [position[row.sponsor_id] if row.sponsor_id else None for row in partners]
    parent = [
        position[row.placement_parent_id] if row.placement_parent_id else None
        for row in partners
    ]
    terminated = [row.status == "terminated" for row in partners]
    joined = [row.joined_at for row in partners]

    counted = [
        order for order in orders
        if order.status == "paid" and period_start <= order.created_at < period_end
    ]
    pv = [ZERO] * count
    for order in counted:
        pv[position[order.partner_id]] += order.volume
    active = [not terminated[i] and pv[i] >= plan.active_pv for i in range(count)]

    # Group volume and ranks, children before parents in the sponsor tree.
    sponsor_order, sponsored = top_down(sponsor)
    gv = list(pv)
    for index in reversed(sponsor_order):
        if sponsor[index] is not None:
            gv[sponsor[index]] += gv[index]
    rank = [0] * count
    best_below = [0] * count  # the highest rank in the partner's sponsor subtree, themselves in
    for index in reversed(sponsor_order):
        rank[index] = 0 if terminated[index] else _rank_of(plan, index, pv, gv, sponsored,
                                                            best_below)
        best_below[index] = max(
            [rank[index]] + [best_below[child] for child in sponsored.get(index, ())]
        )

    # The nearest active sponsor above each partner, for compressed walks.
    active_above = [None] * count
    for index in sponsor_order:
        up = sponsor[index]
        if up is not None:
            active_above[index] = up if active[up] else active_above[up]

    # The upline each walk hops to: the next active sponsor (dynamic compression), or
    # simply the sponsor, whose level is then used up even when they are not paid.
    walk_up = active_above if plan.unilevel_compression == "dynamic" else sponsor

    lines = []
    results = [PartnerResult(ids[i], pv[i], gv[i], plan.ranks[rank[i]].code, active[i])
               for i in range(count)]

    # Unilevel: each order pays up to len(percent) active sponsors above the buyer.
    levels = plan.unilevel_percent
    unilevel_total = [ZERO] * count
    for order in counted:
        buyer = position[order.partner_id]
        earner, level = walk_up[buyer], 1
        while earner is not None and level <= len(levels):
            if (active[earner] and plan.ranks[rank[earner]].unilevel_depth >= level
                    and ids[earner] not in company):
                amount = cents(order.volume * levels[level - 1] / HUNDRED)
                unilevel_total[earner] += amount
                lines.append(BonusLine(ids[earner], "unilevel", amount, order.id, ids[buyer],
                                       level))
            earner, level = walk_up[earner], level + 1
    for index in range(count):
        results[index].unilevel = unilevel_total[index]

    legs = [row.placement_leg for row in partners]
    _binary(plan, ids, parent, legs, sponsor, active, pv, rank, carry_in, results, lines)

    # Matching: a share of each partner's unilevel total to the active sponsors above.
    for index in range(count):
        if unilevel_total[index] <= 0:
            continue
        earner, generation = walk_up[index], 1
        while earner is not None and generation <= len(plan.matching):
            rule = plan.matching[generation - 1]
            if active[earner] and rank[earner] >= plan.rank_index[rule.min_rank]:
                amount = cents(unilevel_total[index] * rule.percent / HUNDRED)
                results[earner].matching += amount
                lines.append(BonusLine(ids[earner], "matching", amount, "", ids[index],
                                       generation))
            earner, generation = walk_up[earner], generation + 1

    if plan.matrix_width and plan.matrix_percent:
        _matrix(plan, ids, joined, counted, position, sponsor, active, results, lines)

    if plan.stair_step:
        _stair_step(plan, ids, counted, position, sponsor_order, sponsor, active, rank,
                    results, lines)

    # Fast start: orders in a newcomer's first days pay their sponsor and grand-sponsor.
    if plan.fast_start_days and plan.fast_start_percent:
        window = timedelta(days=plan.fast_start_days)
        for order in counted:
            buyer = position[order.partner_id]
            age = order.created_at - joined[buyer]
            if not (age.total_seconds() >= 0 and age < window):
                continue
            earner = sponsor[buyer]
            for level, percent in enumerate(plan.fast_start_percent, start=1):
                if earner is None:
                    break
                if active[earner]:
                    amount = cents(order.volume * percent / HUNDRED)
                    results[earner].fast_start += amount
                    lines.append(BonusLine(ids[earner], "fast_start", amount, order.id,
                                           ids[buyer], level))
                earner = sponsor[earner]

    # Rank advancement: each rank above the highest ever, up to this period's, pays once.
    for index in range(count):
        before = plan.rank_index.get(highest_ranks.get(ids[index], ""), 0)
        results[index].highest_rank = plan.ranks[max(before, rank[index])].code
        for reached in range(before + 1, rank[index] + 1):
            amount = plan.rank_advancement.get(plan.ranks[reached].code)
            if amount:
                amount = cents(amount)
                results[index].rank_advancement += amount
                lines.append(BonusLine(ids[index], "rank_advancement", amount, "",
                                       plan.ranks[reached].code, reached))

    if company:
        lines = [line for line in lines if line.partner not in company]
        for result in results:
            if result.partner in company:
                _earn_nothing(result)

    if plan.payout_cap_percent is not None:
        volume = sum((order.volume for order in counted), ZERO)
        _apply_payout_cap(plan.payout_cap_percent, volume, results, lines, position)

    results.sort(key=lambda result: result.partner)
    return Calculation(results, lines)


def _apply_payout_cap(percent, volume, results, lines, position):
    """Scale every line down by one factor when the period pays more than `percent` of its
    volume; each scaled line, amount * limit / paid, is rounded down exactly (as a
    fraction), so the cap is never exceeded."""
    limit = Fraction(volume) * Fraction(percent) / 100
    paid = Fraction(sum((line.amount for line in lines), ZERO))
    if paid <= limit or not paid:
        return
    factor = limit / paid
    for result in results:
        _earn_nothing(result)
    for line in lines:
        line.amount = Decimal(math.floor(Fraction(line.amount) * factor * 100)).scaleb(-2)
        result = results[position[line.partner]]
        setattr(result, line.kind, getattr(result, line.kind) + line.amount)


def _earn_nothing(result):
    result.unilevel = result.binary = result.matching = result.fast_start = ZERO
    result.rank_advancement = result.stair_step = result.breakaway = ZERO
    result.matrix = ZERO


def _rank_of(plan, index, pv, gv, sponsored, best_below):
    achieved = 0
    for position, rank in enumerate(plan.ranks):
        if pv[index] < rank.min_pv or gv[index] < rank.min_gv:
            continue
        if rank.legs is not None:
            needed = plan.rank_index[rank.legs.min_rank]
            qualifying = sum(
                1 for child in sponsored.get(index, ()) if best_below[child] >= needed
            )
            if qualifying < rank.legs.count:
                continue
        achieved = position
    return achieved


def _binary(plan, ids, parent, legs, sponsor, active, pv, rank, carry_in, results, lines):
    count = len(ids)
    placement_order, placed = top_down(parent)
    # Subtree volume of every node in the placement tree, and each node's two children.
    volume = list(pv)
    for index in reversed(placement_order):
        if parent[index] is not None:
            volume[parent[index]] += volume[index]
    leg_child = [{} for _ in range(count)]
    for index in range(count):
        if parent[index] is not None:
            leg_child[parent[index]][legs[index]] = index
    # Euler intervals: is c in the subtree of n?  entry[n] <= entry[c] < leave[n].
    entry, leave = _intervals(placement_order, parent, placed)
    sponsored_left = [0] * count
    sponsored_right = [0] * count
    if plan.binary_sponsored_each_leg:
        for index in range(count):
            up = sponsor[index]
            if not active[index] or up is None:
                continue
            for leg, tally in (("L", sponsored_left), ("R", sponsored_right)):
                child = leg_child[up].get(leg)
                if child is not None and entry[child] <= entry[index] < leave[child]:
                    tally[up] += 1
    cap = plan.binary_carry_cap
    for index in range(count):
        carry_left, carry_right = carry_in.get(ids[index], (ZERO, ZERO))
        left_child, right_child = leg_child[index].get("L"), leg_child[index].get("R")
        left = carry_left + (volume[left_child] if left_child is not None else ZERO)
        right = carry_right + (volume[right_child] if right_child is not None else ZERO)
        qualified = (
            active[index]
            and sponsored_left[index] >= plan.binary_sponsored_each_leg
            and sponsored_right[index] >= plan.binary_sponsored_each_leg
        )
        if qualified and plan.binary_percent:
            paired = min(left, right)
            amount = cents(min(paired * plan.binary_percent / HUNDRED,
                               plan.ranks[rank[index]].binary_cap))
            results[index].binary = amount
            if amount:
                lines.append(BonusLine(ids[index], "binary", amount))
            left -= paired
            right -= paired
        if plan.binary_flush_inactive and not active[index]:
            left = right = ZERO
        if cap is not None:
            left, right = min(left, cap), min(right, cap)
        results[index].left_carry, results[index].right_carry = left, right


def _intervals(order, parent, children):
    """Entry and leave counters of an iterative depth-first walk of the placement tree."""
    count = len(parent)
    entry, leave = [0] * count, [0] * count
    clock = 0
    roots = [index for index in order if parent[index] is None]
    for root in roots:
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                leave[node] = clock
                continue
            entry[node] = clock
            clock += 1
            stack.append((node, True))
            for child in reversed(children.get(node, ())):
                stack.append((child, False))
    return entry, leave


def _stair_step(plan, ids, counted, position, sponsor_order, sponsor, active, rank, results,
                lines):
    """Stair-step differentials: each active upline whose rank's percent is above what has
    been paid on an order so far earns the difference. With a breakaway rank, the volume
    stops at the buyer's first breakaway-rank upline; the breakaway-rank uplines above
    that one earn generation overrides on it instead.

    Walks hop along precomputed pointers ("the nearest active upline paying more than t
    percent", one array per distinct percent), so no order walks a long chain.
    """
    count = len(ids)
    percent = [
        plan.stair_step.get(plan.ranks[rank[i]].code, ZERO) if active[i] else ZERO
        for i in range(count)
    ]
    thresholds = sorted({ZERO, *plan.stair_step.values()})
    higher = {}
    for threshold in thresholds:
        pointer = [None] * count
        for index in sponsor_order:
            up = sponsor[index]
            if up is not None:
                pointer[index] = up if percent[up] > threshold else pointer[up]
        higher[threshold] = pointer
    depth = [0] * count
    breakaway_above = [None] * count
    needed = plan.rank_index.get(plan.breakaway_rank) if plan.breakaway_rank else None
    for index in sponsor_order:
        up = sponsor[index]
        if up is None:
            continue
        depth[index] = depth[up] + 1
        if needed is not None:
            qualifies = active[up] and rank[up] >= needed
            breakaway_above[index] = up if qualifies else breakaway_above[up]
    for order in counted:
        buyer = position[order.partner_id]
        stop = breakaway_above[buyer]
        paid, earner = ZERO, higher[ZERO][buyer]
        while earner is not None and (stop is None or depth[earner] >= depth[stop]):
            amount = cents(order.volume * (percent[earner] - paid) / HUNDRED)
            if amount:
                results[earner].stair_step += amount
                lines.append(BonusLine(ids[earner], "stair_step", amount, order.id,
                                       ids[buyer], depth[buyer] - depth[earner]))
            paid = percent[earner]
            earner = higher[paid][earner]
        earner = breakaway_above[stop] if stop is not None else None
        for generation, share in enumerate(plan.breakaway_generations, start=1):
            if earner is None:
                break
            amount = cents(order.volume * share / HUNDRED)
            if amount:
                results[earner].breakaway += amount
                lines.append(BonusLine(ids[earner], "breakaway", amount, order.id,
                                       ids[buyer], generation))
            earner = breakaway_above[earner]


def matrix_parents(width, ids, joined, sponsor):
    """The forced matrix built in joining order: each partner takes the first open
    position, breadth-first, in their sponsor's matrix team (spillover). Returns each
    partner's matrix parent index (None for the top)."""
    count = len(ids)
    parent = [None] * count
    children = [[] for _ in range(count)]
    placed = [False] * count
    waiting = defaultdict(list)  # recruits who joined before their sponsor (odd data)
    frontier = {}  # sponsor -> [breadth-first list of their matrix team, first open index]

    def place(index):
        up = sponsor[index]
        if up is not None:
            queue = frontier.setdefault(up, [[up], 0])
            order, cursor = queue
            while len(children[order[cursor]]) >= width:  # full: its children are final
                order.extend(children[order[cursor]])
                cursor += 1
            queue[1] = cursor
            parent[index] = order[cursor]
            children[order[cursor]].append(index)
        placed[index] = True
        for recruit in waiting.pop(index, ()):
            place(recruit)

    for index in sorted(range(count), key=lambda i: (joined[i], ids[i])):
        up = sponsor[index]
        if up is not None and not placed[up]:
            waiting[up].append(index)
        else:
            place(index)
    return parent


def _matrix(plan, ids, joined, counted, position, sponsor, active, results, lines):
    """Each order pays the buyer's matrix uplines level by level (no compression)."""
    parent = matrix_parents(plan.matrix_width, ids, joined, sponsor)
    for order in counted:
        buyer = position[order.partner_id]
        earner = parent[buyer]
        for level, percent in enumerate(plan.matrix_percent, start=1):
            if earner is None:
                break
            if active[earner]:
                amount = cents(order.volume * percent / HUNDRED)
                if amount:
                    results[earner].matrix += amount
                    lines.append(BonusLine(ids[earner], "matrix", amount, order.id,
                                           ids[buyer], level))
            earner = parent[earner]
