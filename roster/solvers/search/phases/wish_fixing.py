"""wish-reduced-cost-fixing: what the wish LP's reduced costs fix for every later phase.

A variable at 0 in the wish LP whose reduced cost exceeds (LP bound - incumbent's wish
score) is 0 in every planning that holds the coverage (and changes) and at least that
wish score: every later phase holds them, so every later model loses it (and one at 1
likewise stays 1). The km phases gain the most: they search only such plannings.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import PhaseResult
from roster.solvers.search.lp_fixings import lp_fixings
from roster.solvers.search.month import Month
from roster.solvers.search.proofs import WISH_LP_TOLERANCE
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class WishFixing:
    name: str = "wish-reduced-cost-fixing"

    def supports(self, month: Month) -> bool:
        return month.has_wishes

    def wanted(self, state: SearchState) -> bool:
        lp = state.wish_lp
        return lp is not None and lp.reduced_costs is not None and state.found

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        lp = state.wish_lp
        assert lp is not None and lp.value is not None
        gap = max(0.0, lp.value - state.incumbent.wish)
        margin = WISH_LP_TOLERANCE * max(1.0, abs(lp.value)) + 1e-3
        return lp_fixings(self.name, lp, gap, margin, state, ctx.month)
