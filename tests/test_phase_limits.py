"""`run_phase`'s early end `stop_at` (a bound proven outside CP-SAT is reached), on a
search CP-SAT cannot finish."""

from __future__ import annotations

import time

import numpy as np
from ortools.sat.python import cp_model

from roster.solvers.control import SolveControl, SolveOptions
from roster.solvers.engines.cpsat import run_cp_sat
from roster.solvers.model.cpbuilder import CpBuilder

LIMIT = 20.0


def _hard_knapsack() -> cp_model.CpModel:
    """A strongly correlated 12-dimensional knapsack of 300 items: good solutions come
    at once, the proof does not (CP-SAT, one worker, was 0.26% from its bound after 8 s)."""
    rng = np.random.default_rng(7)
    cp = CpBuilder()
    x = cp.new_bools(300)
    weights = rng.integers(100, 1000, size=(12, 300))
    for row in weights:
        cp.add_linear(x, row, 0, int(row.sum() // 2))
    cp.set_objective(x, weights.sum(axis=0) // 12 + 5, maximize=True)
    return cp.model


def _run(**limits: float) -> tuple[object, float]:
    started = time.perf_counter()
    options = SolveOptions(workers=1, seed=1)
    result = run_cp_sat(
        _hard_knapsack(), "test", LIMIT, options, SolveControl(), lambda _o, _b: None, 1.0, **limits
    )
    return result, time.perf_counter() - started


def test_a_search_ends_at_the_first_solution_reaching_stop_at() -> None:
    result, wall = _run(stop_at=80_000.0)
    assert result.status == "FEASIBLE" and result.objective is not None and result.objective >= 80_000
    assert wall < LIMIT / 2
