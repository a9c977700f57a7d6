"""What the coverage LPs (the first one, and after each cut round) prove and give."""

from __future__ import annotations

import math

from roster.solvers.engines.lp import PROVEN_GAP, LpSolution
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import CoverageBound, Offer, PhaseResult
from roster.solvers.search.plannings import integral_planning
from roster.solvers.search.state import SearchState


def cuts_wanted(ctx: SolveContext) -> bool:
    """Zero-half cuts on a fractional coverage LP: asked for, and not with a policy."""
    return ctx.options.use_cuts and ctx.month.policy is None


def took_coverage_lp(state: SearchState, ctx: SolveContext, lp: LpSolution) -> PhaseResult:
    """A coverage LP optimum (cuts or not): its bound rounded down to the integer
    objective, and when integral, its planning."""
    assert lp.value is not None and lp.values is not None
    m = ctx.month.m
    assert m.weights is not None
    bound = math.floor(lp.value * m.weights.scale * (1 + PROVEN_GAP))
    planning = integral_planning(m, ctx.relaxation(state), lp)
    return PhaseResult((CoverageBound(bound), *(() if planning is None else (Offer(planning),))))
