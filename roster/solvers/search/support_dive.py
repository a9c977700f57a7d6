"""A CP-SAT dive on an LP's support: the search the coverage and wish phases make fast.

CP-SAT maximises an objective over the missions an LP optimum uses at all (the others
fixed to 0), hinted with the LP rounded, optionally with the missions the LP takes whole
fixed to 1, under the best bound known; it stops at the first planning that reaches the
LP's bound (then proven).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from roster.solvers.engines.cpsat import CpSatResult, Report, run_cp_sat
from roster.solvers.engines.lp import INTEGRAL, LpSolution
from roster.solvers.model.cpbuilder import CpBuilder
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import PhaseResult
from roster.solvers.search.state import SearchState

# the dive with the LP's whole missions fixed: it proves in 0.4-0.7 s when it can (hard
# national seed 4, hard stress); on seed 5's first LP, whose bound no planning reaches, it
# searched 14 s without a proof
FIXED_DIVE_MAX_S = 2.0


def lp_whole_missions(m: MissionModel, lp: LpSolution) -> tuple[np.ndarray, int]:
    """The missions an LP optimum takes whole, and how many it uses at all."""
    assert lp.values is not None
    return m.x[lp.values[m.x] >= 1 - INTEGRAL], int((lp.values[m.x] > INTEGRAL).sum())


def two_stage_dives(
    state: SearchState,
    ctx: SolveContext,
    lp: LpSolution,
    dive: Callable[[SearchState, SolveContext, LpSolution, np.ndarray, float], PhaseResult],
    proven: Callable[[SearchState], bool],
    max_s: float,
) -> PhaseResult:
    """`dive` first with the missions the LP takes whole fixed to 1 (at most FIXED_DIVE_MAX_S),
    which reaches the bound when the LP's integral part belongs to an optimal planning;
    then, unless that proved it, on the whole support."""
    whole, used = lp_whole_missions(ctx.month.m, lp)
    result = PhaseResult()
    if 0 < len(whole) < used:
        result = dive(state, ctx, lp, whole, FIXED_DIVE_MAX_S)
        if proven(ctx.apply(state, result)) or ctx.control.stopped:
            return result
    return result.then(dive(ctx.apply(state, result), ctx, lp, whole[:0], max_s))


def support_dive(
    ctx: SolveContext,
    builder: CpBuilder,
    lp: LpSolution,
    ones: np.ndarray,
    objective: tuple[np.ndarray, np.ndarray],
    upper: int | None,
    target: int,
    name: str,
    limit: float,
    report: Report,
    unit: float,
) -> CpSatResult:
    """Maximise `objective` (variables, integer coefficients) in a phase's own `builder` over
    the LP's support with `ones` fixed to 1 and the objective at most `upper`; stop at `target`."""
    m = ctx.month.m
    assert lp.values is not None
    builder.fix_to_one(ones)
    support = builder.model
    outside = m.x[lp.values[m.x] <= INTEGRAL]
    CpBuilder.restrict_in(support.proto, outside)
    variables, coeffs = objective
    support.proto.clear_objective()
    goal = support.proto.objective
    goal.vars.extend(variables.tolist())
    goal.coeffs.extend((-coeffs).tolist())
    goal.scaling_factor = -1.0
    if upper is not None:
        bound = support.proto.constraints.add().linear
        bound.vars.extend(variables.tolist())
        bound.coeffs.extend(coeffs.tolist())
        bound.domain.extend((int(np.minimum(coeffs, 0).sum()), int(upper)))
    support.proto.clear_solution_hint()
    support.proto.solution_hint.vars.extend(m.x.tolist())
    support.proto.solution_hint.values.extend((lp.values[m.x] >= 0.5).astype(np.int64).tolist())
    found = run_cp_sat(support, name, limit, ctx.options, ctx.control, report, unit, stop_at=target)
    stats = {**found.stats, "support_missions": len(m.x) - len(outside), "fixed_to_one": len(ones)}
    return CpSatResult(found.name, found.status, found.values, found.objective, found.bound, found.wall_s,
                       stats, found.raw_bound)  # fmt: skip
