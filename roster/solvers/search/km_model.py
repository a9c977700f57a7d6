"""The km phases' CP-SAT model and their dive on a km LP's support."""

from __future__ import annotations

import math

import numpy as np

from roster.solvers.engines.cpsat import run_cp_sat
from roster.solvers.engines.lp import INTEGRAL, KM_PROVEN_GAP, LpSolution
from roster.solvers.model.cpbuilder import CpBuilder
from roster.solvers.model.objective import KM_SCALE, travel_cost
from roster.solvers.search.context import SolveContext, add_cut_rows
from roster.solvers.search.findings import PhaseResult
from roster.solvers.search.plannings import searched, support_model
from roster.solvers.search.proofs import LP_DIVE_MAX_S
from roster.solvers.search.state import SearchState


def lp_floor(state: SearchState) -> int | None:
    """The best lower bound on the second objective in metres: CP-SAT's (or the flow's), or
    the km LP's less its relative tolerance, whichever is higher."""
    lp = state.km_lp_bound
    lp = None if lp is None else math.floor(lp * KM_SCALE * (1 - KM_PROVEN_GAP / 10))
    bounds = [b for b in (state.km_bound, lp) if b is not None]
    return max(bounds) if bounds else None


def km_model(state: SearchState, ctx: SolveContext) -> CpBuilder:
    """CP-SAT on km with coverage (and changes, and the wish score) held, above the km
    bound known; the km cut rounds' cuts come after those rows."""
    m = ctx.month.m
    variables, metres = travel_cost(m)
    cp = ctx.hold(ctx.fork(state, km_cuts=False), state)
    low = lp_floor(state) if ctx.month.change_costs is None else None
    if low is not None:
        cp.add_linear(variables, metres, low, int(np.maximum(metres, 0).sum()))
    cp.set_objective(variables, metres, maximize=False)
    cp.set_hint(m.all_variables, state.values)
    add_cut_rows(cp, state.km_cuts)
    return cp


def km_dive(state: SearchState, ctx: SolveContext, lp: LpSolution) -> PhaseResult:
    """CP-SAT on km over the missions the km LP uses, hinted with the LP rounded. The LP
    leaves the variables fixed to 1 free (`solve_km_lp`): they stay at 1 in the dive."""
    m = ctx.month.m
    assert lp.values is not None
    hint = (lp.values[m.x] >= 0.5) | np.isin(m.x, state.fixed_to_one)
    support = support_model(km_model(state, ctx), m.x[lp.values[m.x] <= INTEGRAL], m.x, hint.astype(np.int64))
    limit = min(ctx.remaining() / 3, LP_DIVE_MAX_S)
    report = ctx.reporter("km", state)
    return searched(run_cp_sat(support, "km-lp-dive", limit, ctx.options, ctx.control, report, KM_SCALE))
