"""An LP kept loaded in HiGHS (highspy), re-solved from its last basis after rows are added."""

from __future__ import annotations

import time
from collections.abc import Sequence

import highspy
import numpy as np

from roster.solvers.engines.group_totals import with_group_totals
from roster.solvers.engines.lp import Basis, LpSolution
from roster.solvers.model.relaxation import LinearRelaxation, Row, rows_matrix


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
        extra_rows: Sequence[Row] = (),
        fixed_to_zero: np.ndarray | None = None,
        maximize: bool = False,
        basis: Basis | None = None,
        totals: tuple[np.ndarray, np.ndarray] | None = None,
        threads: int = 1,
    ) -> None:
        """`totals` (members, groups): solve the equivalent LP over group totals
        (`group_totals.py`); values and reduced costs are still those of the relaxation's
        variables. `threads` > 1: HiGHS' parallel dual simplex (SIP) on that many threads."""
        assert basis is None or totals is None, "a basis is over the relaxation's own variables"
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
        status = [highspy.HighsBasisStatus(code) for code in range(4)]
        rows = np.ones(num_rows, dtype=np.int8)
        rows[: len(basis.rows)] = basis.rows
        start = highspy.HighsBasis()
        start.col_status = [status[code] for code in basis.columns.tolist()]
        start.row_status = [status[code] for code in rows.tolist()]
        start.valid = True
        self._highs.setBasis(start)

    def _finite(self, bounds: np.ndarray) -> np.ndarray:
        infinity = highspy.kHighsInf
        return np.clip(np.asarray(bounds, dtype=np.float64), -infinity, infinity)

    def add_rows(self, rows: list[Row]) -> None:
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
        if self._highs.run() == highspy.HighsStatus.kError and self._not_run():
            # HiGHS' task scheduler is process-wide and keeps the thread count of the
            # first parallel solve: one that asks for another count is refused, so it
            # runs on the scheduler as it is (threads 0), never resetting it under
            # another solve of the process
            self._highs.setOptionValue("threads", 0)
            self._highs.run()
        self.iterations = max(0, self._highs.getInfo().simplex_iteration_count - max(before, 0))
        wall = time.perf_counter() - started
        status = self._highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
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
        return bool(self._highs.getModelStatus() == highspy.HighsModelStatus.kNotset)
