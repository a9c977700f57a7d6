"""coverage-lp-dive: CP-SAT on the coverage LP's support, hinted with the rounded LP.

The support is every mission the LP uses at all: a near-optimal planning fast, proven
when it reaches the LP bound (the search stops there). First with the missions the LP
takes whole fixed to 1, for at most FIXED_DIVE_MAX_S: a small search, which reaches the
bound when the LP's integral part belongs to an optimal planning (hard national seed
4: 0.41 against 0.82 s; hard stress: 0.67 against 1.24 s); else on the whole support.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from roster.solvers.engines.cpsat import run_cp_sat
from roster.solvers.engines.lp import INTEGRAL, PROVEN_GAP, LpSolution
from roster.solvers.model.cpbuilder import CpBuilder
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import CoverageAtLeast, CoverageCloseTo, PhaseResult, Settle
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import searched
from roster.solvers.search.proofs import LP_CUTS_DIVE_PROOF, LP_DIVE_MAX_S, LP_DIVE_PROOF, LP_FLOOR_PROOF
from roster.solvers.search.state import SearchState

# the dive with the LP's whole missions fixed: it proves in 0.4-0.7 s when it can (hard
# national seed 4, hard stress); on seed 5's first LP, whose bound no planning reaches, it
# searched 14 s without a proof
FIXED_DIVE_MAX_S = 2.0


@dataclass(frozen=True)
class CoverageLpDive:
    name: str = "coverage-lp-dive"

    def supports(self, month: Month) -> bool:
        return month.policy is None

    def wanted(self, state: SearchState) -> bool:
        return state.coverage_lp is not None and not state.coverage_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m, lp = ctx.month.m, state.coverage_lp
        assert lp is not None and lp.values is not None
        whole = m.x[lp.values[m.x] >= 1 - INTEGRAL]
        result = PhaseResult()
        if 0 < len(whole) < int((lp.values[m.x] > INTEGRAL).sum()):
            result = dive(state, ctx, lp, whole, FIXED_DIVE_MAX_S)
            if ctx.apply(state, result).coverage_proven or ctx.control.stopped:
                return result
        return result.then(dive(ctx.apply(state, result), ctx, lp, whole[:0], LP_DIVE_MAX_S))


def dive(
    state: SearchState, ctx: SolveContext, lp: LpSolution, ones: np.ndarray, max_s: float
) -> PhaseResult:
    """One dive on the LP's support with the missions `ones` fixed to 1, stopped at the
    LP bound; proven when it reaches it (or the integer bound)."""
    m = ctx.month.m
    w = m.weights
    assert w is not None and lp.values is not None
    builder = ctx.fork(state)
    builder.fix_to_one(ones)
    support = builder.model
    outside = m.x[lp.values[m.x] <= INTEGRAL]
    CpBuilder.fix_in(support.proto, outside)
    support.proto.clear_objective()
    objective = support.proto.objective
    objective.vars.extend(m.u.tolist())
    objective.coeffs.extend((-w.weight).tolist())
    objective.scaling_factor = -1.0
    if state.coverage_bound is not None:
        bound = support.proto.constraints.add().linear
        bound.vars.extend(m.u.tolist())
        bound.coeffs.extend(w.weight.tolist())
        bound.domain.extend((0, int(state.coverage_bound)))
    support.proto.clear_solution_hint()
    support.proto.solution_hint.vars.extend(m.x.tolist())
    support.proto.solution_hint.values.extend((lp.values[m.x] >= 0.5).astype(np.int64).tolist())
    limit = min(ctx.remaining() / 4, max_s)
    assert lp.value is not None
    target = math.ceil(lp.value * w.scale * (1 - PROVEN_GAP))
    report = ctx.reporter("coverage", state)
    found = run_cp_sat(support, "coverage-lp-dive", limit, ctx.options, ctx.control, report, w.scale,
                       stop_at=target)  # fmt: skip
    found = replace(found, stats={**found.stats, "support_missions": len(m.x) - len(outside),
                                  "fixed_to_one": len(ones)})  # fmt: skip
    proof = LP_CUTS_DIVE_PROOF if state.cuts else LP_DIVE_PROOF
    result = searched(found).then(
        Settle("coverage", proof, CoverageCloseTo(lp.value)),
        Settle("coverage", LP_FLOOR_PROOF, CoverageAtLeast()),
    )
    ctx.show("coverage", ctx.apply(state, result))
    return result
