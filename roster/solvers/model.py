"""Assemble the CP-SAT model: variables for the search space, hard rules, objective terms."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from roster.solvers.arrays import ScenarioArrays
from roster.solvers.cpbuilder import CpBuilder
from roster.solvers.objective import CoverageWeights, coverage_reward
from roster.solvers.pins import pin_options
from roster.solvers.policy import add_policy_rules, top_cap
from roster.solvers.rules import add_hard_rules
from roster.solvers.space import MissionOptions, SearchSpace, build_space
from roster.solvers.stays import StayLinks


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


@dataclass
class MissionModel:
    """The CP-SAT model and the map from its variables back to the planning."""

    arrays: ScenarioArrays
    space: SearchSpace
    cp: CpBuilder
    x: np.ndarray  # variable index of each mission option
    y: np.ndarray  # variable index of each locum option
    days_cap: np.ndarray
    u: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    weights: CoverageWeights | None = None
    constraints_per_rule: dict[str, int] = field(default_factory=dict)
    build_seconds: float = 0.0
    pin_options: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    with_assumptions: bool = False  # requirements (pins, minimums) behind assumption literals
    requirements: dict[int, str] = field(default_factory=dict)  # literal -> "pin i" / "minimum z"
    stays: StayLinks | None = None  # max_stay_days >= 2: stay links (`roster.solvers.stays`)

    @property
    def has_requirements(self) -> bool:
        """Pins or zone minimums: the flow relaxation does not model them."""
        return bool(len(self.arrays.pins)) or bool((self.arrays.zone_min > 0).any())

    @property
    def all_variables(self) -> np.ndarray:
        return np.arange(self.cp.num_variables, dtype=np.int64)


def build_model(
    a: ScenarioArrays, space: SearchSpace | None = None, with_assumptions: bool = False
) -> MissionModel:
    """Variables for every allowed option, every hard rule, and the coverage units."""
    started = time.perf_counter()
    space = space or build_space(a)
    cp = CpBuilder()
    x = cp.new_bools(len(space.missions))
    y = cp.new_bools(len(space.locums))
    m = MissionModel(a, space, cp, x, y, zone_day_caps(a, space.missions), with_assumptions=with_assumptions)
    m.pin_options = pin_options(a, space.missions)
    m.constraints_per_rule = add_hard_rules(m)
    m.constraints_per_rule.update(add_policy_rules(m))  # budget, stays (none by default)
    m.weights = coverage_reward(m)
    m.build_seconds = time.perf_counter() - started
    return m
