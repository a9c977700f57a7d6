"""A thin, array-oriented writer of CP-SAT models (fills the model proto directly)."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model


def group_starts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stable sort order of `keys` and the [start, end) bounds of each run of equal keys."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    if len(sorted_keys) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return order, empty, empty
    breaks = np.flatnonzero(np.diff(sorted_keys)) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(sorted_keys)]))
    return order, starts, ends


class CpBuilder:
    """Owns a `CpModel` and appends variables and constraints from numpy arrays."""

    def __init__(self) -> None:
        self.model = cp_model.CpModel()
        self.proto = self.model.proto

    @property
    def num_variables(self) -> int:
        return len(self.proto.variables)

    @property
    def num_constraints(self) -> int:
        return len(self.proto.constraints)

    def new_bools(self, count: int) -> np.ndarray:
        """`count` new 0/1 variables; returns their proto indices."""
        first = len(self.proto.variables)
        variables = self.proto.variables
        for _ in range(count):
            variables.add().domain.extend((0, 1))
        return np.arange(first, first + count, dtype=np.int64)

    def add_linear(
        self, variables: np.ndarray, coeffs: np.ndarray, low: int, high: int, enforced_by: int | None = None
    ) -> None:
        """low <= sum(coeffs * variables) <= high (only when `enforced_by` is 1, if given)."""
        constraint = self.proto.constraints.add()
        if enforced_by is not None:
            constraint.enforcement_literal.append(int(enforced_by))
        linear = constraint.linear
        linear.vars.extend(variables.tolist())
        linear.coeffs.extend(coeffs.tolist())
        linear.domain.extend((int(low), int(high)))

    def add_at_most_one(self, literals: np.ndarray) -> None:
        self.proto.constraints.add().at_most_one.literals.extend(literals.tolist())

    def add_implication(self, premise: int, conclusion: int) -> None:
        """premise => conclusion, both 0/1 variables."""
        constraint = self.proto.constraints.add()
        constraint.enforcement_literal.append(int(premise))
        constraint.bool_and.literals.append(int(conclusion))

    def add_grouped_at_most(
        self,
        variables: np.ndarray,
        keys: np.ndarray,
        bound_of_group: np.ndarray,
        coeffs: np.ndarray | None = None,
    ) -> int:
        """For each key: sum(coeffs * variables with that key) <= bound_of_group[key].

        Groups that cannot exceed their bound (all coefficients 1 and size <= bound)
        are skipped. Returns the number of constraints added.
        """
        order, starts, ends = group_starts(keys)
        added = 0
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            members = order[start:end]
            bound = int(bound_of_group[keys[members[0]]])
            if coeffs is None:
                if end - start <= bound:
                    continue
                if bound == 1:
                    self.add_at_most_one(variables[members])
                else:
                    self.add_linear(variables[members], np.ones(end - start, np.int64), 0, bound)
            else:
                c = coeffs[members]
                self.add_linear(variables[members], c, int(np.minimum(c, 0).sum()), bound)
            added += 1
        return added

    def set_objective(self, variables: np.ndarray, coeffs: np.ndarray, maximize: bool) -> None:
        """Replace the objective by sum(coeffs * variables), minimised or maximised."""
        self.proto.clear_objective()
        objective = self.proto.objective
        sign = -1 if maximize else 1
        objective.vars.extend(variables.tolist())
        objective.coeffs.extend((sign * coeffs).tolist())
        objective.scaling_factor = float(sign)

    def fix_to_zero(self, variables: np.ndarray) -> None:
        """Restrict 0/1 variables to 0 (their domain [0, 1] becomes [0, 0])."""
        self.fix_in(self.proto, variables)

    def fix_to_one(self, variables: np.ndarray) -> None:
        """Restrict 0/1 variables to 1 (their domain [0, 1] becomes [1, 1])."""
        proto_variables = self.proto.variables
        for index in variables.tolist():
            proto_variables[index].domain[0] = 1

    @staticmethod
    def fix_in(proto: object, variables: np.ndarray) -> None:
        proto_variables = proto.variables  # type: ignore[attr-defined]
        for index in variables.tolist():
            proto_variables[index].domain[1] = 0

    def add_assumptions(self, literals: list[int]) -> None:
        self.proto.assumptions.extend(literals)

    def set_hint(self, variables: np.ndarray, values: np.ndarray) -> None:
        self.proto.clear_solution_hint()
        hint = self.proto.solution_hint
        hint.vars.extend(variables.tolist())
        hint.values.extend(values.tolist())
