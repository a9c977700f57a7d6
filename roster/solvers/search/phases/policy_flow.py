"""flow on policy months: the flow's repaired planning, fitted to the budget.

The flow knows no budget nor stay: its planning (no stay) has its dearest missions
dropped until the budget holds (`engines/budget_fit.py`), and its bound holds only
without stays. A budget month runs it only without a start (the LP rounded down may
have given one); a stay month always, for its missions feed the km dive's support.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.budget_fit import fit_budget
from roster.solvers.engines.lp import rounded_if_feasible
from roster.solvers.engines.repair import repair
from roster.solvers.model.values import coverage_int
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import (
    CoverageBound,
    CoverageCloseTo,
    Entry,
    Facts,
    Offer,
    PhaseResult,
    Settle,
)
from roster.solvers.search.month import Month
from roster.solvers.search.phases.flow import repair_budget
from roster.solvers.search.proofs import LP_COVERAGE_PROOF
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class PolicyFlow:
    """The flow phase of policy months; `BudgetFlow` and `StayFlow` say when it runs."""

    name: str = "policy-flow"

    def supports(self, month: Month) -> bool:
        plain = not month.m.has_requirements and not month.replanning
        return month.options.use_flow and month.policy is not None and plain and month.has_missions

    def wanted(self, state: SearchState) -> bool:
        return not state.coverage_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m = ctx.month.m
        assert m.weights is not None and m.arrays.policy is not None
        started = time.perf_counter()
        repaired = repair(m.arrays, m.space, m.weights, time_budget_s=repair_budget(ctx))
        entry: dict[str, object] = {"phase": "flow", "status": "FAILED" if repaired is None else "FEASIBLE"}
        result = PhaseResult()
        if repaired is not None:
            relaxation = ctx.relaxation(state)
            missions = repaired.missions.astype(np.int64)
            fitted = fit_budget(m, missions, lambda v: rounded_if_feasible(relaxation, v) is not None)
            result = result.then(
                Facts({"policy_flow": missions}), *(() if fitted is None else (Offer(fitted),))
            )
            if not m.arrays.policy.stays:  # the flow relaxes the budget, not the stay cap
                result = result.then(CoverageBound(repaired.relaxed.coverage))
            entry["fitted_coverage"] = None if fitted is None else coverage_int(m, fitted) / ctx.month.scale
            lp = state.policy_lp
            if lp is not None and lp.value is not None:
                result = result.then(Settle("coverage", LP_COVERAGE_PROOF, CoverageCloseTo(lp.value)))
        entry["wall_time_s"] = round(time.perf_counter() - started, 3)
        ctx.show("flow", ctx.apply(state, result))
        return result.then(Entry(entry))


@dataclass(frozen=True)
class BudgetFlow(PolicyFlow):
    """Budget months (no stay): only when no phase has found a start yet."""

    name: str = "budget-flow"

    def supports(self, month: Month) -> bool:
        return super().supports(month) and not month.stays

    def wanted(self, state: SearchState) -> bool:
        return not state.coverage_proven and not state.found


@dataclass(frozen=True)
class StayFlow(PolicyFlow):
    """Stay months: always, for the km dive's support."""

    name: str = "stay-flow"

    def supports(self, month: Month) -> bool:
        return super().supports(month) and month.stays
