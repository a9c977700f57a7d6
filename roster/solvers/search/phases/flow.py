"""flow: the min-cost-flow relaxation (the model without rule 4, `engines/flow.py`), an
exact bound, repaired for rule 4 into a feasible planning (`engines/repair.py`).

Only when no LP-guided planning is in hand: the flow's bound is weaker than the LP's,
so then it only costs time (measured: 17 s for nothing on a hard national month). It
knows no pin, zone minimum, budget or stay, so such months skip it (the policy months
have their own flow phase, `policy_flow.py`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.repair import repair
from roster.solvers.model.objective import KM_SCALE
from roster.solvers.model.values import full_values
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import (
    CoverageAtLeast,
    CoverageBound,
    Entry,
    KmAtBound,
    KmBound,
    Offer,
    PhaseResult,
    Settle,
)
from roster.solvers.search.month import Month
from roster.solvers.search.proofs import FLOW_PROOF, LP_FLOOR_PROOF
from roster.solvers.search.state import SearchState

REPAIR_MAX_S, REPAIR_SHARE = 8.0, 0.3  # time for flow re-solves in the repair


def repair_budget(ctx: SolveContext) -> float:
    """Seconds the repair may spend re-solving the flow."""
    return min(REPAIR_MAX_S, REPAIR_SHARE * ctx.options.time_limit_s)


@dataclass(frozen=True)
class Flow:
    name: str = "flow"

    def supports(self, month: Month) -> bool:
        plain = not month.m.has_requirements and not month.replanning and month.policy is None
        return month.options.use_flow and plain and month.has_missions

    def wanted(self, state: SearchState) -> bool:
        guided = state.coverage_lp is not None and state.found
        return not guided and not state.coverage_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m = ctx.month.m
        assert m.weights is not None
        started = time.perf_counter()
        repaired = repair(m.arrays, m.space, m.weights, time_budget_s=repair_budget(ctx))
        if repaired is None:
            wall = round(time.perf_counter() - started, 3)
            return PhaseResult((Entry({"phase": self.name, "status": "FAILED", "wall_time_s": wall}),))
        relaxed = repaired.relaxed
        planning = full_values(m, repaired.missions.astype(np.int64), repaired.locums.astype(np.int64))
        result = PhaseResult((
            Offer(planning),
            CoverageBound(relaxed.coverage),
            Settle("coverage", FLOW_PROOF, CoverageAtLeast(relaxed.coverage)),
            Settle("coverage", LP_FLOOR_PROOF, CoverageAtLeast()),
        ))  # fmt: skip
        if relaxed.lexicographic:  # the flow's least km at its coverage: a bound there only
            result = result.then(KmBound(relaxed.metres, when=CoverageAtLeast(relaxed.coverage)),
                                 Settle("km", FLOW_PROOF, KmAtBound()))  # fmt: skip
        after = ctx.apply(state, result)
        scale = ctx.month.scale
        entry = {
            "phase": self.name,
            "status": "OPTIMAL" if after.coverage_proven and after.km_proven else "FEASIBLE",
            "relaxed_coverage": relaxed.coverage / scale,
            "relaxed_km": relaxed.metres / KM_SCALE,
            "repaired_coverage": after.coverage / scale,
            "repaired_km": after.metres / KM_SCALE,
            "rounds": repaired.rounds,
            "wall_time_s": round(time.perf_counter() - started, 3),
        }
        ctx.show("flow", after)
        return result.then(Entry(entry))
