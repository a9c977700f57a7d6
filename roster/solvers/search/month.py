"""What a solve knows before it searches: the month's model and inputs.

Phases decide from it, once, whether they belong to this solve (`Phase.supports`):
a policy, stays, wishes, pins, history, re-planning. The state they then read
(`SearchState`) holds only what the search found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from roster.models import Scenario
from roster.solvers.control import SolveOptions
from roster.solvers.data.policy import PolicyArrays
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.wish_objective import wish_flow_costs, wish_vector
from roster.solvers.search.incumbent import Ranking

# a month is hard when more rule-4 rows can bind than there are volunteers (see `Month.hard`)
HARD_MONTH_CONTINUITY_ROWS_PER_VOLUNTEER = 1.0


@dataclass(frozen=True)
class Month:
    """The model and the inputs of one solve; never changed while it searches."""

    m: MissionModel
    scenario: Scenario
    options: SolveOptions
    change_costs: np.ndarray | None = None  # re-planning: per mission option, -1 kept, +1 new
    previous_rows: int = 0  # re-planning: the previous planning's missions
    prefer_locums: np.ndarray | None = None  # re-planning: the previous planning's locum options
    ranking: Ranking = field(init=False)

    def __post_init__(self) -> None:
        wishes = wish_vector(self.m) if self.has_wishes else None
        object.__setattr__(self, "ranking", Ranking(self.m, self.change_costs, wishes))

    @property
    def policy(self) -> PolicyArrays | None:
        """Budget, stays or the cost objective (None: the contract's month)."""
        return self.m.arrays.policy

    @property
    def stays(self) -> bool:
        return self.m.stays is not None

    @property
    def has_missions(self) -> bool:
        return len(self.m.x) > 0

    @property
    def replanning(self) -> bool:
        return self.change_costs is not None

    @property
    def pinned(self) -> bool:
        return bool(len(self.m.arrays.pins))

    @property
    def has_wishes(self) -> bool:
        return self.scenario.has_wishes_file

    @property
    def has_history(self) -> bool:
        return bool(self.scenario.history)

    @property
    def scale(self) -> int:
        """The coverage score's integer scale."""
        assert self.m.weights is not None
        return self.m.weights.scale

    def changes(self, values: np.ndarray) -> int | None:
        """Assignments removed plus added versus the previous planning (re-planning)."""
        if self.change_costs is None:
            return None
        return self.previous_rows + int(self.change_costs @ values[self.m.x])

    @cached_property
    def wishes(self) -> np.ndarray:
        """The wish value of every mission option (zeros without wishes.csv)."""
        return wish_vector(self.m)

    @cached_property
    def wish_flow_costs(self) -> np.ndarray | None:
        """Integer costs per mission that rank the wish score first, then km, for the min-cost
        flows (None without wishes, or where int64 could overflow)."""
        return wish_flow_costs(self.m, self.wishes) if self.has_wishes else None

    @cached_property
    def hard(self) -> bool:
        """More rows of rule 4 that can bind than volunteers: a "hard month", whose LPs tend to
        be fractional (0.40-0.58 rows per volunteer on the easy benchmark months, 2.5-2.8 on
        the hard ones). It only chooses between engines; every path proves the same optimum."""
        rows = len(self.m.space.continuity.practice)
        return rows > HARD_MONTH_CONTINUITY_ROWS_PER_VOLUNTEER * len(self.m.arrays.doctor_ids)
