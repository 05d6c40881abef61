"""What a partner still needs for the next rank, from figures the engine computed.

Pure: no Django. The inputs are a partner's PV, GV and paid rank for the period, plus
the highest rank reached in each personally sponsored leg (the leg's partner or anyone
below them in the sponsor tree), exactly as the engine's rank rule counts legs.
"""

from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)


@dataclass
class Requirement:
    """The next rank and how far the partner is from each of its conditions."""

    rank: str
    min_pv: Decimal
    min_gv: Decimal
    pv_short: Decimal
    gv_short: Decimal
    legs_needed: int = 0
    legs_min_rank: str = ""
    legs_have: int = 0
    qualifying_legs: list = field(default_factory=list)  # ids of the legs that count

    @property
    def legs_short(self):
        return max(self.legs_needed - self.legs_have, 0)

    @property
    def met(self):
        return not self.pv_short and not self.gv_short and not self.legs_short


def next_rank(plan, rank_code, pv, gv, leg_best_ranks):
    """The Requirement for the rank above `rank_code`, or None at the top rank.

    `leg_best_ranks` maps each personally sponsored partner's id to the highest rank code
    in their sponsor subtree (themselves included) this period.
    """
    position = plan.rank_index.get(rank_code, 0)
    if position + 1 >= len(plan.ranks):
        return None
    rank = plan.ranks[position + 1]
    requirement = Requirement(
        rank=rank.code, min_pv=rank.min_pv, min_gv=rank.min_gv,
        pv_short=max(rank.min_pv - pv, ZERO), gv_short=max(rank.min_gv - gv, ZERO),
    )
    if rank.legs is not None:
        needed = plan.rank_index[rank.legs.min_rank]
        qualifying = sorted(
            leg for leg, best in leg_best_ranks.items()
            if plan.rank_index.get(best, 0) >= needed
        )
        requirement.legs_needed = rank.legs.count
        requirement.legs_min_rank = rank.legs.min_rank
        requirement.legs_have = len(qualifying)
        requirement.qualifying_legs = qualifying
    return requirement
