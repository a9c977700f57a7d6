"""km: CP-SAT minimises km (with a policy, its second objective) with coverage, changes
and the wish score held, from the best km bound, after reduced-cost fixing from the last
km LP: first one search on CP-SAT's fullest LP (at most LP_SEARCH_MAX_S), then the
portfolio of workers; proven when OPTIMAL, when it reaches its bound, or when it meets
the LP bound."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.cpsat import run_cp_sat
from roster.solvers.engines.lp import KM_PROVEN_GAP, fixable_to_zero
from roster.solvers.model.objective import KM_SCALE
from roster.solvers.search.apply import km_of
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, KmAtBound, KmBound, KmCloseToLp, PhaseResult, Settle
from roster.solvers.search.km_model import km_model
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import searched
from roster.solvers.search.proofs import CP_SAT_KM_PROOF, LP_SEARCH_MAX_S, km_lp_proof
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class KmSearch:
    name: str = "km"

    def supports(self, month: Month) -> bool:
        return True

    def wanted(self, state: SearchState) -> bool:
        return not state.km_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m, lp = ctx.month.m, state.km_lp
        cp = km_model(state, ctx)
        result = PhaseResult()
        if lp is not None and lp.reduced_costs is not None:
            km = km_of(state, ctx.month)
            gap = km - (state.km_lp_bound or 0.0)
            fixed = fixable_to_zero(lp, gap, maximize=False, margin=KM_PROVEN_GAP * max(km, 1.0) + 1e-3)
            fixed = np.intersect1d(fixed, m.x)
            cp.fix_to_zero(fixed[state.values[fixed] == 0])
            result = result.then(Entry({"phase": "km-reduced-cost-fixing", "fixed_to_zero": len(fixed)}))
        cp.set_hint(m.all_variables, state.values)
        report = ctx.reporter("km", state)
        first = run_cp_sat(cp.model, "km-lp-search", min(LP_SEARCH_MAX_S, ctx.remaining() / 4), ctx.options,
                           ctx.control, report, KM_SCALE, lp_search=True)  # fmt: skip
        result = result.then(searched(first))
        if first.raw_bound is not None:
            result = result.then(KmBound(first.raw_bound))
        found = first
        if first.status != "OPTIMAL" and not ctx.control.stopped:
            if first.values is not None:
                cp.set_hint(m.all_variables, first.values)
            found = run_cp_sat(
                cp.model, self.name, ctx.remaining(), ctx.options, ctx.control, report, KM_SCALE
            )
            result = result.then(searched(found))
        if found.raw_bound is not None:
            result = result.then(KmBound(found.raw_bound))
        proof = CP_SAT_KM_PROOF + (" after LP reduced-cost fixing" if lp is not None else "")
        if found.status == "OPTIMAL":
            result = result.then(Settle("km", proof))
        return result.then(
            Settle("km", proof, KmAtBound()), Settle("km", km_lp_proof(state.km_lp_engine), KmCloseToLp())
        )
