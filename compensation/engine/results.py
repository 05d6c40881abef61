"""What a calculation gives: each partner's figures and every bonus line, whichever
engine computed them (engine.py in Decimal, columns.py over arrays)."""

from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(slots=True)
class BonusLine:
    partner: str
    kind: str  # unilevel, binary, matching, fast_start
    amount: Decimal
    order: str = ""  # the order the line comes from (unilevel, fast start)
    source: str = ""  # the downline partner it comes from (buyer, or matched partner)
    level: int = 0  # unilevel level, matching generation, fast-start level


@dataclass(slots=True)
class PartnerResult:
    partner: str
    pv: Decimal = ZERO
    gv: Decimal = ZERO
    rank: str = ""
    active: bool = False
    unilevel: Decimal = ZERO
    binary: Decimal = ZERO
    matching: Decimal = ZERO
    fast_start: Decimal = ZERO
    left_carry: Decimal = ZERO
    right_carry: Decimal = ZERO
    rank_advancement: Decimal = ZERO
    stair_step: Decimal = ZERO
    breakaway: Decimal = ZERO
    matrix: Decimal = ZERO
    highest_rank: str = ""  # the highest rank ever, this period included

    @property
    def total(self):
        return (self.unilevel + self.binary + self.matching + self.fast_start
                + self.rank_advancement + self.stair_step + self.breakaway + self.matrix)


@dataclass
class Calculation:
    results: list
    lines: list = field(default_factory=list)
