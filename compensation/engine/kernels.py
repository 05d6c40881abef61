"""The engine's inner loops, compiled with Numba.

Why compiled loops and not numpy expressions: every rule is a walk over a tree (a
bottom-up sum, an upline walk per order that hops over inactive partners, a depth-first
interval per node). In numpy these become one pass per tree level, and a 100,000-level
leg makes that 100,000 passes; as compiled loops each is a single O(n) pass. Numba is
the well-kept way to compile such loops from Python (no C extension to build), and it
caches the machine code beside this file after the first run.

Money is integer cents and percents are integers scaled by `10**k` (see columns.py), so
every sum is exact; a line is rounded half up to the cent as the plan says:
`(2 * base * percent + scale) // (2 * scale)` with `scale = 100 * 10**k` (bases are never
negative). Partners and orders are indexes; -1 means "none".
"""

import numpy as np
from numba import njit, prange

# Bonus kinds in line arrays.
UNILEVEL, BINARY, MATCHING, FAST_START, RANK_ADVANCEMENT = 0, 1, 2, 3, 4


@njit(cache=True, nogil=True)
def share(base, percent, scale):
    """`base * percent / scale` rounded half up (base >= 0)."""
    return (2 * base * percent + scale) // (2 * scale)


@njit(cache=True, nogil=True)
def children(parent):
    """Children of every node as CSR arrays: node i's are kids[offsets[i]:offsets[i+1]],
    in index order."""
    n = parent.shape[0]
    offsets = np.zeros(n + 1, np.int64)
    for i in range(n):
        if parent[i] >= 0:
            offsets[parent[i] + 1] += 1
    for i in range(n):
        offsets[i + 1] += offsets[i]
    fill = offsets[:n].copy()
    kids = np.empty(offsets[n], np.int64)
    for i in range(n):
        p = parent[i]
        if p >= 0:
            kids[fill[p]] = i
            fill[p] += 1
    return offsets, kids


@njit(cache=True, nogil=True)
def breadth_first(parent, offsets, kids):
    """Every node reachable from a root, parents before children. Shorter than the
    tree when some nodes sit on a cycle."""
    n = parent.shape[0]
    order = np.empty(n, np.int64)
    size = 0
    for i in range(n):
        if parent[i] < 0:
            order[size] = i
            size += 1
    head = 0
    while head < size:
        node = order[head]
        head += 1
        for k in range(offsets[node], offsets[node + 1]):
            order[size] = kids[k]
            size += 1
    return order[:size]


@njit(cache=True, nogil=True)
def personal_volume(count, buyer, volume):
    pv = np.zeros(count, np.int64)
    for j in range(buyer.shape[0]):
        pv[buyer[j]] += volume[j]
    return pv


@njit(cache=True, nogil=True)
def group_volume_and_ranks(sponsor, order, offsets, kids, pv, terminated, min_pv, min_gv,
                           legs_count, legs_rank):
    """GV (PV of the partner and everyone below in the sponsor tree), the paid rank (the
    last rank whose PV, GV and legs requirements are met; `legs_count[r] < 0`: none) and
    the best rank in each partner's sponsor subtree, themselves included. A leg
    qualifies when its sponsored partner's subtree holds someone of `legs_rank[r]` or
    above."""
    n = sponsor.shape[0]
    gv = pv.copy()
    rank = np.zeros(n, np.int64)
    best = np.zeros(n, np.int64)
    for j in range(order.shape[0] - 1, -1, -1):
        i = order[j]
        achieved = 0
        if not terminated[i]:
            for r in range(min_pv.shape[0]):
                if pv[i] < min_pv[r] or gv[i] < min_gv[r]:
                    continue
                if legs_count[r] >= 0:
                    qualifying = 0
                    for k in range(offsets[i], offsets[i + 1]):
                        if best[kids[k]] >= legs_rank[r]:
                            qualifying += 1
                    if qualifying < legs_count[r]:
                        continue
                achieved = r
        rank[i] = achieved
        top = achieved
        for k in range(offsets[i], offsets[i + 1]):
            if best[kids[k]] > top:
                top = best[kids[k]]
        best[i] = top
        if sponsor[i] >= 0:
            gv[sponsor[i]] += gv[i]
    return gv, rank, best


@njit(cache=True, nogil=True)
def nearest_active_above(sponsor, order, active):
    up = np.full(sponsor.shape[0], -1, np.int64)
    for j in range(order.shape[0]):
        i = order[j]
        s = sponsor[i]
        if s >= 0:
            up[i] = s if active[s] else up[s]
    return up


@njit(cache=True, nogil=True)
def upline_table(walk_up, order, width, reach):
    """Each partner's first `width` uplines on the walk (`walk_up` hops: the nearest active
    sponsor with dynamic compression, the sponsor without), built top-down in one pass:
    row i is walk_up[i] followed by the first width-1 of walk_up[i]'s row. Bit k of
    `paid[i]` is set when the (k+1)-th upline is paid at that level, that is when
    `reach[upline] >= k + 1` (reach: the paid unilevel depth, 0 when inactive)."""
    n = walk_up.shape[0]
    table = np.full((n, width), -1, np.int32)
    paid = np.zeros(n, np.int32)
    for j in range(order.shape[0]):
        i = order[j]
        up = walk_up[i]
        if up < 0:
            continue
        table[i, 0] = up
        for k in range(1, width):
            table[i, k] = table[up, k - 1]
        mask = 0
        for k in range(width):
            e = table[i, k]
            if e < 0:
                break
            if reach[e] >= k + 1:
                mask |= 1 << k
        paid[i] = mask
    return table, paid


@njit(cache=True, nogil=True, parallel=True)
def unilevel(buyer, volume, counted, table, paid, percent, scale, lines, start, totals,
             threads):
    """Lines of every order's upline walk, written from `start` on in order order, each
    earner's sum added to `totals`; returns where the lines end. `lines` is (earner,
    kind, order, source, level, amount); `counted[j]` is order j's index among all
    orders. The orders are cut into one slice per thread: each slice's lines start where
    the slices before it end (counted first), and each thread sums into its own row."""
    earner_out, kind_out, order_out, source_out, level_out, amount_out = lines
    n = buyer.shape[0]
    levels = percent.shape[0]
    limit = (1 << levels) - 1
    slices = max(1, min(threads, n // 50_000))
    bounds = np.empty(slices + 1, np.int64)
    for c in range(slices + 1):
        bounds[c] = n * c // slices
    counts = np.zeros(slices, np.int64)
    for c in prange(slices):
        total = 0
        for j in range(bounds[c], bounds[c + 1]):
            mask = paid[buyer[j]] & limit
            while mask:
                mask &= mask - 1
                total += 1
        counts[c] = total
    firsts = np.empty(slices, np.int64)
    at = start
    for c in range(slices):
        firsts[c] = at
        at += counts[c]
    sums = np.zeros((slices, totals.shape[0]), np.int64)
    for c in prange(slices):
        position = firsts[c]
        for j in range(bounds[c], bounds[c + 1]):
            b = buyer[j]
            mask = paid[b] & limit
            k = 0
            while mask:
                if mask & 1:
                    earner = table[b, k]
                    amount = share(volume[j], percent[k], scale)
                    sums[c, earner] += amount
                    earner_out[position] = earner
                    kind_out[position] = UNILEVEL
                    order_out[position] = counted[j]
                    source_out[position] = b
                    level_out[position] = k + 1
                    amount_out[position] = amount
                    position += 1
                mask >>= 1
                k += 1
    for c in range(slices):
        for i in range(totals.shape[0]):
            totals[i] += sums[c, i]
    return at


@njit(cache=True, nogil=True)
def paid_line_count(buyer, paid, levels):
    """How many unilevel lines the orders make (the set bits of their buyers' masks)."""
    total = 0
    limit = (1 << levels) - 1
    for j in range(buyer.shape[0]):
        mask = paid[buyer[j]] & limit
        while mask:
            mask &= mask - 1
            total += 1
    return total


@njit(cache=True, nogil=True)
def euler_intervals(parent, order, offsets, kids):
    """Entry and leave counters of a depth-first walk: c is in n's subtree when
    entry[n] <= entry[c] < leave[n]."""
    n = parent.shape[0]
    entry = np.zeros(n, np.int64)
    leave = np.zeros(n, np.int64)
    stack = np.empty(2 * n + 2, np.int64)  # node * 2 + (1 when leaving)
    clock = 0
    for j in range(order.shape[0]):
        root = order[j]
        if parent[root] >= 0:
            continue
        top = 0
        stack[top] = root * 2
        top += 1
        while top > 0:
            top -= 1
            item = stack[top]
            node = item // 2
            if item % 2 == 1:
                leave[node] = clock
                continue
            entry[node] = clock
            clock += 1
            stack[top] = node * 2 + 1
            top += 1
            for k in range(offsets[node + 1] - 1, offsets[node] - 1, -1):
                stack[top] = kids[k] * 2
                top += 1
    return entry, leave


@njit(cache=True, nogil=True)
def binary(parent, leg, order, offsets, kids, sponsor, active, pv, rank, carry_left,
           carry_right, percent, scale, sponsored_each_leg, caps, carry_cap, flush_inactive):
    """Per partner: the binary amount, the carry-out left and right (carry_cap < 0: no
    cap), and the period's volume of each placement leg (before carry)."""
    n = parent.shape[0]
    volume = pv.copy()
    for j in range(order.shape[0] - 1, -1, -1):
        i = order[j]
        if parent[i] >= 0:
            volume[parent[i]] += volume[i]
    left_child = np.full(n, -1, np.int64)
    right_child = np.full(n, -1, np.int64)
    for i in range(n):
        if parent[i] >= 0:
            if leg[i] == 0:
                left_child[parent[i]] = i
            else:
                right_child[parent[i]] = i
    sponsored_left = np.zeros(n, np.int64)
    sponsored_right = np.zeros(n, np.int64)
    if sponsored_each_leg > 0:
        entry, leave = euler_intervals(parent, order, offsets, kids)
        for i in range(n):
            up = sponsor[i]
            if not active[i] or up < 0:
                continue
            c = left_child[up]
            if c >= 0 and entry[c] <= entry[i] and entry[i] < leave[c]:
                sponsored_left[up] += 1
            c = right_child[up]
            if c >= 0 and entry[c] <= entry[i] and entry[i] < leave[c]:
                sponsored_right[up] += 1
    amount = np.zeros(n, np.int64)
    out_left = np.zeros(n, np.int64)
    out_right = np.zeros(n, np.int64)
    for i in range(n):
        left = carry_left[i] + (volume[left_child[i]] if left_child[i] >= 0 else 0)
        right = carry_right[i] + (volume[right_child[i]] if right_child[i] >= 0 else 0)
        qualified = (active[i] and sponsored_left[i] >= sponsored_each_leg
                     and sponsored_right[i] >= sponsored_each_leg)
        if qualified and percent > 0:
            paired = min(left, right)
            amount[i] = min(share(paired, percent, scale), caps[rank[i]])
            left -= paired
            right -= paired
        if flush_inactive and not active[i]:
            left = 0
            right = 0
        if carry_cap >= 0:
            left = min(left, carry_cap)
            right = min(right, carry_cap)
        out_left[i] = left
        out_right[i] = right
    left_volume = np.zeros(n, np.int64)
    right_volume = np.zeros(n, np.int64)
    for i in range(n):
        if left_child[i] >= 0:
            left_volume[i] = volume[left_child[i]]
        if right_child[i] >= 0:
            right_volume[i] = volume[right_child[i]]
    return amount, out_left, out_right, left_volume, right_volume


@njit(cache=True, nogil=True)
def matching(base, table, active, rank, percent, min_rank, scale, lines, start, totals):
    """Lines paying a share of each partner's unilevel total to the g-th upline on the
    same walk as unilevel, when active and of the generation's rank or above."""
    earner_out, kind_out, order_out, source_out, level_out, amount_out = lines
    at = start
    generations = percent.shape[0]
    for s in range(base.shape[0]):
        if base[s] <= 0:
            continue
        for g in range(generations):
            earner = table[s, g]
            if earner < 0:
                break
            if active[earner] and rank[earner] >= min_rank[g]:
                amount = share(base[s], percent[g], scale)
                totals[earner] += amount
                earner_out[at] = earner
                kind_out[at] = MATCHING
                order_out[at] = -1
                source_out[at] = s
                level_out[at] = g + 1
                amount_out[at] = amount
                at += 1
    return at


@njit(cache=True, nogil=True)
def fast_start(buyer, created, volume, counted, joined, window, sponsor, active, percent,
               scale, lines, start, totals):
    """Lines for orders made in the buyer's first days, to the sponsor and up (no
    compression: an inactive sponsor's level is simply not paid)."""
    earner_out, kind_out, order_out, source_out, level_out, amount_out = lines
    at = start
    for j in range(buyer.shape[0]):
        b = buyer[j]
        age = created[j] - joined[b]
        if age < 0 or age >= window:
            continue
        earner = sponsor[b]
        for level in range(1, percent.shape[0] + 1):
            if earner < 0:
                break
            if active[earner]:
                amount = share(volume[j], percent[level - 1], scale)
                totals[earner] += amount
                earner_out[at] = earner
                kind_out[at] = FAST_START
                order_out[at] = counted[j]
                source_out[at] = b
                level_out[at] = level
                amount_out[at] = amount
                at += 1
            earner = sponsor[earner]
    return at


@njit(cache=True, nogil=True)
def per_partner(values, kind, lines, start, advancement_rank, rank, highest_before,
                advancement):
    """Lines of one amount per partner (binary: `kind` BINARY and `values` the amounts,
    zero skipped), or with `advancement_rank` >= 0 the rank advancement lines: for each
    partner in turn, one per rank above their highest before, up to their rank now."""
    earner_out, kind_out, order_out, source_out, level_out, amount_out = lines
    at = start
    for i in range(rank.shape[0]):
        if advancement_rank < 0:
            if values[i] != 0:
                earner_out[at] = i
                kind_out[at] = kind
                order_out[at] = -1
                source_out[at] = -1
                level_out[at] = 0
                amount_out[at] = values[i]
                at += 1
            continue
        for reached in range(highest_before[i] + 1, rank[i] + 1):
            if advancement[reached] > 0:
                earner_out[at] = i
                kind_out[at] = kind
                order_out[at] = -1
                source_out[at] = -1
                level_out[at] = reached
                amount_out[at] = advancement[reached]
                at += 1
    return at


@njit(cache=True, nogil=True)
def subtree_best_and_legs(sponsor, sponsor_order, rank, parent, leg, placement_order, pv):
    """For figures the Decimal engine made: the best rank in each sponsor subtree and the
    volume of each placement leg."""
    n = sponsor.shape[0]
    best = rank.copy()
    for j in range(sponsor_order.shape[0] - 1, -1, -1):
        i = sponsor_order[j]
        if sponsor[i] >= 0 and best[i] > best[sponsor[i]]:
            best[sponsor[i]] = best[i]
    volume = pv.copy()
    for j in range(placement_order.shape[0] - 1, -1, -1):
        i = placement_order[j]
        if parent[i] >= 0:
            volume[parent[i]] += volume[i]
    left_volume = np.zeros(n, np.int64)
    right_volume = np.zeros(n, np.int64)
    for i in range(n):
        if parent[i] >= 0:
            if leg[i] == 0:
                left_volume[parent[i]] = volume[i]
            else:
                right_volume[parent[i]] = volume[i]
    return best, left_volume, right_volume


@njit(cache=True, nogil=True)
def totals_by_partner(count, earner, kind, amount, kinds):
    totals = np.zeros((kinds, count), np.int64)
    for j in range(earner.shape[0]):
        totals[kind[j], earner[j]] += amount[j]
    return totals
