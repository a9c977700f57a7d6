"""Build the model once, in order: variables for the search space, the rows each hard
rule returns, the policy's, and the coverage objective's; then it is frozen."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from ortools.sat.python import cp_model

from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.domains import top_cap
from roster.solvers.data.options import MissionOptions, SearchSpace
from roster.solvers.data.pins import pin_options
from roster.solvers.data.space import build_space
from roster.solvers.model.cpbuilder import CpBuilder
from roster.solvers.model.layout import ModelLayout
from roster.solvers.model.objective import CoverageWeights, coverage_rows, coverage_weights
from roster.solvers.model.policy_rules import policy_rules
from roster.solvers.model.relaxation import LinearRelaxation
from roster.solvers.model.rows import Rows
from roster.solvers.model.rules import hard_rules

COVERAGE_ROWS = "coverage_units"  # the coverage objective's rows (units taken in order, linked to days)


def zone_day_caps(a: ScenarioArrays, o: MissionOptions) -> np.ndarray:
    """An upper bound on the useful doctor-days of each zone: its demand, its sites'
    capacity on dates someone can come, and its reachable doctors' caps."""
    n_z, n_t = len(a.zone_ids), a.n_dates
    if len(o) == 0:
        return np.zeros(n_z, dtype=np.int64)
    site_date, count = np.unique(o.site * n_t + o.date, return_counts=True)
    site = site_date // n_t
    by_sites = np.bincount(a.site_zone[site], weights=np.minimum(count, a.site_capacity[site]), minlength=n_z)
    doctor_zone_date = np.unique((o.doctor * n_z + o.zone) * n_t + o.date)
    doctor_zone, dates = np.unique(doctor_zone_date // n_t, return_counts=True)
    doctor, zone = doctor_zone // n_z, doctor_zone % n_z
    by_doctors = np.bincount(zone, weights=np.minimum(dates, top_cap(a)[doctor]), minlength=n_z)
    caps = np.minimum(a.zone_demand, np.minimum(by_sites, by_doctors))
    return caps.astype(np.int64)


@dataclass(frozen=True)
class MissionModel(ModelLayout):
    """The built model, never changed after `build_model`: the rows of each rule and of
    the coverage objective, in the order they were built, and the CP-SAT model they make.

    A phase never writes into it: it works on its own copy (`fork`) and adds there its
    objective, the rows that hold the objectives above it, and what earlier phases
    proved (cuts, fixed variables)."""

    u: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # coverage units
    days_cap: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    weights: CoverageWeights | None = None
    rows: tuple[tuple[str, Rows], ...] = ()  # (rule, its rows), in the model's order
    num_variables: int = 0
    with_assumptions: bool = False  # requirements (pins, minimums) behind assumption literals
    requirements: Mapping[int, str] = field(default_factory=dict)  # literal -> "pin i" / "minimum z"
    build_seconds: float = 0.0
    base: cp_model.CpModel | None = field(default=None, repr=False, compare=False)

    @property
    def constraints_per_rule(self) -> dict[str, int]:
        """Rows of each hard rule (the coverage objective's rows left out)."""
        return {name: len(rows) for name, rows in self.rows if name != COVERAGE_ROWS}

    @property
    def num_constraints(self) -> int:
        return sum(len(rows) for _, rows in self.rows)

    @property
    def has_requirements(self) -> bool:
        """Pins or zone minimums: the flow relaxation does not model them."""
        return bool(len(self.arrays.pins)) or bool((self.arrays.zone_min > 0).any())

    @property
    def all_variables(self) -> np.ndarray:
        return np.arange(self.num_variables, dtype=np.int64)

    def fork(self) -> CpBuilder:
        """A copy of the CP-SAT model for one phase to add to."""
        assert self.base is not None
        return CpBuilder(self.base.clone())

    @cached_property
    def relaxation(self) -> LinearRelaxation:
        """The LP relaxation of the rows (requirement rows left out in a diagnosis model)."""
        every = Rows.concat([rows for _, rows in self.rows])
        return LinearRelaxation.from_rows(every, self.num_variables, requirements=not self.with_assumptions)


def _write(cp: CpBuilder, rows: Rows, with_assumptions: bool, requirements: dict[int, str]) -> None:
    """Write `rows`; in a diagnosis model each requirement row gets its assumption literal."""
    if not with_assumptions or not rows.has_requirements:
        cp.add_rows(rows)
        return
    literals: list[int | None] = []
    for label in rows.requirement:
        literal = None if label is None else int(cp.new_bools(1)[0])
        if literal is not None:
            requirements[literal] = label  # type: ignore[assignment]
        literals.append(literal)
    cp.add_rows(rows, enforced_by=literals)


def build_model(
    a: ScenarioArrays, space: SearchSpace | None = None, with_assumptions: bool = False
) -> MissionModel:
    """Variables for every allowed option, then each rule's rows, the policy's (with its
    stay variables), and the coverage units with their rows, in that order."""
    started = time.perf_counter()
    space = space or build_space(a)
    cp = CpBuilder()
    x = cp.new_bools(len(space.missions))
    y = cp.new_bools(len(space.locums))
    layout = ModelLayout(a, space, x, y, pin_options(a, space.missions))
    requirements: dict[int, str] = {}
    blocks = list(hard_rules(layout).items())
    for _, rows in blocks:
        _write(cp, rows, with_assumptions, requirements)
    layout, policy = policy_rules(layout, cp.new_bools)  # budget, stays (none by default)
    for rows in policy.values():
        cp.add_rows(rows)
    blocks.extend(policy.items())
    days_cap = zone_day_caps(a, space.missions)
    weights = coverage_weights(a.zone_priority, days_cap)
    u = cp.new_bools(len(weights.zone))
    coverage = coverage_rows(layout, u, days_cap)
    cp.add_rows(coverage)
    blocks.append((COVERAGE_ROWS, coverage))
    return MissionModel(
        a, space, x, y, layout.pin_options, layout.stays, u, days_cap, weights, tuple(blocks),
        cp.num_variables, with_assumptions, requirements, time.perf_counter() - started, cp.model,
    )  # fmt: skip
