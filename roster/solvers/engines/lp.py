"""The LP relaxation of the CP-SAT model, solved by GLOP (OR-Tools' simplex).

On the contract's structure (a flow with side constraints) the relaxation is very
tight: on the benchmark months its coverage optimum is integral, so it *is* the
planning, and its km optimum is within 1e-7. The LP gives (1) a bound, (2) often
the planning itself, (3) reduced costs that fix most variables to 0 before CP-SAT
proves the last details (reduced-cost fixing: a variable whose reduced cost exceeds
the gap between the incumbent and the bound cannot be 1 in any better planning).

Bounds from a floating-point simplex hold up to its tolerances: the solve treats a
relative gap below `PROVEN_GAP` (coverage; distinct coverage scores differ by far
more) or `KM_PROVEN_GAP` (km) as closed, and reports which bound closed it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver.python import model_builder_helper as mbh

from roster.solvers.control import SolveControl
from roster.solvers.model.relaxation import LinearRelaxation, Row

PROVEN_GAP = 1e-9  # relative coverage gap treated as closed when the bound comes from the LP
KM_PROVEN_GAP = 1e-6  # relative km gap treated as closed (the contract's km tolerance)
# Measured on the national benchmark: primal simplex without presolve for coverage (0.8 s;
# dual simplex: 15 s), dual simplex for km at fixed coverage (1.0 s; primal: 3.8 s).
# (Bixby's initial basis solves these LPs in 0.85-0.93x the time, but lands on other optimal
# vertices: the hard stress month's dive then stalls below the bound, 51 s against 43 s.)
PRIMAL_GLOP = "use_preprocessing:false"  # LPs that hold an objective (a row not met at 0)
# A coverage LP, whose rows all hold at 0, from the slack basis (no crash): feasible from
# the start, as with GLOP's triangular crash, which puts columns in place of the equality
# rows' slacks; about as many iterations, 4-18% less of GLOP's deterministic work, and
# 0.79-0.85 against 0.87-0.94 s (easy national), 2.95-3.07 against 3.32-3.58 s (easy
# stress), 2.3-2.4 against 2.75-2.98 s (hard national seed 5).
COVERAGE_GLOP = f"{PRIMAL_GLOP} initial_basis:NONE"
KM_GLOP = "use_dual_simplex:true"
INTEGRAL = 1e-6  # an LP value this close to 0 or 1 counts as integral


@dataclass(frozen=True)
class LpSolution:
    status: str
    value: float | None
    values: np.ndarray | None  # one per CP variable
    reduced_costs: np.ndarray | None
    wall_s: float

    @property
    def integral(self) -> bool:
        if self.values is None:
            return False
        return bool((np.minimum(np.abs(self.values), np.abs(1 - self.values)) <= INTEGRAL).all())


def solve_lp(
    relaxation: LinearRelaxation,
    objective: np.ndarray,
    maximize: bool,
    extra_rows: Sequence[Row] = (),
    fixed_to_zero: np.ndarray | None = None,
    fixed_to_one: np.ndarray | None = None,
    time_limit_s: float = 60.0,
    control: SolveControl | None = None,
    glop_parameters: str = "",
) -> LpSolution:
    """Optimise `objective` (one float per CP variable) over the relaxation plus rows."""
    started = time.perf_counter()
    with_extra = relaxation.with_rows(list(extra_rows))
    matrix, lower, upper = with_extra.matrix, with_extra.lower, with_extra.upper
    var_upper = relaxation.var_upper.copy()
    var_lower = relaxation.var_lower.copy()
    if fixed_to_zero is not None:
        var_upper[fixed_to_zero] = 0.0
    if fixed_to_one is not None:
        var_lower[fixed_to_one] = 1.0
    model = mbh.ModelBuilderHelper()
    model.fill_model_from_sparse_data(
        var_lower, var_upper, objective.astype(np.float64), lower.astype(np.float64),
        upper.astype(np.float64), matrix,
    )  # fmt: skip
    model.set_maximize(maximize)
    solver = mbh.ModelSolverHelper("glop")
    solver.set_time_limit_in_seconds(max(0.05, time_limit_s))
    if glop_parameters:
        solver.set_solver_specific_parameters(glop_parameters)
    stopper = _Interrupt(solver)
    if control is not None and not control.attach(stopper):
        return LpSolution("NOT_SOLVED", None, None, None, time.perf_counter() - started)
    solver.solve(model)
    if control is not None:
        control.attach(None)
    wall = time.perf_counter() - started
    status = solver.status()
    if status != mbh.SolveStatus.OPTIMAL or not solver.has_solution():
        return LpSolution(status.name, None, None, None, wall)
    return LpSolution(
        "OPTIMAL",
        float(solver.objective_value()),
        np.asarray(solver.variable_values(), dtype=np.float64),
        np.asarray(solver.reduced_costs(), dtype=np.float64),
        wall,
    )


@dataclass(frozen=True)
class Basis:
    """A simplex basis in HiGHS' codes (`HighsBasisStatus`: 0 at lower, 1 basic, 2 at
    upper, 3 free): one per column, one per row (for the row's activity)."""

    columns: np.ndarray
    rows: np.ndarray


class _Interrupt:
    """Lets `SolveControl` stop GLOP like a CP-SAT search."""

    def __init__(self, solver: mbh.ModelSolverHelper) -> None:
        self._solver = solver

    def stop_search(self) -> None:
        self._solver.interrupt_solve()


def rounded_if_feasible(relaxation: LinearRelaxation, values: np.ndarray) -> np.ndarray | None:
    """The LP values rounded to 0/1 when that satisfies every row exactly, else None."""
    rounded = np.rint(values).astype(np.int64)
    return rounded if relaxation.holds(rounded) else None


def fixable_to_zero(lp: LpSolution, gap: float, maximize: bool, margin: float) -> np.ndarray:
    """Variables at 0 in the LP whose reduced cost alone exceeds the incumbent-bound gap:
    they are 0 in every planning at least as good as the incumbent."""
    assert lp.values is not None and lp.reduced_costs is not None
    at_zero = lp.values <= INTEGRAL
    penalty = -lp.reduced_costs if maximize else lp.reduced_costs
    return np.flatnonzero(at_zero & (penalty > gap + margin))


def fixable_to_one(lp: LpSolution, gap: float, maximize: bool, margin: float) -> np.ndarray:
    """Variables at 1 in the LP whose reduced cost alone exceeds the incumbent-bound gap:
    they are 1 in every planning at least as good as the incumbent."""
    assert lp.values is not None and lp.reduced_costs is not None
    at_one = lp.values >= 1 - INTEGRAL
    gain = lp.reduced_costs if maximize else -lp.reduced_costs
    return np.flatnonzero(at_one & (gain > gap + margin))
