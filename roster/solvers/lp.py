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
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver.python import model_builder_helper as mbh
from scipy.sparse import csr_matrix, vstack

from roster.solvers.control import SolveControl
from roster.solvers.cpbuilder import CpBuilder

PROVEN_GAP = 1e-9  # relative coverage gap treated as closed when the bound comes from the LP
KM_PROVEN_GAP = 1e-6  # relative km gap treated as closed (the contract's km tolerance)
# Measured on the national benchmark: primal simplex without presolve for coverage (0.8 s;
# dual simplex: 15 s), dual simplex for km at fixed coverage (1.0 s; primal: 3.8 s).
COVERAGE_GLOP = "use_preprocessing:false"
KM_GLOP = "use_dual_simplex:true"
INTEGRAL = 1e-6  # an LP value this close to 0 or 1 counts as integral


@dataclass(frozen=True)
class LinearRelaxation:
    """The model's constraints as a sparse matrix: lower <= A v <= upper, 0 <= v <= 1."""

    matrix: csr_matrix
    lower: np.ndarray
    upper: np.ndarray
    var_lower: np.ndarray
    var_upper: np.ndarray

    @classmethod
    def of(cls, cp: CpBuilder) -> LinearRelaxation:
        """Read the model proto: linear rows, at-most-ones, and implications a => b."""
        cols: list[np.ndarray] = []
        vals: list[np.ndarray] = []
        bounds: list[tuple[float, float]] = []
        for constraint in cp.proto.constraints:
            row = _row(constraint)
            if row is not None:
                cols.append(row[0])
                vals.append(row[1])
                bounds.append(row[2])
        rows = np.repeat(np.arange(len(cols)), [len(c) for c in cols])
        matrix = csr_matrix(
            (np.concatenate(vals) if vals else np.zeros(0),
             (rows, np.concatenate(cols) if cols else np.zeros(0, np.int64))),
            shape=(len(cols), cp.num_variables),
        )  # fmt: skip
        var_lower = np.zeros(cp.num_variables)  # every model variable is 0/1 when the relaxation is read
        var_upper = np.ones(cp.num_variables)
        lower = np.array([lo for lo, _ in bounds], dtype=np.float64)
        upper = np.array([hi for _, hi in bounds], dtype=np.float64)
        return cls(matrix, lower, upper, var_lower, var_upper)

    def with_rows(self, rows: list[tuple[np.ndarray, np.ndarray, float, float]]) -> LinearRelaxation:
        """The relaxation with rows `lower <= coeffs . v[columns] <= upper` appended (cuts)."""
        if not rows:
            return self
        n = self.matrix.shape[1]
        extra = csr_matrix(
            (np.concatenate([c for _, c, _, _ in rows]),
             (np.concatenate([np.full(len(v), i) for i, (v, _, _, _) in enumerate(rows)]),
              np.concatenate([v for v, _, _, _ in rows]))),
            shape=(len(rows), n),
        )  # fmt: skip
        return LinearRelaxation(
            vstack([self.matrix, extra]).tocsr(),
            np.concatenate([self.lower, [lo for _, _, lo, _ in rows]]),
            np.concatenate([self.upper, [hi for _, _, _, hi in rows]]),
            self.var_lower,
            self.var_upper,
        )


def _row(constraint: object) -> tuple[np.ndarray, np.ndarray, tuple[float, float]] | None:
    """One constraint of the proto as (columns, coefficients, (lower, upper)); None if not linear.

    Use has_*(): reading another oneof field of the proto wrapper would switch its kind."""
    if constraint.has_linear():  # type: ignore[attr-defined]
        if len(constraint.enforcement_literal):  # type: ignore[attr-defined]
            return None  # only in diagnosis models (assumptions)
        linear = constraint.linear  # type: ignore[attr-defined]
        domain = list(linear.domain)  # (the wrapper has no negative indexing)
        return (
            np.asarray(linear.vars, np.int64),
            np.asarray(linear.coeffs, np.float64),
            (domain[0], domain[-1]),
        )
    if constraint.has_at_most_one():  # type: ignore[attr-defined]
        literals = np.asarray(constraint.at_most_one.literals, np.int64)  # type: ignore[attr-defined]
        return literals, np.ones(len(literals)), (0.0, 1.0)
    if constraint.has_bool_and():  # a => b as a - b <= 0  # type: ignore[attr-defined]
        pair = [constraint.enforcement_literal[0], constraint.bool_and.literals[0]]  # type: ignore[attr-defined]
        return np.array(pair, np.int64), np.array([1.0, -1.0]), (-1.0, 0.0)
    return None


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
    extra_rows: list[tuple[np.ndarray, np.ndarray, float, float]] = (),
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


def solve_lp_dual_simplex(
    relaxation: LinearRelaxation,
    objective: np.ndarray,
    extra_rows: list[tuple[np.ndarray, np.ndarray, float, float]] = (),
    fixed_to_zero: np.ndarray | None = None,
    time_limit_s: float = 60.0,
) -> LpSolution:
    """Minimise `objective` over the relaxation plus rows with HiGHS' dual simplex (the
    copy inside scipy). Measured on a hard national month's km LP: 4.4 s of CPU against
    7.9 s for GLOP's dual simplex. Not interruptible: bounded by its time limit."""
    from scipy.optimize import linprog

    started = time.perf_counter()
    with_extra = relaxation.with_rows(list(extra_rows))
    matrix, lower, upper = with_extra.matrix, with_extra.lower, with_extra.upper
    equal = lower == upper
    above, below = np.isfinite(upper) & ~equal, np.isfinite(lower) & ~equal
    var_upper = relaxation.var_upper.copy()
    if fixed_to_zero is not None:
        var_upper[fixed_to_zero] = 0.0
    result = linprog(
        objective,
        A_ub=vstack([matrix[above], -matrix[below]]).tocsr(),
        b_ub=np.concatenate([upper[above], -lower[below]]),
        A_eq=matrix[equal] if equal.any() else None,
        b_eq=lower[equal] if equal.any() else None,
        bounds=np.column_stack([relaxation.var_lower, var_upper]),
        method="highs-ds",
        options={"time_limit": max(0.1, time_limit_s)},
    )
    wall = time.perf_counter() - started
    if result.status != 0:
        return LpSolution("NOT_SOLVED" if result.status == 1 else "ABNORMAL", None, None, None, wall)
    reduced = np.asarray(result.lower.marginals) + np.asarray(result.upper.marginals)
    return LpSolution("OPTIMAL", float(result.fun), np.asarray(result.x, np.float64), reduced, wall)


class _Interrupt:
    """Lets `SolveControl` stop GLOP like a CP-SAT search."""

    def __init__(self, solver: mbh.ModelSolverHelper) -> None:
        self._solver = solver

    def stop_search(self) -> None:
        self._solver.interrupt_solve()


def rounded_if_feasible(relaxation: LinearRelaxation, values: np.ndarray) -> np.ndarray | None:
    """The LP values rounded to 0/1 when that satisfies every row exactly, else None."""
    rounded = np.rint(values).astype(np.int64)
    activity = relaxation.matrix @ rounded
    if (activity < relaxation.lower - 1e-9).any() or (activity > relaxation.upper + 1e-9).any():
        return None
    return rounded


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
