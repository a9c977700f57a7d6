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
from roster.solvers.rows import Rows

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
class LinearRelaxation:
    """The model's constraints as a sparse matrix: lower <= A v <= upper, 0 <= v <= 1."""

    matrix: csr_matrix
    lower: np.ndarray
    upper: np.ndarray
    var_lower: np.ndarray
    var_upper: np.ndarray

    @classmethod
    def from_rows(cls, rows: Rows, num_variables: int, requirements: bool = True) -> LinearRelaxation:
        """The rows as a sparse matrix over 0/1 variables (an implication a => b is the
        row -1 <= a - b <= 0; requirement rows only when `requirements`)."""
        if not requirements:
            rows = rows.without_requirements()
        matrix = csr_matrix(
            (rows.coeffs.astype(np.float64), rows.variables, rows.starts), shape=(len(rows), num_variables)
        )
        matrix.sum_duplicates()  # canonical: sorted columns, repeated ones summed
        return cls(
            matrix,
            rows.low.astype(np.float64),
            rows.high.astype(np.float64),
            np.zeros(num_variables),  # every model variable is 0/1 when the relaxation is read
            np.ones(num_variables),
        )

    def with_rows(self, rows: list[tuple[np.ndarray, np.ndarray, float, float]]) -> LinearRelaxation:
        """The relaxation with rows `lower <= coeffs . v[columns] <= upper` appended (cuts)."""
        if not rows:
            return self
        return LinearRelaxation(
            vstack([self.matrix, rows_matrix(rows, self.matrix.shape[1])]).tocsr(),
            np.concatenate([self.lower, [lo for _, _, lo, _ in rows]]),
            np.concatenate([self.upper, [hi for _, _, _, hi in rows]]),
            self.var_lower,
            self.var_upper,
        )


def rows_matrix(rows: list[tuple[np.ndarray, np.ndarray, float, float]], num_variables: int) -> csr_matrix:
    """The coefficients of rows `lower <= coeffs . v[columns] <= upper` as a sparse matrix."""
    return csr_matrix(
        (np.concatenate([c for _, c, _, _ in rows]).astype(np.float64),
         (np.concatenate([np.full(len(v), i) for i, (v, _, _, _) in enumerate(rows)]),
          np.concatenate([v for v, _, _, _ in rows]))),
        shape=(len(rows), num_variables),
    )  # fmt: skip


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


@dataclass(frozen=True)
class Basis:
    """A simplex basis in HiGHS' codes (`HighsBasisStatus`: 0 at lower, 1 basic, 2 at
    upper, 3 free): one per column, one per row (for the row's activity)."""

    columns: np.ndarray
    rows: np.ndarray


class HighsLp:
    """An LP kept loaded in HiGHS (highspy): rows added later (cuts) are solved from the
    last optimal basis by the dual simplex. Measured on a hard national month's km LP:
    1.3 s for the first solve (2.4 s through scipy's copy of HiGHS, which rebuilds
    two-sided rows), then 0.08 s for each round of cuts against 2.4 s from scratch.
    Given an optimal `basis` (GLOP's, `glop_basis.py`), the first solve only checks it.
    A maximisation is solved as the minimisation of -objective; its value and reduced
    costs are reported in GLOP's convention for a maximisation.
    Not interruptible: bounded by its time limit."""

    def __init__(
        self,
        relaxation: LinearRelaxation,
        objective: np.ndarray,
        extra_rows: list[tuple[np.ndarray, np.ndarray, float, float]] = (),
        fixed_to_zero: np.ndarray | None = None,
        maximize: bool = False,
        basis: Basis | None = None,
        totals: tuple[np.ndarray, np.ndarray] | None = None,
        threads: int = 1,
    ) -> None:
        """`totals` (members, groups): solve the equivalent LP over group totals
        (`group_totals.py`); values and reduced costs are still those of the relaxation's
        variables. `threads` > 1: HiGHS' parallel dual simplex (SIP) on that many threads."""
        import highspy

        from roster.solvers.group_totals import with_group_totals

        assert basis is None or totals is None, "a basis is over the relaxation's own variables"
        self._highspy = highspy
        with_extra = relaxation.with_rows(list(extra_rows))
        self._num_variables = with_extra.matrix.shape[1]  # the relaxation's; totals come after
        if totals is not None:
            with_extra = with_group_totals(with_extra, *totals)
        matrix = with_extra.matrix.tocsr()
        var_upper = with_extra.var_upper.copy()
        if fixed_to_zero is not None:
            var_upper[fixed_to_zero] = 0.0
        self._num_columns = matrix.shape[1]
        cost = np.zeros(self._num_columns)
        cost[: self._num_variables] = objective
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = matrix.shape[1], matrix.shape[0]
        self._sign = -1.0 if maximize else 1.0
        lp.col_cost_ = self._sign * cost
        lp.col_lower_, lp.col_upper_ = with_extra.var_lower, var_upper
        lp.row_lower_, lp.row_upper_ = self._finite(with_extra.lower), self._finite(with_extra.upper)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = matrix.shape[1], matrix.shape[0]
        lp.a_matrix_.start_, lp.a_matrix_.index_ = matrix.indptr, matrix.indices
        lp.a_matrix_.value_ = matrix.data
        # the bindings' own class: highspy.Highs() prints a banner on stdout and wires Python callbacks
        raw = getattr(getattr(highspy, "_core", None), "_Highs", None)
        self._highs = raw() if raw is not None else highspy.Highs()
        self._highs.setOptionValue("output_flag", False)
        self._highs.setOptionValue("solver", "simplex")
        self._highs.setOptionValue("simplex_strategy", 2 if threads > 1 else 1)  # dual: parallel (SIP) or not
        if threads > 1:
            self._highs.setOptionValue("threads", int(threads))
        self._highs.passModel(lp)
        self.iterations = 0  # simplex iterations of the last solve
        if basis is not None:
            self._set_basis(basis, len(with_extra.lower))

    def _set_basis(self, basis: Basis, num_rows: int) -> None:
        """Start from `basis` (rows beyond it, such as `extra_rows`, basic: their slack)."""
        status = [self._highspy.HighsBasisStatus(code) for code in range(4)]
        rows = np.ones(num_rows, dtype=np.int8)
        rows[: len(basis.rows)] = basis.rows
        start = self._highspy.HighsBasis()
        start.col_status = [status[code] for code in basis.columns.tolist()]
        start.row_status = [status[code] for code in rows.tolist()]
        start.valid = True
        self._highs.setBasis(start)

    def _finite(self, bounds: np.ndarray) -> np.ndarray:
        infinity = self._highspy.kHighsInf
        return np.clip(np.asarray(bounds, dtype=np.float64), -infinity, infinity)

    def add_rows(self, rows: list[tuple[np.ndarray, np.ndarray, float, float]]) -> None:
        """Append rows `lower <= coeffs . v[columns] <= upper` (the basis stays valid)."""
        if not rows:
            return
        matrix = rows_matrix(rows, self._num_columns)
        self._highs.addRows(
            len(rows),
            self._finite(np.array([lo for _, _, lo, _ in rows], dtype=np.float64)),
            self._finite(np.array([hi for _, _, _, hi in rows], dtype=np.float64)),
            matrix.nnz,
            matrix.indptr[:-1].astype(np.int32),
            matrix.indices.astype(np.int32),
            matrix.data,
        )

    def solve(self, time_limit_s: float) -> LpSolution:
        """Minimise; from the last optimal basis when there is one."""
        started = time.perf_counter()
        self._highs.setOptionValue("time_limit", max(0.1, float(time_limit_s)))
        before = self._highs.getInfo().simplex_iteration_count
        if self._highs.run() == self._highspy.HighsStatus.kError and self._not_run():
            # HiGHS' task scheduler is process-wide and keeps the thread count of the
            # first parallel solve: one that asks for another count is refused, so it
            # runs on the scheduler as it is (threads 0), never resetting it under
            # another solve of the process
            self._highs.setOptionValue("threads", 0)
            self._highs.run()
        self.iterations = max(0, self._highs.getInfo().simplex_iteration_count - max(before, 0))
        wall = time.perf_counter() - started
        status = self._highs.getModelStatus()
        if status != self._highspy.HighsModelStatus.kOptimal:
            return LpSolution("NOT_SOLVED" if "Time" in str(status) else "ABNORMAL", None, None, None, wall)
        solution = self._highs.getSolution()
        return LpSolution(
            "OPTIMAL",
            self._sign * float(self._highs.getInfo().objective_function_value),
            np.asarray(solution.col_value, dtype=np.float64)[: self._num_variables],
            self._sign * np.asarray(solution.col_dual, dtype=np.float64)[: self._num_variables],
            wall,
        )

    def _not_run(self) -> bool:
        return bool(self._highs.getModelStatus() == self._highspy.HighsModelStatus.kNotset)


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
