"""policy-lp-dive (policy months): CP-SAT maximises coverage over the missions a
fractional coverage LP or the incumbent use (the budget and stays rows included)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.cpsat import run_cp_sat
from roster.solvers.engines.lp import INTEGRAL
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import CoverageCloseTo, PhaseResult, Settle
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import searched, support_model
from roster.solvers.search.proofs import LP_COVERAGE_PROOF, LP_DIVE_MAX_S
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class PolicyLpDive:
    name: str = "policy-lp-dive"

    def supports(self, month: Month) -> bool:
        return month.policy is not None

    def wanted(self, state: SearchState) -> bool:
        return state.policy_lp is not None and not state.coverage_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m, lp = ctx.month.m, state.policy_lp
        w = m.weights
        assert w is not None and lp is not None and lp.values is not None and lp.value is not None
        cp = ctx.fork(state)
        cp.set_objective(m.u, w.weight, maximize=True)
        hint = state.values
        outside = m.x[(lp.values[m.x] <= INTEGRAL) & (hint[m.x] == 0)]
        support = support_model(cp, outside, np.arange(len(hint)), hint)
        limit = min(ctx.remaining() / 4, LP_DIVE_MAX_S)
        report = ctx.reporter("coverage", state)
        dive = run_cp_sat(support, "coverage-lp-dive", limit, ctx.options, ctx.control, report, w.scale)
        return searched(dive).then(Settle("coverage", LP_COVERAGE_PROOF, CoverageCloseTo(lp.value)))
