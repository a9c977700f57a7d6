"""coverage-lp-dive: CP-SAT on the coverage LP's support, hinted with the rounded LP.

The support is every mission the LP uses at all: a near-optimal planning fast, proven
when it reaches the LP bound (the search stops there). First with the missions the LP
takes whole fixed to 1, for at most FIXED_DIVE_MAX_S: a small search, which reaches the
bound when the LP's integral part belongs to an optimal planning (hard national seed
4: 0.41 against 0.82 s; hard stress: 0.67 against 1.24 s); else on the whole support.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.lp import PROVEN_GAP, LpSolution
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import CoverageAtLeast, CoverageCloseTo, PhaseResult, Settle
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import searched
from roster.solvers.search.proofs import LP_CUTS_DIVE_PROOF, LP_DIVE_MAX_S, LP_DIVE_PROOF, LP_FLOOR_PROOF
from roster.solvers.search.state import SearchState
from roster.solvers.search.support_dive import support_dive, two_stage_dives


@dataclass(frozen=True)
class CoverageLpDive:
    name: str = "coverage-lp-dive"

    def supports(self, month: Month) -> bool:
        return month.policy is None

    def wanted(self, state: SearchState) -> bool:
        return state.coverage_lp is not None and not state.coverage_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        lp = state.coverage_lp
        assert lp is not None
        return two_stage_dives(state, ctx, lp, dive, lambda s: s.coverage_proven, LP_DIVE_MAX_S)


def dive(
    state: SearchState, ctx: SolveContext, lp: LpSolution, ones: np.ndarray, max_s: float
) -> PhaseResult:
    """One dive on the LP's support with the missions `ones` fixed to 1, stopped at the
    LP bound; proven when it reaches it (or the integer bound)."""
    w = ctx.month.m.weights
    assert w is not None and lp.value is not None
    target = math.ceil(lp.value * w.scale * (1 - PROVEN_GAP))
    found = support_dive(
        ctx, ctx.fork(state), lp, ones, (ctx.month.m.u, w.weight), state.coverage_bound, target,
        "coverage-lp-dive", min(ctx.remaining() / 4, max_s), ctx.reporter("coverage", state), w.scale,
    )  # fmt: skip
    proof = LP_CUTS_DIVE_PROOF if state.cuts else LP_DIVE_PROOF
    result = searched(found).then(
        Settle("coverage", proof, CoverageCloseTo(lp.value)),
        Settle("coverage", LP_FLOOR_PROOF, CoverageAtLeast()),
    )
    ctx.show("coverage", ctx.apply(state, result))
    return result
