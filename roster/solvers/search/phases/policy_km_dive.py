"""policy-km-dive (policy months): the second objective over the missions of the
incumbent, the fractional coverage LP, the flow's planning and the contract's km LP,
the incumbent's coverage held: a good planning fast."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.cpsat import run_cp_sat
from roster.solvers.engines.lp import INTEGRAL
from roster.solvers.model.objective import KM_SCALE, travel_cost
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import PhaseResult
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import searched, support_model
from roster.solvers.search.proofs import LP_DIVE_MAX_S
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class PolicyKmDive:
    name: str = "policy-km-dive"

    def supports(self, month: Month) -> bool:
        return month.policy is not None and month.has_missions

    def wanted(self, state: SearchState) -> bool:
        return not state.km_proven and state.found

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m = ctx.month.m
        variables, coeffs = travel_cost(m)
        cp = ctx.hold(ctx.fork(state), state, changes=False)
        cp.set_objective(variables, coeffs, maximize=False)
        keep = state.values.copy()
        if state.policy_lp is not None and state.policy_lp.values is not None:
            keep[m.x] |= (state.policy_lp.values[m.x] > INTEGRAL).astype(np.int64)
        if state.policy_flow is not None:
            keep[m.x] |= state.policy_flow
        if state.contract_km_support is not None:
            keep[m.x] |= state.contract_km_support
        outside = m.x[(keep[m.x] <= INTEGRAL) & (state.values[m.x] == 0)]
        support = support_model(cp, outside, np.arange(len(state.values)), state.values)
        limit = min(ctx.remaining() / 3, LP_DIVE_MAX_S)
        report = ctx.reporter("km", state)
        return searched(
            run_cp_sat(support, "km-support-dive", limit, ctx.options, ctx.control, report, KM_SCALE)
        )
