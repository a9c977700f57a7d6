"""wish-start: what the wish score can reach before any LP, and the incumbent polished for it.

The ceiling (every mission of positive value taken) bounds the score; with no wish that
matches an allowed mission, the score is proven at once. Otherwise the incumbent gets the
best wishes at the same zone days and rule-4 pattern (a min-cost flow, wish score first,
then km), when the flow applies (no pin, no budget nor stay).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.polish import polish_km
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, Offer, PhaseResult, Settle, WishAtBound, WishBound
from roster.solvers.search.month import Month
from roster.solvers.search.proofs import ALL_WISHES_PROOF, NO_WISH_PROOF
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class WishStart:
    name: str = "wish-start"

    def supports(self, month: Month) -> bool:
        return month.has_wishes

    def wanted(self, state: SearchState) -> bool:
        return not state.wish_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        month = ctx.month
        if not month.wishes.any():
            return PhaseResult((WishBound(state.incumbent.wish), Settle("wish", NO_WISH_PROOF)))
        started = time.perf_counter()
        ceiling = int(np.maximum(month.wishes, 0).sum())
        result = PhaseResult((WishBound(ceiling),))
        costs = month.wish_flow_costs
        if costs is not None and not month.pinned and month.policy is None:
            result = result.then(Offer(polish_km(month.m, state.values, costs), reopens_km=True))
        after = ctx.apply(state, result)
        entry = {"phase": self.name, "ceiling": ceiling, "wish_before": state.incumbent.wish,
                 "wish_after": after.incumbent.wish,
                 "wall_time_s": round(time.perf_counter() - started, 3)}  # fmt: skip
        return result.then(Settle("wish", ALL_WISHES_PROOF, WishAtBound()), Entry(entry))
