"""The model's LP relaxation as a sparse matrix, read from the same rows as the CP-SAT
model, so the two cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, vstack

from roster.solvers.model.rows import Rows

Row = tuple[np.ndarray, np.ndarray, float, float]  # variables, coefficients, lower, upper


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

    def with_rows(self, rows: list[Row]) -> LinearRelaxation:
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

    def holds(self, values: np.ndarray) -> bool:
        """Every row holds exactly at these (integer) values."""
        activity = self.matrix @ values
        return not ((activity < self.lower - 1e-9).any() or (activity > self.upper + 1e-9).any())


def rows_matrix(rows: list[Row], num_variables: int) -> csr_matrix:
    """The coefficients of rows `lower <= coeffs . v[columns] <= upper` as a sparse matrix."""
    return csr_matrix(
        (np.concatenate([c for _, c, _, _ in rows]).astype(np.float64),
         (np.concatenate([np.full(len(v), i) for i, (v, _, _, _) in enumerate(rows)]),
          np.concatenate([v for v, _, _, _ in rows]))),
        shape=(len(rows), num_variables),
    )  # fmt: skip
