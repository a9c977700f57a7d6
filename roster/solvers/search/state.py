"""The search state: frozen, changed only by `roster.solvers.search.apply.apply`.

It holds what the search found so far: the incumbent, the proven bounds, the proofs,
what later phases reuse (cuts, reduced-cost fixings, LP optima, whether the wish score is held)
and the log of the phases. The inputs live in `Month`; resources kept between phases
(the km LP loaded in HiGHS) in `SolveContext`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from roster.solvers.engines.cuts import Cut
from roster.solvers.engines.lp import Basis, LpSolution
from roster.solvers.search.incumbent import Incumbent


def _none() -> np.ndarray:
    none = np.zeros(0, dtype=np.int64)
    none.flags.writeable = False
    return none


@dataclass(frozen=True)
class SearchState:
    """The best planning so far and what proves it, as one immutable value."""

    incumbent: Incumbent
    found: bool = False  # the incumbent is a planning a phase found (worth hinting)
    coverage_bound: int | None = None  # proven upper bound on the integer coverage objective
    km_bound: int | None = None  # proven lower bound on the second objective (metres) at that coverage
    km_lp_bound: float | None = None  # the km LP's bound (km) at that coverage
    proof: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # objective -> how
    cuts: tuple[Cut, ...] = ()  # zero-half cuts of the coverage LP: every later model and LP has them
    km_cuts: tuple[Cut, ...] = ()  # the km cut rounds' cuts: the km model after its holds, later models
    fixed_to_zero: np.ndarray = field(default_factory=_none)  # reduced-cost fixing, valid for every
    fixed_to_one: np.ndarray = field(default_factory=_none)  # planning as good as the incumbent
    coverage_lp: LpSolution | None = None  # the coverage LP of the best bound (cuts included)
    first_coverage_lp_integral: bool = True  # the coverage LP before cuts
    coverage_basis: Basis | None = None  # GLOP's basis of the first coverage LP (hard months)
    policy_lp: LpSolution | None = None  # policy months: a fractional coverage LP optimum
    policy_flow: np.ndarray | None = None  # policy months: the flow's missions (0/1 per option)
    contract_km_support: np.ndarray | None = None  # stay months: missions of the contract's km LP
    km_lp: LpSolution | None = None  # the km LP at the best coverage
    km_lp_engine: str = "glop"  # which simplex solved the km LP
    wish_bound: int | None = None  # wishes.csv: proven upper bound on the wish score at that coverage
    wish_lp: LpSolution | None = None  # the wish LP of the best bound (cuts included)
    wish_held: bool = False  # the wish phases ran: every later phase holds the incumbent's wish score
    log: tuple[dict[str, object], ...] = ()  # the phases' entries, for summary.json
    infeasible: bool = False  # CP-SAT proved that no planning meets the pins and minimums

    @property
    def values(self) -> np.ndarray:
        """The incumbent planning (every model variable; read-only)."""
        return self.incumbent.values

    @property
    def coverage(self) -> int:
        return self.incumbent.coverage

    @property
    def metres(self) -> int:
        return self.incumbent.metres

    @property
    def coverage_proven(self) -> bool:
        return "coverage" in self.proof

    @property
    def km_proven(self) -> bool:
        return "km" in self.proof

    @property
    def wish_proven(self) -> bool:
        return "wish" in self.proof
