"""What the wish phases share: the wish objective, the rows that hold coverage (and
changes) while it is maximised, and the time they may take."""

from __future__ import annotations

import math

import numpy as np

from roster.solvers.engines.lp import PROVEN_GAP, LpSolution
from roster.solvers.model.relaxation import LinearRelaxation, Row
from roster.solvers.search.context import SolveContext
from roster.solvers.search.proofs import WISH_LP_TOLERANCE
from roster.solvers.search.state import SearchState

WISH_PHASE_SHARE = 0.5  # share of the remaining time for the wish phases when km is still to prove


def wish_terms(ctx: SolveContext) -> tuple[np.ndarray, np.ndarray]:
    """The wish score as (mission variables, integer values), the missions worth something only."""
    m, wishes = ctx.month.m, ctx.month.wishes
    nonzero = np.flatnonzero(wishes)
    return m.x[nonzero], wishes[nonzero]


def wish_objective(ctx: SolveContext) -> np.ndarray:
    """The wish score as one float per model variable (the wish LPs' objective)."""
    m = ctx.month.m
    objective = np.zeros(m.num_variables)
    objective[m.x] = ctx.month.wishes
    return objective


def held_rows(state: SearchState, ctx: SolveContext) -> list[Row]:
    """LP rows holding the incumbent's coverage (and, re-planning, its changes)."""
    m, costs = ctx.month.m, ctx.month.change_costs
    w = m.weights
    assert w is not None
    covered = state.coverage / w.scale
    rows: list[Row] = [(m.u, w.weight / w.scale, covered * (1 - PROVEN_GAP / 10), np.inf)]
    if costs is not None:
        rows.append((m.x, costs.astype(float), -np.inf, float(costs @ state.values[m.x])))
    return rows


def wish_relaxation(state: SearchState, ctx: SolveContext) -> LinearRelaxation:
    """The relaxation the wish LPs run on: the model's rows, every cut found so far, and the holds."""
    cuts = [c.as_row() for c in state.cuts + state.km_cuts]
    return ctx.relaxation(state).with_rows(cuts + held_rows(state, ctx))


def integer_bound(lp: LpSolution) -> int:
    """An LP bound on the (integer) wish score, rounded down after WISH_LP_TOLERANCE."""
    assert lp.value is not None
    return math.floor(lp.value + WISH_LP_TOLERANCE * max(1.0, abs(lp.value)))


def wish_time(state: SearchState, ctx: SolveContext, share: float) -> float:
    """`share` of the time the wish phases may take (half the rest while km is unproven)."""
    return share * max(0.0, ctx.remaining()) * (WISH_PHASE_SHARE if not state.km_proven else 1.0)
