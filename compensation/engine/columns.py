"""The engine over arrays: the same rules as `engine.calculate_decimal`, on numpy arrays of
integer cents, with the loops compiled (kernels.py). This is what runs a million
partners and millions of orders in a second or two.

Partners are indexes into `Network.ids`; orders into `Orders`. Every money and volume
figure is an int64 count of cents and every percent an integer over `10**k`, so results
are exact and equal to the Decimal engine's. When a figure has more than two decimals,
or the plan uses a bonus this path does not compute (stair-step, matrix), `Unsupported`
is raised and callers use the Decimal engine.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numba
import numpy as np

from compensation.engine import kernels
from compensation.engine.results import BonusLine, Calculation, PartnerResult

# Bonus kinds, by index in Lines.kind and Period.totals. The last three are made only by
# the Decimal engine (stair-step, breakaway, matrix; see from_calculation).
KINDS = ("unilevel", "binary", "matching", "fast_start", "rank_advancement", "stair_step",
         "breakaway", "matrix")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
MAX_PERCENT_DECIMALS = 6
MAX_LEVELS = 30  # unilevel levels and matching generations (bits of one int32 mask)
LEGS = {"L": 0, "R": 1}


class Unsupported(Exception):
    """The plan or the figures need the Decimal engine."""


def micros(moment):
    """A UTC datetime as integer microseconds since 1970."""
    return (moment - EPOCH) // MICROSECOND


def cents(value):
    """A Decimal with at most two decimals as integer cents; Unsupported otherwise."""
    scaled = Decimal(value) * 100
    if scaled != scaled.to_integral_value():
        raise Unsupported(f"{value} has more than two decimals")
    return int(scaled)


def from_cents(amount):
    return Decimal(int(amount)).scaleb(-2)


def percents(values):
    """Percents as integers over one scale: (array, scale) with scale = 100 * 10**k."""
    decimals = 0
    for value in values:
        exponent = Decimal(value).normalize().as_tuple().exponent
        decimals = max(decimals, -exponent if isinstance(exponent, int) else 0)
    if decimals > MAX_PERCENT_DECIMALS:
        raise Unsupported("a percent has more than six decimals")
    factor = 10 ** decimals
    return np.array([int(Decimal(value) * factor) for value in values], np.int64), 100 * factor


def supports(plan):
    return not plan.stair_step and not plan.breakaway_generations and not (
        plan.matrix_width and plan.matrix_percent
    )


@dataclass
class Network:
    """Both trees as parent indexes (-1: none), with each partner's status and join time.

    `company` marks the company's own accounts (the root of a company's network): they
    take part in every figure (volumes, ranks, legs, compression) but earn nothing, so
    what they would have earned stays with the company and nobody is matched on it."""

    ids: list
    sponsor: np.ndarray
    parent: np.ndarray
    leg: np.ndarray  # 0 left, 1 right, -1 not placed
    terminated: np.ndarray
    joined: np.ndarray  # microseconds since 1970
    position: dict = field(default=None, repr=False)
    pks: np.ndarray = field(default=None, repr=False)  # database keys, when read from one
    company: np.ndarray = field(default=None, repr=False)  # bool per partner; None: nobody

    def __post_init__(self):
        if self.position is None:
            self.position = {pid: index for index, pid in enumerate(self.ids)}

    def company_mask(self):
        """The company's accounts as a bool array, or None when there are none."""
        if self.company is None or not self.company.any():
            return None
        return self.company

    def company_ids(self):
        mask = self.company_mask()
        return set() if mask is None else {self.ids[i] for i in np.flatnonzero(mask).tolist()}

    @classmethod
    def from_rows(cls, rows):
        ids = [row.id for row in rows]
        position = {pid: index for index, pid in enumerate(ids)}
        count = len(rows)
        sponsor = np.fromiter((position[row.sponsor_id] if row.sponsor_id else -1
                               for row in rows), np.int64, count)
        parent = np.fromiter((position[row.placement_parent_id] if row.placement_parent_id
                              else -1 for row in rows), np.int64, count)
        leg = np.fromiter((LEGS.get(row.placement_leg, -1) for row in rows), np.int8, count)
        terminated = np.fromiter((row.status == "terminated" for row in rows), np.bool_, count)
        joined = np.fromiter((micros(row.joined_at) for row in rows), np.int64, count)
        return cls(ids, sponsor, parent, leg, terminated, joined, position)


@dataclass
class Orders:
    ids: list
    buyer: np.ndarray
    created: np.ndarray  # microseconds since 1970
    volume: np.ndarray  # cents
    paid: np.ndarray

    @classmethod
    def from_rows(cls, rows, position):
        count = len(rows)
        return cls(
            [row.id for row in rows],
            np.fromiter((position[row.partner_id] for row in rows), np.int64, count),
            np.fromiter((micros(row.created_at) for row in rows), np.int64, count),
            np.fromiter((cents(row.volume) for row in rows), np.int64, count),
            np.fromiter((row.status == "paid" for row in rows), np.bool_, count),
        )


@dataclass
class Lines:
    """Bonus lines as columns: who earns, which kind (an index into KINDS), the order
    (-1: none), the downline partner it comes from (-1: none), level or generation (for
    rank advancement: the rank reached), and the amount in cents."""

    earner: np.ndarray
    kind: np.ndarray
    order: np.ndarray
    source: np.ndarray
    level: np.ndarray
    amount: np.ndarray

    def __len__(self):
        return len(self.earner)

    @classmethod
    def empty(cls, size):
        return cls(np.empty(size, np.int32), np.empty(size, np.int8),
                   np.empty(size, np.int32), np.empty(size, np.int32),
                   np.empty(size, np.int32), np.empty(size, np.int64))

    def columns(self):
        return (self.earner, self.kind, self.order, self.source, self.level, self.amount)


@dataclass
class Period:
    """One period's results as arrays, in the network's index order."""

    plan: object
    network: Network
    orders: Orders
    pv: np.ndarray
    gv: np.ndarray
    rank: np.ndarray
    active: np.ndarray
    totals: np.ndarray  # KINDS x partners, cents
    left_carry: np.ndarray
    right_carry: np.ndarray
    highest: np.ndarray
    lines: Lines
    volume: int = 0  # the period's counted volume, cents
    best_rank: np.ndarray = None  # the best rank in each partner's sponsor subtree
    left_volume: np.ndarray = None  # each placement leg's volume this period (no carry)
    right_volume: np.ndarray = None
    left_carry_in: np.ndarray = None
    right_carry_in: np.ndarray = None

    def total(self):
        return self.totals.sum(axis=0)

    def calculation(self):
        """The Decimal engine's Calculation (results sorted by id, BonusLine objects)."""
        codes = [rank.code for rank in self.plan.ranks]
        ids = self.network.ids
        results = []
        columns = [self.pv, self.gv, self.rank, self.active, self.left_carry,
                   self.right_carry, self.highest, *self.totals]
        for index, row in enumerate(zip(*(column.tolist() for column in columns),
                                        strict=True)):
            pv, gv, rank, active, left, right, top, *earned = row
            result = PartnerResult(str(ids[index]), from_cents(pv), from_cents(gv),
                                   codes[rank], bool(active))
            for kind, amount in zip(KINDS, earned, strict=True):
                setattr(result, kind, from_cents(amount))
            result.left_carry, result.right_carry = from_cents(left), from_cents(right)
            result.highest_rank = codes[top]
            results.append(result)
        results.sort(key=lambda result: result.partner)
        order_ids = self.orders.ids
        lines = []
        for earner, kind, order, source, level, amount in zip(
            *(column.tolist() for column in (self.lines.earner, self.lines.kind,
                                             self.lines.order, self.lines.source,
                                             self.lines.level, self.lines.amount)),
            strict=True,
        ):
            name = KINDS[kind]
            if name == "rank_advancement":
                origin = codes[level]
            else:
                origin = str(ids[source]) if source >= 0 else ""
            lines.append(BonusLine(str(ids[earner]), name, from_cents(amount),
                                   str(order_ids[order]) if order >= 0 else "", origin, level))
        return Calculation(results, lines)


def _money(values, none=-1):
    return np.array([none if value is None else cents(value) for value in values], np.int64)


def calculate(plan, network, orders, period_start, period_end, carry_left=None,
              carry_right=None, highest_before=None):
    """The period [start, end) (UTC datetimes) over arrays; see the module docstring."""
    if not supports(plan):
        raise Unsupported("the plan pays a bonus only the Decimal engine computes")
    count = len(network.ids)
    zeros = np.zeros(count, np.int64)
    carry_left = zeros if carry_left is None else carry_left
    carry_right = zeros if carry_right is None else carry_right
    highest_before = zeros if highest_before is None else highest_before
    ranks = plan.ranks
    min_pv, min_gv = _money(r.min_pv for r in ranks), _money(r.min_gv for r in ranks)
    caps = _money(r.binary_cap for r in ranks)
    depth_of_rank = np.array([r.unilevel_depth for r in ranks], np.int64)
    legs_count = np.array([r.legs.count if r.legs else -1 for r in ranks], np.int64)
    legs_rank = np.array([plan.rank_index[r.legs.min_rank] if r.legs else 0 for r in ranks],
                         np.int64)
    active_pv = cents(plan.active_pv)
    carry_cap = -1 if plan.binary_carry_cap is None else cents(plan.binary_carry_cap)
    uni_percent, uni_scale = percents(plan.unilevel_percent)
    bin_percent, bin_scale = percents([plan.binary_percent])
    match_percent, match_scale = percents([g.percent for g in plan.matching])
    match_rank = np.array([plan.rank_index[g.min_rank] for g in plan.matching], np.int64)
    fast_percent, fast_scale = percents(plan.fast_start_percent)
    _guard_overflow(orders, carry_left, carry_right, [
        (uni_percent, uni_scale), (bin_percent, bin_scale), (match_percent, match_scale),
        (fast_percent, fast_scale),
    ])

    start, end = micros(period_start), micros(period_end)
    counted = np.flatnonzero(orders.paid & (orders.created >= start) & (orders.created < end))
    buyer = orders.buyer[counted]
    volume = orders.volume[counted]
    created = orders.created[counted]

    sponsor, terminated = network.sponsor, network.terminated
    offsets, kids = kernels.children(sponsor)
    order = kernels.breadth_first(sponsor, offsets, kids)
    if len(order) != count:
        raise ValueError("the sponsor tree has a cycle")
    pv = kernels.personal_volume(count, buyer, volume)
    gv, rank, best = kernels.group_volume_and_ranks(sponsor, order, offsets, kids, pv, terminated,
                                              min_pv, min_gv, legs_count, legs_rank)
    active = ~terminated & (pv >= active_pv)
    above = kernels.nearest_active_above(sponsor, order, active)
    walk_up = above if plan.unilevel_compression == "dynamic" else sponsor

    placement_offsets, placement_kids = kernels.children(network.parent)
    placement_order = kernels.breadth_first(network.parent, placement_offsets, placement_kids)
    binary_amount, left_carry, right_carry, left_volume, right_volume = kernels.binary(
        network.parent, network.leg, placement_order, placement_offsets, placement_kids,
        sponsor, active, pv, rank, carry_left, carry_right,
        int(bin_percent[0]) if len(bin_percent) else 0, bin_scale,
        plan.binary_sponsored_each_leg, caps, carry_cap, plan.binary_flush_inactive,
    )

    # Each partner's uplines on the unilevel/matching walk, and which levels they are
    # paid: the walks of all orders then read one row each.
    levels, generations = len(uni_percent), len(match_percent)
    if max(levels, generations) > MAX_LEVELS:
        raise Unsupported(f"more than {MAX_LEVELS} levels")
    reach = np.where(active, depth_of_rank[rank], 0)
    table, paid = kernels.upline_table(walk_up, order, max(levels, generations, 1), reach)

    # One buffer large enough for every line (pages never written cost nothing), filled
    # in the Decimal engine's order: unilevel, binary, matching, fast start, rank
    # advancement; each kind's sum per partner is kept on the way.
    totals = np.zeros((len(KINDS), count), np.int64)
    window = plan.fast_start_days * 86_400_000_000
    advancement = np.zeros(len(ranks), np.int64)
    for code, amount in plan.rank_advancement.items():
        advancement[plan.rank_index[code]] = cents(amount)
    capacity = (
        (kernels.paid_line_count(buyer, paid, levels) if levels else 0)
        + int(np.count_nonzero(binary_amount)) + count * generations
        + len(buyer) * len(fast_percent) + count * int(np.count_nonzero(advancement))
    )
    lines = Lines.empty(capacity)
    out = lines.columns()
    at = 0
    if levels:
        at = kernels.unilevel(buyer, volume, counted, table, paid, uni_percent, uni_scale,
                              out, at, totals[kernels.UNILEVEL], numba.get_num_threads())
    company = network.company_mask()
    if company is not None:
        # The company earns nothing: no unilevel for it (its lines are dropped below), so
        # nobody is matched on it, and no binary.
        totals[kernels.UNILEVEL][company] = 0
        binary_amount = np.where(company, 0, binary_amount)
    at = kernels.per_partner(binary_amount, kernels.BINARY, out, at, -1, rank,
                             highest_before, advancement)
    if generations:
        at = kernels.matching(totals[kernels.UNILEVEL], table, active, rank, match_percent,
                              match_rank, match_scale, out, at, totals[kernels.MATCHING])
    if plan.fast_start_days and len(fast_percent):
        at = kernels.fast_start(buyer, created, volume, counted, network.joined, window,
                                sponsor, active, fast_percent, fast_scale, out, at,
                                totals[kernels.FAST_START])
    if advancement.any():
        at = kernels.per_partner(binary_amount, kernels.RANK_ADVANCEMENT, out, at,
                                 kernels.RANK_ADVANCEMENT, rank, highest_before, advancement)
    lines = Lines(*(column[:at] for column in out))
    totals[kernels.BINARY] = binary_amount
    if advancement.any():
        totals[kernels.RANK_ADVANCEMENT] = _advancement_totals(advancement, highest_before,
                                                               rank)
    if company is not None:
        paid_to_partner = ~company[lines.earner]
        lines = Lines(*(column[paid_to_partner] for column in lines.columns()))
        totals[:, company] = 0
    highest = np.maximum(highest_before, rank)

    period_volume = int(volume.sum())
    if plan.payout_cap_percent is not None:
        cap_percent, cap_scale = percents([plan.payout_cap_percent])
        amounts = capped(lines.amount, period_volume, int(cap_percent[0]), cap_scale)
        if amounts is not lines.amount:
            lines.amount = amounts
            totals = kernels.totals_by_partner(count, lines.earner, lines.kind, amounts,
                                               len(KINDS))
    return Period(plan, network, orders, pv, gv, rank, active, totals, left_carry,
                  right_carry, highest, lines, period_volume, best, left_volume, right_volume,
                  carry_left, carry_right)


def calculate_rows(plan, partners, orders, period_start, period_end, carry_in=None,
                   highest_ranks=None):
    """`calculate` from the readers' rows and dicts (see engine.calculate)."""
    network = Network.from_rows(partners)
    return calculate(plan, network, Orders.from_rows(orders, network.position),
                     period_start, period_end, *carry_arrays(network, carry_in or {}),
                     highest_array(plan, network, highest_ranks or {}))


def carry_arrays(network, carry):
    """{partner id: (left, right)} as two arrays of cents; unknown ids are ignored. Two
    arrays already (a previous Period's carry-out) are taken as they are."""
    if isinstance(carry, tuple):
        return carry
    left = np.zeros(len(network.ids), np.int64)
    right = np.zeros(len(network.ids), np.int64)
    for pid, (carry_left, carry_right) in carry.items():
        index = network.position.get(pid)
        if index is not None:
            left[index], right[index] = cents(carry_left), cents(carry_right)
    return left, right


def highest_array(plan, network, highest_ranks):
    """{partner id: rank code} as rank indexes (0 for anyone not listed); an array of
    rank indexes (a previous Period's `highest`) is taken as it is."""
    if isinstance(highest_ranks, np.ndarray):
        return highest_ranks
    highest = np.zeros(len(network.ids), np.int64)
    for pid, code in highest_ranks.items():
        index = network.position.get(pid)
        if index is not None:
            highest[index] = plan.rank_index.get(code, 0)
    return highest


def from_calculation(plan, network, orders, calculation, carry_left=None, carry_right=None):
    """The Decimal engine's Calculation over `network` and `orders` as a Period, so that
    plans only it computes are stored and reported the same way. Figures must be whole
    cents (they are, from the database)."""
    count = len(network.ids)
    position = network.position
    pv, gv, rank, left, right, highest = (np.zeros(count, np.int64) for _ in range(6))
    active = np.zeros(count, np.bool_)
    totals = np.zeros((len(KINDS), count), np.int64)
    for result in calculation.results:
        i = position[result.partner]
        pv[i], gv[i] = cents(result.pv), cents(result.gv)
        rank[i], highest[i] = plan.rank_index[result.rank], plan.rank_index[result.highest_rank]
        active[i] = result.active
        left[i], right[i] = cents(result.left_carry), cents(result.right_carry)
        for k, kind in enumerate(KINDS):
            totals[k, i] = cents(getattr(result, kind))
    order_index = {str(pk): j for j, pk in enumerate(orders.ids)}
    lines = Lines.empty(len(calculation.lines))
    for j, line in enumerate(calculation.lines):
        lines.earner[j] = position[line.partner]
        lines.kind[j] = KINDS.index(line.kind)
        lines.order[j] = order_index.get(line.order, -1)
        lines.source[j] = position.get(line.source, -1) if line.kind != "rank_advancement" \
            else -1
        lines.level[j] = line.level
        lines.amount[j] = cents(line.amount)
    sponsor_order = kernels.breadth_first(network.sponsor, *kernels.children(network.sponsor))
    placement_order = kernels.breadth_first(network.parent, *kernels.children(network.parent))
    best, left_volume, right_volume = kernels.subtree_best_and_legs(
        network.sponsor, sponsor_order, rank, network.parent, network.leg, placement_order, pv
    )
    zeros = np.zeros(count, np.int64)
    return Period(plan, network, orders, pv, gv, rank, active, totals, left, right, highest,
                  lines, int(orders.volume.sum()), best, left_volume, right_volume,
                  zeros if carry_left is None else carry_left,
                  zeros if carry_right is None else carry_right)


def capped(amounts, volume, percent, scale):
    """Every line scaled down by one factor when the lines pay more than `percent` of the
    period's volume, each rounded down, so the cap is never exceeded:
    floor(amount * limit / paid), exact (Python integers, no overflow)."""
    paid = int(amounts.sum())
    # limit = volume * percent / scale (cents, a fraction): compare paid * scale with it.
    if not paid or paid * scale <= volume * percent:
        return amounts
    numerator, denominator = volume * percent, scale * paid
    return np.array([amount * numerator // denominator for amount in amounts.tolist()],
                    np.int64)


def _guard_overflow(orders, carry_left, carry_right, rates):
    """Products `2 * base * percent + scale` must fit in int64, where a base is at most
    all the volume plus the largest carry (a matching base is a share of the volume):
    refuse figures that could come near."""
    largest = int(orders.volume.sum()) if len(orders.volume) else 0
    largest += int(carry_left.max(initial=0)) + int(carry_right.max(initial=0))
    for values, scale in rates:
        top = max([scale, *(int(value) for value in values)])
        if 4 * (largest + 1) * top >= 2 ** 62:
            raise Unsupported("volumes too large for 64-bit cents")


def _advancement_totals(advancement, highest_before, rank):
    """Each partner's rank advancement total: the bonuses of the ranks above their
    highest before, up to their rank now (a prefix sum over the ranks)."""
    prefix = np.concatenate([[0], np.cumsum(advancement)])
    return np.where(rank > highest_before, prefix[rank + 1] - prefix[highest_before + 1], 0)
