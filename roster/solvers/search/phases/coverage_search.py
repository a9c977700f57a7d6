"""coverage: CP-SAT maximises the integer coverage objective, from the best planning
(hint) and under the best bound, with what earlier phases fixed; INFEASIBLE proves that
no planning meets the pins and zone minimums."""

from __future__ import annotations

from dataclasses import dataclass

from roster.solvers.engines.cpsat import run_cp_sat
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import CoverageAtLeast, CoverageBound, Infeasible, PhaseResult, Settle
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import searched
from roster.solvers.search.proofs import CP_SAT_BOUND_PROOF, CP_SAT_PROOF, KM_PHASE_SHARE
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class CoverageSearch:
    name: str = "coverage"

    def supports(self, month: Month) -> bool:
        return True

    def wanted(self, state: SearchState) -> bool:
        return not state.coverage_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m = ctx.month.m
        w = m.weights
        assert w is not None
        cp = ctx.fork(state)
        cp.set_objective(m.u, w.weight, maximize=True)
        if state.coverage_bound is not None:
            cp.add_linear(m.u, w.weight, 0, state.coverage_bound)
        if state.found:
            cp.set_hint(m.all_variables, state.values)
        share = 1.0 - KM_PHASE_SHARE if not state.km_proven else 1.0
        report = ctx.reporter("coverage", state)
        found = run_cp_sat(cp.model, self.name, ctx.remaining() * share, ctx.options, ctx.control, report,
                           w.scale)  # fmt: skip
        result = searched(found)
        if found.raw_bound is not None:
            result = result.then(CoverageBound(found.raw_bound))
        if found.status == "OPTIMAL":
            result = result.then(Settle("coverage", CP_SAT_PROOF))
        result = result.then(Settle("coverage", CP_SAT_BOUND_PROOF, CoverageAtLeast()))
        return result.then(Infeasible()) if found.status == "INFEASIBLE" else result
