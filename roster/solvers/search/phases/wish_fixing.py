"""wish-reduced-cost-fixing: what the wish LP's reduced costs fix for every later phase.

A variable at 0 in the wish LP whose reduced cost exceeds (LP bound - incumbent's wish
score) is 0 in every planning that holds the coverage (and changes) and at least that
wish score: every later phase holds them, so every later model loses it (and one at 1
likewise stays 1). The km phases gain the most: they search only such plannings.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.lp import fixable_to_one, fixable_to_zero
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, Fixings, PhaseResult
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
        started = time.perf_counter()
        gap = max(0.0, lp.value - state.incumbent.wish)
        margin = WISH_LP_TOLERANCE * max(1.0, abs(lp.value)) + 1e-3
        zeros = fixable_to_zero(lp, gap, maximize=True, margin=margin)
        zeros = zeros[state.values[zeros] == 0]
        ones = fixable_to_one(lp, gap, maximize=True, margin=margin)
        ones = ones[state.values[ones] == 1]
        entry = {
            "phase": self.name,
            "gap": gap,
            "fixed_to_zero": len(zeros),
            "fixed_to_one": len(ones),
            "missions_fixed": int(np.isin(zeros, ctx.month.m.x).sum()),
            "wall_time_s": round(time.perf_counter() - started, 3),
        }
        return PhaseResult((Fixings(zeros, ones), Entry(entry)))
