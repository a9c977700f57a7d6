"""contract-start (stay months): start from the LP optima of the month without stays.

A planning without stays (links and one-stay variables at 0) is a stay planning too;
the LP relaxations of that contract month, coverage then km, are usually integral and
give a start no worse than the contract's optimum. The km LP's support also feeds the
policy km dive (`policy_km_dive.py`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.lp import COVERAGE_GLOP, INTEGRAL, KM_GLOP, PROVEN_GAP, solve_lp
from roster.solvers.model.lp_objectives import coverage_objective, km_objective
from roster.solvers.model.objective import KM_SCALE
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import CoverageCloseTo, Entry, Facts, Offer, PhaseResult, Settle
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import adopted, integral_planning
from roster.solvers.search.proofs import LP_COVERAGE_PROOF
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class ContractStart:
    name: str = "contract-start"

    def supports(self, month: Month) -> bool:
        return month.stays and month.options.use_lp and month.has_missions

    def wanted(self, state: SearchState) -> bool:
        return not state.coverage_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m = ctx.month.m
        w = m.weights
        assert w is not None and m.stays is not None
        started = time.perf_counter()
        relaxation = ctx.relaxation(state)
        fixed = np.concatenate((m.stays.var, m.stays.one_stay_var))
        limit = ctx.remaining() / 4
        lp = solve_lp(relaxation, coverage_objective(m), maximize=True, fixed_to_zero=fixed,
                      time_limit_s=limit, control=ctx.control, glop_parameters=COVERAGE_GLOP)  # fmt: skip
        entry: dict[str, object] = {"phase": self.name, "integral": lp.integral}
        result, after = PhaseResult(), state
        start = integral_planning(m, relaxation, lp)
        if start is not None:
            result = PhaseResult((Offer(start),))
            after = ctx.apply(state, result)
        if adopted(state, after):
            covered = after.coverage / w.scale
            rows = [(m.u, w.weight / w.scale, covered * (1 - PROVEN_GAP / 10), np.inf)]
            lp_km = solve_lp(relaxation, km_objective(m), maximize=False, extra_rows=rows,
                             fixed_to_zero=fixed, time_limit_s=limit, control=ctx.control,
                             glop_parameters=KM_GLOP)  # fmt: skip
            better = integral_planning(m, relaxation, lp_km)
            if better is not None:
                result = result.then(Offer(better))
            if lp_km.values is not None:  # near-integral as a rule: its support feeds the km dive
                support = (lp_km.values[m.x] > INTEGRAL).astype(np.int64)
                result = result.then(Facts({"contract_km_support": support}))
            after = ctx.apply(state, result)
            entry["km_lp_integral"] = lp_km.integral
            entry["coverage"], entry["km"] = after.coverage / w.scale, after.metres / KM_SCALE
        if state.policy_lp is not None and state.policy_lp.value is not None:
            result = result.then(
                Settle("coverage", LP_COVERAGE_PROOF, CoverageCloseTo(state.policy_lp.value))
            )
        entry["wall_time_s"] = round(time.perf_counter() - started, 3)
        ctx.show("lp", ctx.apply(state, result))
        return result.then(Entry(entry))
