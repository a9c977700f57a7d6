"""coverage-reduced-cost-fixing: variables the coverage LP's reduced costs fix.

A variable at 0 in the LP whose reduced cost exceeds (LP bound - incumbent coverage) is
0 in every planning that covers at least as well (and one at 1 likewise stays 1), so
every later phase, which holds coverage, loses it. It runs before the CP-SAT coverage
search and again before km, once the incumbent may have come closer to the bound.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import PhaseResult
from roster.solvers.search.lp_fixings import lp_fixings
from roster.solvers.search.month import Month
from roster.solvers.search.state import SearchState

COVERAGE_FIXING_MARGIN = 1e-8  # relative slack on the coverage LP's reduced costs


@dataclass(frozen=True)
class CoverageFixing:
    """`before_wishes`: the fixing that shrinks the wish LP (months with wishes.csv only)."""

    name: str = "coverage-reduced-cost-fixing"
    before_wishes: bool = False

    def supports(self, month: Month) -> bool:
        return month.has_wishes or not self.before_wishes

    def wanted(self, state: SearchState) -> bool:
        lp = state.coverage_lp
        return lp is not None and lp.value is not None and lp.reduced_costs is not None and state.found

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        lp = state.coverage_lp
        assert lp is not None and lp.value is not None
        gap = max(0.0, lp.value - state.coverage / ctx.month.scale)
        margin = COVERAGE_FIXING_MARGIN * max(abs(lp.value), 1.0)
        return lp_fixings(self.name, lp, gap, margin, state, ctx.month)
