"""The best planning so far, immutable, and the one test a phase's planning must pass.

The monthly solve ranks plannings lexicographically: coverage (the integer objective),
then (re-planning) fewer changed assignments, then (wishes.csv) the wish score, then
fewer metres (with a policy: the policy's second objective in its integer unit). A
phase offers its plannings in its `PhaseResult`; `apply` keeps one unless the incumbent
ranks strictly higher (`Incumbent.improves`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.objective import travel_cost
from roster.solvers.model.values import coverage_int


@dataclass(frozen=True)
class Ranking:
    """What ranks the plannings of one solve: the model, and the change costs (re-planning)
    and wish values (wishes.csv) per mission option when they count."""

    m: MissionModel
    change_costs: np.ndarray | None = None
    wish_values: np.ndarray | None = None

    def of(self, values: np.ndarray) -> Incumbent:
        """`values` (every model variable, read-only from now on) with its objective values."""
        m = self.m
        frozen = np.array(values, dtype=np.int64)
        frozen.flags.writeable = False
        variables, metres = travel_cost(m)
        changes = 0 if self.change_costs is None else int(self.change_costs @ frozen[m.x])
        wish = 0 if self.wish_values is None else int(self.wish_values @ frozen[m.x])
        return Incumbent(frozen, coverage_int(m, frozen), changes, wish, int(metres @ frozen[variables]))


@dataclass(frozen=True)
class Incumbent:
    """A planning (every model variable) and its objective values, highest rank first."""

    values: np.ndarray
    coverage: int  # the integer coverage objective
    changes: int  # re-planning: changed assignments beyond the fixed part (else 0)
    wish: int  # wishes.csv: the wish score (else 0)
    metres: int  # the second objective's integer unit

    def key(self) -> tuple[int, int, int, int]:
        return (self.coverage, -self.changes, self.wish, -self.metres)

    def improves(self, other: Incumbent) -> bool:
        """Strictly better than `other`, lexicographically."""
        return self.key() > other.key()
