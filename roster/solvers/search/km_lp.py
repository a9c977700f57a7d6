"""The LP relaxation of km at the incumbent's coverage (and changes), in GLOP or kept
loaded in HiGHS (`SolveContext.km_lp`) so that the km cut rounds re-solve from its basis."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from roster.solvers.control import SolveOptions
from roster.solvers.engines.cuts import Cut
from roster.solvers.engines.group_totals import compact_groups
from roster.solvers.engines.highs import HighsLp
from roster.solvers.engines.lp import KM_GLOP, PRIMAL_GLOP, LpSolution, solve_lp
from roster.solvers.model.lp_objectives import secondary_objective
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.relaxation import Row
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Offer, PhaseResult
from roster.solvers.search.plannings import integral_planning
from roster.solvers.search.state import SearchState

HIGHS_MAX_THREADS = 8  # HiGHS' SIP runs at most 8 concurrent pieces (simplex_max_concurrency)


def km_lp_rows(state: SearchState, ctx: SolveContext) -> list[Row]:
    """The km LP's hold rows: coverage (and, re-planning, the changes) of the incumbent."""
    m, costs = ctx.month.m, ctx.month.change_costs
    w = m.weights
    assert w is not None
    # coverage held at the incumbent's exactly: a relative slack (1e-10 before) let the LP
    # trade a thousandth of a day between zones whose unit weights differ by ~1e-5, and
    # weakened the km bound enough (5.8e-6 on a hard region month) to leave km unproven
    rows: list[Row] = [(m.u, w.weight / w.scale, state.coverage / w.scale, np.inf)]
    if costs is not None:
        rows.append((m.x, costs.astype(float), -np.inf, float(costs @ state.values[m.x])))
    return rows


def solve_km_lp(
    state: SearchState, ctx: SolveContext, engine: str, limit: float, new_cuts: Sequence[Cut] = ()
) -> LpSolution:
    """The km LP with every cut found so far, by `engine`. HiGHS keeps it loaded: a
    re-solve adds only `new_cuts` and starts from its last basis."""
    m = ctx.month.m
    if engine == "highs" and ctx.km_lp is not None:
        ctx.km_lp.add_rows([c.as_row() for c in new_cuts])
        return ctx.km_lp.solve(limit)
    cuts = [c.as_row() for c in state.cuts + state.km_cuts]  # valid rows: a tighter bound
    relaxation = ctx.relaxation(state).with_rows(cuts)
    if engine == "highs":  # the variables fixed to 1 stay free in the LP (a weaker, valid bound)
        ctx.km_lp = HighsLp(relaxation, secondary_objective(m), km_lp_rows(state, ctx), state.fixed_to_zero,
                            totals=site_dates(m), threads=lp_threads(ctx.options))  # fmt: skip
        return ctx.km_lp.solve(limit)
    return solve_lp(
        relaxation,
        secondary_objective(m),
        maximize=False,
        extra_rows=km_lp_rows(state, ctx),
        fixed_to_zero=state.fixed_to_zero,
        time_limit_s=limit,
        control=ctx.control,
        glop_parameters=KM_GLOP if m.arrays.policy is None else PRIMAL_GLOP,
    )


def integral_km_planning(state: SearchState, ctx: SolveContext, lp: LpSolution) -> PhaseResult:
    """An integral km LP optimum is a planning: offered to the incumbent."""
    planning = integral_planning(ctx.month.m, ctx.relaxation(state), lp)
    return PhaseResult(() if planning is None else (Offer(planning),))


def site_dates(m: MissionModel) -> tuple[np.ndarray, np.ndarray]:
    """The missions grouped by site and date: the km LP in HiGHS reads site-date totals
    (`engines/group_totals.py`; hard stress 20.1 against 25.7 s)."""
    o = m.space.missions
    return m.x, compact_groups(o.site * m.arrays.n_dates + o.date)


def lp_threads(options: SolveOptions) -> int:
    """Threads for HiGHS' parallel dual simplex: the CP-SAT workers asked for (0: every
    core), at most HIGHS_MAX_THREADS. On hard stress's km LP, 2 threads took 16.4-18.3 s
    against 20.1-20.7 s serial."""
    wanted = options.workers if options.workers > 0 else os.cpu_count() or 1
    return min(wanted, HIGHS_MAX_THREADS)
