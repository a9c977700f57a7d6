"""Plannings drawn at random for the engines' tests: options tried in a random order, each
kept while chosen rows of the model still hold. They obey those rows but are rarely
optimal, which is what a polish or a locum choice must cope with."""

from __future__ import annotations

import numpy as np

from roster.solvers.engines.locums import choose_locums
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.objective import KM_SCALE
from roster.solvers.model.relaxation import LinearRelaxation
from roster.solvers.model.rows import Rows
from roster.solvers.model.values import full_values

RULES_1_TO_3 = ("one_mission_per_day", "monthly_cap", "site_capacity", "coverage_units")


def drawn_missions(m: MissionModel, seed: int, rules: tuple[str, ...] = RULES_1_TO_3) -> np.ndarray:
    """Every model variable of a planning with no locum whose missions keep the rows of `rules`."""
    rows = LinearRelaxation.from_rows(
        Rows.concat([block for name, block in m.rows if name in rules]), m.num_variables
    )
    rng = np.random.default_rng(seed)
    no_locum = np.zeros(len(m.y), dtype=np.int64)
    chosen = np.zeros(len(m.x), dtype=np.int64)
    for i in rng.permutation(len(m.x)).tolist():
        if rng.random() < 0.3:
            continue
        chosen[i] = 1
        if not rows.holds(full_values(m, chosen, no_locum)):
            chosen[i] = 0
    return full_values(m, chosen, no_locum)


def drawn_planning(m: MissionModel, seed: int) -> np.ndarray:
    """A feasible planning (every row of the model holds), locums from `choose_locums`."""
    rng = np.random.default_rng(seed)
    no_locum = np.zeros(len(m.y), dtype=np.int64)
    chosen = np.zeros(len(m.x), dtype=np.int64)
    for i in rng.permutation(len(m.x)).tolist():
        if rng.random() < 0.3:
            continue
        chosen[i] = 1
        if not m.relaxation.holds(choose_locums(m, full_values(m, chosen, no_locum))):
            chosen[i] = 0
    values = choose_locums(m, full_values(m, chosen, no_locum))
    assert m.relaxation.holds(values)
    return values


def mission_metres(m: MissionModel, values: np.ndarray) -> int:
    """Integer metres of the chosen missions (the km the engines minimise)."""
    return int(np.rint(m.space.missions.km[values[m.x] == 1] * KM_SCALE).sum())


def locum_metres(m: MissionModel, values: np.ndarray) -> int:
    return int(np.rint(m.space.locums.km[values[m.y] == 1] * KM_SCALE).sum())
