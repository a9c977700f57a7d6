"""A thin, array-oriented writer of CP-SAT models (fills the model proto directly)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from ortools.sat.python import cp_model

from roster.solvers.model.rows import AT_MOST_ONE, IMPLICATION, Rows


class CpBuilder:
    """Owns a `CpModel` and appends variables and constraints from numpy arrays."""

    def __init__(self, model: cp_model.CpModel | None = None) -> None:
        self.model = model if model is not None else cp_model.CpModel()
        self.proto = self.model.proto

    @property
    def num_variables(self) -> int:
        return len(self.proto.variables)

    @property
    def num_constraints(self) -> int:
        return len(self.proto.constraints)

    def new_bools(self, count: int) -> np.ndarray:
        """`count` new 0/1 variables; returns their proto indices.

        Appended in blocks of 2^k identical variables merged in C++ (`merge_from`): 8x
        faster than one Python call per variable (0.03 against 0.20 s for 185,000)."""
        first = len(self.proto.variables)
        block = cp_model.CpModel().proto
        block.variables.add().domain.extend((0, 1))
        left = count
        while left:
            if left & 1:
                self.proto.merge_from(block)
            left >>= 1
            if left:
                doubled = cp_model.CpModel().proto
                doubled.merge_from(block)
                doubled.merge_from(block)
                block = doubled
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

    def add_rows(self, rows: Rows, enforced_by: Sequence[int | None] = ()) -> None:
        """Write a block of rows in order, each in its CP-SAT form; `enforced_by[i]`, when
        given and not None, is the literal that switches row i on."""
        starts, variables, coeffs = rows.starts.tolist(), rows.variables.tolist(), rows.coeffs.tolist()
        low, high, kind = rows.low.tolist(), rows.high.tolist(), rows.kind.tolist()
        constraints = self.proto.constraints
        for i, form in enumerate(kind):
            a, b = starts[i], starts[i + 1]
            constraint = constraints.add()
            if form == AT_MOST_ONE:
                constraint.at_most_one.literals.extend(variables[a:b])
            elif form == IMPLICATION:
                constraint.enforcement_literal.append(variables[a])
                constraint.bool_and.literals.append(variables[a + 1])
            else:
                if enforced_by and enforced_by[i] is not None:
                    constraint.enforcement_literal.append(int(enforced_by[i]))  # type: ignore[arg-type]
                linear = constraint.linear
                linear.vars.extend(variables[a:b])
                linear.coeffs.extend(coeffs[a:b])
                linear.domain.extend((low[i], high[i]))

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

    @staticmethod
    def restrict_in(proto: object, variables: np.ndarray) -> None:
        """A dive's restriction: those of `variables` not already fixed to 1 restricted to 0
        (an LP that leaves a variable fixed to 1 free may put it at 0; a restriction never
        contradicts a fixing)."""
        proto_variables = proto.variables  # type: ignore[attr-defined]
        for index in variables.tolist():
            domain = proto_variables[index].domain
            if domain[0] == 0:
                domain[1] = 0

    def add_assumptions(self, literals: list[int]) -> None:
        self.proto.assumptions.extend(literals)

    def set_hint(self, variables: np.ndarray, values: np.ndarray) -> None:
        self.proto.clear_solution_hint()
        hint = self.proto.solution_hint
        hint.vars.extend(variables.tolist())
        hint.values.extend(values.tolist())
