"""stays-polish (stay months): join the incumbent's consecutive days into stays where
allowed (never fewer links than it had); kept when every row holds and it is no worse."""

from __future__ import annotations

from dataclasses import dataclass

from roster.solvers.engines.lp import rounded_if_feasible
from roster.solvers.model.objective import KM_SCALE
from roster.solvers.model.values import full_values
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, Offer, PhaseResult
from roster.solvers.search.month import Month
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class StaysPolish:
    name: str = "stays-polish"

    def supports(self, month: Month) -> bool:
        return month.stays

    def wanted(self, state: SearchState) -> bool:
        return state.found

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m = ctx.month.m
        joined = full_values(m, state.values[m.x], state.values[m.y])
        result = PhaseResult()
        if rounded_if_feasible(ctx.relaxation(state), joined) is not None:
            result = result.then(Offer(joined))
        after = ctx.apply(state, result)
        return result.then(Entry({"phase": self.name, "km_after": after.metres / KM_SCALE}))
