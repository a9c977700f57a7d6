"""wish: CP-SAT maximises the wish score with coverage (and changes) held, under the best
bound, from the best planning, with what earlier phases fixed; proven when OPTIMAL or when
it reaches the bound."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.cpsat import run_cp_sat
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import PhaseResult, Settle, WishAtBound, WishBound
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import searched
from roster.solvers.search.proofs import CP_SAT_BOUND_PROOF, CP_SAT_PROOF
from roster.solvers.search.state import SearchState
from roster.solvers.search.wish_lp import wish_terms, wish_time


@dataclass(frozen=True)
class WishSearch:
    name: str = "wish"

    def supports(self, month: Month) -> bool:
        return month.has_wishes

    def wanted(self, state: SearchState) -> bool:
        return not state.wish_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m = ctx.month.m
        variables, values = wish_terms(ctx)
        cp = ctx.hold(ctx.fork(state), state)
        if state.wish_bound is not None:
            cp.add_linear(variables, values, int(np.minimum(values, 0).sum()), state.wish_bound)
        cp.set_objective(variables, values, maximize=True)
        cp.set_hint(m.all_variables, state.values)
        report = ctx.reporter("wish", state)
        found = run_cp_sat(
            cp.model, self.name, wish_time(state, ctx, 0.8), ctx.options, ctx.control, report, 1.0
        )
        result = searched(found, reopens_km=True)
        if found.raw_bound is not None:
            result = result.then(WishBound(found.raw_bound))
        fixing = " after LP reduced-cost fixing" if state.wish_lp is not None else ""
        if found.status == "OPTIMAL":
            result = result.then(Settle("wish", CP_SAT_PROOF + fixing))
        return result.then(Settle("wish", CP_SAT_BOUND_PROOF + fixing, WishAtBound()))
