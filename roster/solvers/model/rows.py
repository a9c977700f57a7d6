"""Blocks of model rows: what each hard rule and the objective return.

A rule does not write into a CP-SAT model: it returns `Rows`, an immutable block of
constraints `low <= sum(coeffs * variables) <= high` stored row by row (CSR arrays),
each with the CP-SAT form it takes (a linear constraint, an at-most-one, or an
implication a => b). `roster.solvers.model.build_model` writes the blocks into the
model in order, and the LP relaxation is read from the same blocks (`lp.py`), so the
two cannot disagree and neither has to parse the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

LINEAR, AT_MOST_ONE, IMPLICATION = 0, 1, 2  # the CP-SAT form of a row

_EMPTY = np.zeros(0, dtype=np.int64)


def group_starts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stable sort order of `keys` and the [start, end) bounds of each run of equal keys."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    if len(sorted_keys) == 0:
        return order, _EMPTY, _EMPTY
    breaks = np.flatnonzero(np.diff(sorted_keys)) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(sorted_keys)]))
    return order, starts, ends


@dataclass(frozen=True)
class Rows:
    """Rows `low[i] <= coeffs[starts[i]:starts[i+1]] . variables[...] <= high[i]`.

    `requirement[i]`, when not None, names a requirement (a pin, a zone minimum) that a
    diagnosis model puts behind an assumption literal (`build_model(with_assumptions=True)`).
    """

    starts: np.ndarray  # int64, one more than the rows
    variables: np.ndarray  # int64 variable indices
    coeffs: np.ndarray  # int64
    low: np.ndarray  # int64 per row
    high: np.ndarray  # int64 per row
    kind: np.ndarray  # int8 per row: LINEAR, AT_MOST_ONE or IMPLICATION
    requirement: tuple[str | None, ...] = ()  # empty: no row is a requirement

    def __len__(self) -> int:
        return len(self.low)

    @property
    def has_requirements(self) -> bool:
        return any(label is not None for label in self.requirement)

    @classmethod
    def empty(cls) -> Rows:
        return cls(np.zeros(1, np.int64), _EMPTY, _EMPTY, _EMPTY, _EMPTY, np.zeros(0, np.int8))

    @classmethod
    def of(
        cls,
        members: Sequence[np.ndarray],
        coeffs: Sequence[np.ndarray],
        low: Sequence[int],
        high: Sequence[int],
        kind: Sequence[int] | None = None,
        requirement: Sequence[str | None] = (),
    ) -> Rows:
        """Rows from per-row arrays of variables and coefficients."""
        if not len(members):
            return cls.empty()
        sizes = np.fromiter((len(v) for v in members), dtype=np.int64, count=len(members))
        return cls(
            np.concatenate(([0], np.cumsum(sizes))),
            np.concatenate(members).astype(np.int64),
            np.concatenate(coeffs).astype(np.int64),
            np.asarray(low, dtype=np.int64),
            np.asarray(high, dtype=np.int64),
            np.asarray(kind if kind is not None else [LINEAR] * len(members), dtype=np.int8),
            tuple(requirement),
        )

    @classmethod
    def linear(cls, variables: np.ndarray, coeffs: np.ndarray, low: int, high: int) -> Rows:
        """One row low <= coeffs . variables <= high."""
        return cls.of([variables], [coeffs], [int(low)], [int(high)])

    @classmethod
    def implications(cls, premises: np.ndarray, conclusions: np.ndarray) -> Rows:
        """premise => conclusion for each pair of 0/1 variables (a - b <= 0)."""
        n = len(premises)
        if not n:
            return cls.empty()
        return cls(
            np.arange(0, 2 * n + 1, 2, dtype=np.int64),
            np.column_stack((premises, conclusions)).ravel().astype(np.int64),
            np.tile(np.array([1, -1], np.int64), n),
            np.full(n, -1, np.int64),
            np.zeros(n, np.int64),
            np.full(n, IMPLICATION, np.int8),
        )

    @classmethod
    def grouped_at_most(
        cls,
        variables: np.ndarray,
        keys: np.ndarray,
        bound_of_group: np.ndarray,
        coeffs: np.ndarray | None = None,
    ) -> Rows:
        """For each key: sum(coeffs * variables with that key) <= bound_of_group[key].

        Groups that cannot exceed their bound (all coefficients 1 and size <= bound) get
        no row; a group bounded by 1 becomes an at-most-one (all coefficients 1)."""
        order, starts, ends = group_starts(keys)
        if not len(starts):
            return cls.empty()
        bound = np.asarray(bound_of_group, dtype=np.int64)[keys[order[starts]]]
        sizes = ends - starts
        c = np.ones(len(order), np.int64) if coeffs is None else np.asarray(coeffs, np.int64)[order]
        if coeffs is None:
            keep = sizes > bound
            kind = np.where(bound == 1, AT_MOST_ONE, LINEAR).astype(np.int8)
            low = np.zeros(len(starts), np.int64)
        else:
            keep = np.ones(len(starts), dtype=bool)
            kind = np.full(len(starts), LINEAR, np.int8)
            low = np.add.reduceat(np.minimum(c, 0), starts)
        in_kept = np.repeat(keep, sizes)
        kept_sizes = sizes[keep]
        return cls(
            np.concatenate(([0], np.cumsum(kept_sizes))).astype(np.int64),
            np.asarray(variables, np.int64)[order][in_kept],
            c[in_kept],
            low[keep],
            bound[keep],
            kind[keep],
        )

    @classmethod
    def concat(cls, blocks: Sequence[Rows]) -> Rows:
        """The blocks one after the other."""
        blocks = [b for b in blocks if len(b)]
        if not blocks:
            return cls.empty()
        if len(blocks) == 1:
            return blocks[0]
        offsets = np.cumsum([0] + [len(b.variables) for b in blocks[:-1]])
        labelled = any(b.requirement for b in blocks)
        return cls(
            np.concatenate([[0]] + [b.starts[1:] + o for b, o in zip(blocks, offsets, strict=True)]),
            np.concatenate([b.variables for b in blocks]),
            np.concatenate([b.coeffs for b in blocks]),
            np.concatenate([b.low for b in blocks]),
            np.concatenate([b.high for b in blocks]),
            np.concatenate([b.kind for b in blocks]),
            sum((b.requirement or (None,) * len(b) for b in blocks), ()) if labelled else (),
        )

    def without_requirements(self) -> Rows:
        """The rows that are not requirements."""
        if not self.has_requirements:
            return self
        keep = np.array([label is None for label in self.requirement])
        sizes = np.diff(self.starts)
        entries = np.repeat(keep, sizes)
        return Rows(
            np.concatenate(([0], np.cumsum(sizes[keep]))).astype(np.int64),
            self.variables[entries],
            self.coeffs[entries],
            self.low[keep],
            self.high[keep],
            self.kind[keep],
        )
