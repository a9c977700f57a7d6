"""{0, 1/2}-Chvátal-Gomory cuts ("zero-half cuts") that cut off a fractional LP optimum.

The model's rows have integer coefficients over 0/1 variables (rows that do not, such
as the float holds of a later objective, are left out). Half the sum of
a set S of rows, `a_S v <= b_S`, with each odd coefficient evened out by a variable
bound (`v_j <= 1` or `-v_j <= 0`), rounds down to a valid cut
`floor(a'_S / 2) v <= floor(b'_S / 2)`. It is violated by the LP point v* exactly when
b'_S is odd and

    sum_{i in S} slack_i(v*) + sum_{j odd} min(v*_j, 1 - v*_j)  <  1,

so only rows with slack below 1 that touch the fractional variables matter, and the
search is linear algebra modulo 2 (Koster, Zymolka and Kutschka, 2009): Gaussian
elimination on the fractional columns, pivoting on the rows of least slack, leaves
combinations whose fractional columns are even; those of odd right-hand side are cuts.

On the hard months of `roster generate --hard` the coverage LP is fractional on a few
dozen variables in odd cycles of capacity-1 sites, shared locums and practices; two
rounds of these cuts lower its bound to the integer optimum (benchmarks/RESULTS.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, vstack

from roster.solvers.engines.lp import INTEGRAL
from roster.solvers.model.relaxation import LinearRelaxation

MIN_VIOLATION = 1e-3  # a cut must cut v* off by at least this much
MAX_CANDIDATE_ROWS = 2000  # rows with slack < 1 touching the fractional columns, least slack first


@dataclass(frozen=True)
class Cut:
    """One valid inequality `coeffs . v[variables] <= upper`, and how far it cuts v* off."""

    variables: np.ndarray
    coeffs: np.ndarray
    upper: float
    violation: float
    rows: int  # rows of the model combined

    def as_row(self) -> tuple[np.ndarray, np.ndarray, float, float]:
        return self.variables, self.coeffs, -np.inf, self.upper


def as_upper_rows(relaxation: LinearRelaxation) -> tuple[csr_matrix, np.ndarray]:
    """Every row as `a v <= b` (a ranged row gives two); coefficients and sides integral."""
    matrix = relaxation.matrix.tocsr()
    upper, lower = np.isfinite(relaxation.upper), np.isfinite(relaxation.lower)
    stacked = vstack([matrix[upper], -matrix[lower]]).tocsr()
    return stacked, np.concatenate([relaxation.upper[upper], -relaxation.lower[lower]])


def zero_half_cuts(relaxation: LinearRelaxation, values: np.ndarray, max_cuts: int = 100) -> list[Cut]:
    """Zero-half cuts violated by the LP point `values`, most violated first."""
    matrix, rhs = as_upper_rows(relaxation)
    fractional = np.flatnonzero(np.minimum(values, 1 - values) > INTEGRAL)
    if not len(fractional):
        return []
    slack = rhs - matrix @ values
    touching = np.unique(matrix.tocsc()[:, fractional].nonzero()[0])
    candidates = touching[(slack[touching] < 1 - MIN_VIOLATION) & _integral_rows(matrix, rhs)[touching]]
    candidates = candidates[np.argsort(slack[candidates], kind="stable")[:MAX_CANDIDATE_ROWS]]
    if not len(candidates):
        return []
    sub = matrix[candidates]
    at_one = (values >= 1 - INTEGRAL).astype(np.int64)
    odd_rhs = (np.rint(rhs[candidates]).astype(np.int64) - np.rint(sub @ at_one).astype(np.int64)) % 2 == 1
    parity = np.zeros((len(candidates), len(fractional)), dtype=bool)
    part = sub[:, fractional].tocoo()
    parity[part.row, part.col] = np.rint(part.data).astype(np.int64) % 2 == 1
    combination, parity, odd_rhs, weight = _eliminate(parity, odd_rhs, slack[candidates])
    cost = np.minimum(values[fractional], 1 - values[fractional])
    by_upper = values[fractional] > 0.5  # evened by v_j <= 1: the right-hand side gains 1
    odd_rhs ^= (parity.astype(np.int64) @ by_upper.astype(np.int64)) % 2 == 1
    violated = weight + parity.astype(np.float64) @ cost
    found = np.flatnonzero(odd_rhs & (violated < 1 - MIN_VIOLATION))
    cuts: dict[bytes, Cut] = {}
    for i in found[np.argsort(violated[found], kind="stable")].tolist():
        rows = candidates[combination[i]]
        key = np.sort(rows).tobytes()
        if key in cuts:
            continue
        cut = _rounded(matrix, rhs, rows, values)
        if cut is not None and cut.violation >= MIN_VIOLATION:
            cuts[key] = cut
        if len(cuts) >= max_cuts:
            break
    return sorted(cuts.values(), key=lambda c: -c.violation)


def _integral_rows(matrix: csr_matrix, rhs: np.ndarray) -> np.ndarray:
    """Rows whose coefficients and right-hand side are integers (only they round)."""
    row_of_entry = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    bad = np.bincount(row_of_entry[matrix.data != np.rint(matrix.data)], minlength=matrix.shape[0]) > 0
    return ~bad & np.isfinite(rhs) & (rhs == np.rint(rhs))


def _eliminate(
    parity: np.ndarray, odd_rhs: np.ndarray, slack: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Gaussian elimination modulo 2 on the fractional columns, pivots of least slack first.

    Returns, per row: which candidate rows it combines, its remaining column parity,
    its right-hand side parity and its summed slack."""
    n, n_cols = parity.shape
    combination = np.eye(n, dtype=bool)
    weight = slack.astype(np.float64).copy()
    pivoted = np.zeros(n, dtype=bool)
    for col in range(n_cols):
        rows = np.flatnonzero(parity[:, col] & ~pivoted)
        if not len(rows):
            continue
        pivot = rows[np.argmin(weight[rows])]
        pivoted[pivot] = True
        others = np.flatnonzero(parity[:, col])
        others = others[others != pivot]
        parity[others] ^= parity[pivot]
        odd_rhs[others] ^= odd_rhs[pivot]
        combination[others] ^= combination[pivot]
        weight[others] += weight[pivot]
    return combination, parity, odd_rhs, weight


def _rounded(matrix: csr_matrix, rhs: np.ndarray, rows: np.ndarray, values: np.ndarray) -> Cut | None:
    """Half the sum of `rows`, odd coefficients evened by variable bounds, rounded down."""
    total = np.asarray(matrix[rows].sum(axis=0)).ravel()
    beta = float(rhs[rows].sum())
    odd = np.flatnonzero(np.rint(total).astype(np.int64) % 2 == 1)
    by_upper = odd[values[odd] > 0.5]  # + (v_j <= 1): coefficient + 1, right-hand side + 1
    total[odd] -= 1.0  # + (-v_j <= 0) for the others
    total[by_upper] += 2.0
    beta += len(by_upper)
    if round(beta) % 2 == 0:
        return None
    variables = np.flatnonzero(total)
    coeffs = np.floor(total[variables] / 2 + 1e-9)
    upper = float(np.floor(beta / 2 + 1e-9))
    keep = coeffs != 0
    variables, coeffs = variables[keep], coeffs[keep]
    violation = float(coeffs @ values[variables]) - upper
    return Cut(variables.astype(np.int64), coeffs, upper, violation, len(rows))
