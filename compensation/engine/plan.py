"""The compensation plan file (JSON), read into exact values and checked.

The format is the reference plan's (../shared/reference-plan/plan.json). Amounts and
percents are decimal strings (numbers are accepted too) and become `Decimal`.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

# Bounds a plan's figures stay within, so a mistyped or hostile file is refused with its
# key named instead of paying more than the whole volume or failing a run: a percent pays
# at most the whole amount; an amount is below what a money column holds (14 digits, 2 of
# them cents); the levels and generations a plan pays are far fewer than MAX_LEVELS.
# The reference plan the company starts from (the demo's plan, the editor's starting point).
REFERENCE_PLAN_FILE = Path(__file__).parent / "reference_plan.json"

MAX_PERCENT = Decimal(100)
MAX_AMOUNT = Decimal(10) ** 12 - 1
MAX_LEVELS = 100
MAX_COUNT = 10_000


class PlanError(Exception):
    """A plan file that cannot be used; the message names the file and the key."""

    def __init__(self, filename, where, problem):
        self.filename, self.where, self.problem = filename, where, problem
        super().__init__(f"{filename}, {where}: {problem}")


@dataclass(frozen=True)
class Legs:
    count: int
    min_rank: str


@dataclass(frozen=True)
class Rank:
    code: str
    min_pv: Decimal
    min_gv: Decimal
    unilevel_depth: int
    binary_cap: Decimal
    legs: Legs | None = None


@dataclass(frozen=True)
class Generation:
    percent: Decimal
    min_rank: str


@dataclass(frozen=True)
class Plan:
    name: str
    version: int
    currency: str
    active_pv: Decimal
    ranks: tuple
    unilevel_percent: tuple = ()
    unilevel_compression: str = "dynamic"  # or "none": an inactive upline uses a level
    binary_percent: Decimal = Decimal(0)
    binary_sponsored_each_leg: int = 0
    binary_carry_cap: Decimal | None = None
    binary_flush_inactive: bool = False  # an inactive partner's carry is lost
    matching: tuple = ()
    fast_start_days: int = 0
    fast_start_percent: tuple = ()
    payout_cap_percent: Decimal | None = None  # of the period's volume, plan-wide
    # Forced matrix: width, and the percent paid per level (its depth).
    matrix_width: int = 0
    matrix_percent: tuple = ()
    # Stair-step differential: {rank code: percent}; breakaway rank and its generations.
    stair_step: dict = field(default_factory=dict)
    breakaway_rank: str | None = None
    breakaway_generations: tuple = ()
    # One-off bonuses for reaching a rank above the partner's highest rank ever.
    rank_advancement: dict = field(default_factory=dict)
    rank_index: dict = field(default_factory=dict)

    def rank_at_least(self, code, minimum):
        return self.rank_index[code] >= self.rank_index[minimum]


def load_plan(path):
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        raise PlanError(path, "file", error.strerror or str(error)) from None
    except (ValueError, UnicodeDecodeError, RecursionError) as error:  # nested too deep
        raise PlanError(path, "file", f"not valid JSON ({error})") from None
    return parse_plan(data, path)


def parse_plan(data, filename="plan.json"):
    def fail(where, problem):
        raise PlanError(filename, where, problem)

    def decimal(value, where, *, minimum=Decimal(0), maximum=MAX_AMOUNT):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            fail(where, f"expected a decimal number, found {value!r}")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            fail(where, f"not a decimal number: {value!r}")
        if not number.is_finite() or number < minimum:
            fail(where, f"must be a number of at least {minimum}: {value!r}")
        if number > maximum:
            fail(where, f"must be at most {maximum}: {value!r}")
        return number

    def percent(value, where):
        return decimal(value, where, maximum=MAX_PERCENT)

    def integer(value, where, *, minimum=0, maximum=MAX_COUNT):
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            fail(where, f"must be a whole number of at least {minimum}: {value!r}")
        if value > maximum:
            fail(where, f"must be at most {maximum}: {value!r}")
        return value

    def section(name):
        value = data.get(name) or {}
        if not isinstance(value, dict):
            fail(name, "must be an object")
        return value

    def levels(values, where):
        if not isinstance(values, list):
            fail(where, "must be a list")
        if len(values) > MAX_LEVELS:
            fail(where, f"at most {MAX_LEVELS} levels, found {len(values)}")
        return values

    if not isinstance(data, dict):
        fail("file", "the plan must be a JSON object")
    ranks_data = data.get("ranks")
    if not isinstance(ranks_data, list) or not ranks_data:
        fail("ranks", "at least one rank is needed")
    ranks, index = [], {}
    for position, item in enumerate(ranks_data):
        where = f"ranks[{position}]"
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            fail(where, "each rank needs a code")
        code = item["code"]
        if code in index:
            fail(where, f"duplicate rank code {code!r}")
        legs = None
        if item.get("legs") is not None:
            legs_data = item["legs"]
            if not isinstance(legs_data, dict):
                fail(f"{where}.legs", "must be an object with count and min_rank")
            legs = Legs(
                integer(legs_data.get("count"), f"{where}.legs.count", minimum=1),
                str(legs_data.get("min_rank")),
            )
        ranks.append(Rank(
            code=code,
            min_pv=decimal(item.get("min_pv", "0"), f"{where}.min_pv"),
            min_gv=decimal(item.get("min_gv", "0"), f"{where}.min_gv"),
            unilevel_depth=integer(item.get("unilevel_depth", 0), f"{where}.unilevel_depth",
                                   maximum=MAX_LEVELS),
            binary_cap=decimal(item.get("binary_cap", "0"), f"{where}.binary_cap"),
            legs=legs,
        ))
        index[code] = position
    for position, rank in enumerate(ranks):
        if rank.legs and rank.legs.min_rank not in index:
            fail(f"ranks[{position}].legs.min_rank", f"unknown rank {rank.legs.min_rank!r}")

    unilevel = section("unilevel")
    unilevel_percent = tuple(
        percent(value, f"unilevel.percent[{i}]")
        for i, value in enumerate(levels(unilevel.get("percent", []), "unilevel.percent"))
    )
    compression = unilevel.get("compression", "dynamic")
    if compression not in ("dynamic", "none"):
        fail("unilevel.compression", f"must be \"dynamic\" or \"none\", not {compression!r}")

    binary = section("binary")
    matching_data = section("matching")
    if matching_data and matching_data.get("base", "unilevel") != "unilevel":
        fail("matching.base", "only unilevel earnings can be matched")
    generations = []
    for i, item in enumerate(levels(matching_data.get("generations", []),
                                    "matching.generations")):
        if not isinstance(item, dict):
            fail(f"matching.generations[{i}]", "must be an object with percent and min_rank")
        min_rank = item.get("min_rank", ranks[0].code)
        if min_rank not in index:
            fail(f"matching.generations[{i}].min_rank", f"unknown rank {min_rank!r}")
        generations.append(
            Generation(percent(item.get("percent"), f"matching.generations[{i}].percent"),
                       min_rank)
        )
    fast_start = section("fast_start")
    carry_cap = binary.get("carry_cap")
    flush = binary.get("flush_inactive", False)
    if not isinstance(flush, bool):
        fail("binary.flush_inactive", f"must be true or false, not {flush!r}")
    payout_cap = data.get("payout_cap_percent")
    matrix = section("matrix")
    matrix_width = integer(matrix.get("width", 0), "matrix.width", minimum=0)
    if matrix and matrix_width < 1:
        fail("matrix.width", "a matrix needs a width of at least 1")
    stair = section("stair_step")
    stair_percent = stair.get("percent", {})
    if not isinstance(stair_percent, dict):
        fail("stair_step.percent", "must map rank codes to percents")
    for code in stair_percent:
        if code not in index:
            fail("stair_step.percent", f"unknown rank {code!r}")
    breakaway = stair.get("breakaway") or {}
    if not isinstance(breakaway, dict):
        fail("stair_step.breakaway", "must be an object")
    if breakaway and breakaway.get("rank") not in index:
        fail("stair_step.breakaway.rank", f"unknown rank {breakaway.get('rank')!r}")
    advancement = section("rank_advancement").get("bonuses", {})
    if not isinstance(advancement, dict):
        fail("rank_advancement.bonuses", "must map rank codes to amounts")
    for code in advancement:
        if code not in index:
            fail("rank_advancement.bonuses", f"unknown rank {code!r}")
    return Plan(
        name=str(data.get("name", "")),
        version=integer(data.get("version", 1), "version", minimum=1),
        currency=str(data.get("currency", "")),
        active_pv=decimal(data.get("active_pv", "0"), "active_pv"),
        ranks=tuple(ranks),
        unilevel_percent=unilevel_percent,
        unilevel_compression=compression,
        binary_percent=percent(binary.get("percent", "0"), "binary.percent"),
        binary_sponsored_each_leg=integer(
            binary.get("sponsored_active_each_leg", 0), "binary.sponsored_active_each_leg"
        ),
        binary_carry_cap=None if carry_cap is None else decimal(carry_cap, "binary.carry_cap"),
        binary_flush_inactive=flush,
        matching=tuple(generations),
        fast_start_days=integer(fast_start.get("days", 0), "fast_start.days"),
        fast_start_percent=tuple(
            percent(value, f"fast_start.percent[{i}]")
            for i, value in enumerate(levels(fast_start.get("percent", []), "fast_start.percent"))
        ),
        payout_cap_percent=None if payout_cap is None else percent(
            payout_cap, "payout_cap_percent"
        ),
        matrix_width=matrix_width,
        matrix_percent=tuple(
            percent(value, f"matrix.percent[{i}]")
            for i, value in enumerate(levels(matrix.get("percent", []), "matrix.percent"))
        ),
        stair_step={
            code: percent(value, f"stair_step.percent.{code}")
            for code, value in stair_percent.items()
        },
        breakaway_rank=breakaway.get("rank"),
        breakaway_generations=tuple(
            percent(value, f"stair_step.breakaway.generations[{i}]")
            for i, value in enumerate(levels(breakaway.get("generations", []),
                                             "stair_step.breakaway.generations"))
        ),
        rank_advancement={
            code: decimal(amount, f"rank_advancement.bonuses.{code}")
            for code, amount in advancement.items()
        },
        rank_index=index,
    )
