"""polish: the least km at the same coverage and continuity pattern (a min-cost flow,
`engines/polish.py`; with wishes, wish score first). It runs before the km LP and again
after the km search; the flow knows no pin, budget or stay."""

from __future__ import annotations

import time
from dataclasses import dataclass

from roster.solvers.engines.polish import polish_km
from roster.solvers.model.objective import KM_SCALE
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, KmAtBound, Offer, PhaseResult, Settle
from roster.solvers.search.month import Month
from roster.solvers.search.proofs import FLOW_PROOF
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class Polish:
    """`after_km`: the polish that ends the km search, whether or not km is proven."""

    name: str = "polish"
    after_km: bool = False

    def supports(self, month: Month) -> bool:
        return not month.replanning and not month.pinned and month.policy is None

    def wanted(self, state: SearchState) -> bool:
        return self.after_km or not state.km_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        started = time.perf_counter()
        costs = ctx.month.wish_flow_costs if state.wish_held else None
        result = PhaseResult((Offer(polish_km(ctx.month.m, state.values, costs)),))  # with wishes: kept only
        after = ctx.apply(state, result)  # if its wish score is no lower
        entry = {
            "phase": self.name,
            "km_before": state.metres / KM_SCALE,
            "km_after": after.metres / KM_SCALE,
            "wall_time_s": round(time.perf_counter() - started, 3),
        }
        return result.then(Entry(entry), Settle("km", FLOW_PROOF, KmAtBound()))
