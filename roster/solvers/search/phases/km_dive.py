"""km-lp-dive: on a fractional km LP, CP-SAT over the missions it uses, hinted with it
rounded: a good planning fast, proven when it reaches the LP bound."""

from __future__ import annotations

from dataclasses import dataclass

from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import KmCloseToLp, PhaseResult, Settle
from roster.solvers.search.km_model import km_dive
from roster.solvers.search.month import Month
from roster.solvers.search.proofs import km_lp_proof
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class KmLpDive:
    name: str = "km-lp-dive"

    def supports(self, month: Month) -> bool:
        return True

    def wanted(self, state: SearchState) -> bool:
        lp = state.km_lp
        return lp is not None and not lp.integral and not state.km_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        assert state.km_lp is not None
        dive = km_dive(state, ctx, state.km_lp)
        return dive.then(Settle("km", km_lp_proof(state.km_lp_engine), KmCloseToLp()))
