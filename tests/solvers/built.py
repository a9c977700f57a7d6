"""Hand-built solves for the unit tests of the solver's parts: a month's model from an
inline scenario, the context phases run in, and search states chosen by the test."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from scenario_builder import Spec

from roster.models import Planning
from roster.scenarios import load_scenario
from roster.solvers.control import Progress, SolveControl, SolveOptions
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.model.mission_model import MissionModel, build_model
from roster.solvers.model.preferences import change_costs, previous_locums, previous_missions
from roster.solvers.model.values import full_values
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, PhaseResult
from roster.solvers.search.month import Month
from roster.solvers.search.state import SearchState


def model_of(spec: Spec, folder: Path) -> MissionModel:
    """The built model of an inline scenario."""
    return build_model(ScenarioArrays.from_scenario(load_scenario(spec.write(folder))))


def month_of(spec: Spec, folder: Path, previous: Planning | None = None, **options: Any) -> Month:
    """The month of an inline scenario (1 worker, seed 1, `options` as in `SolveOptions`)."""
    scenario = load_scenario(spec.write(folder))
    m = build_model(ScenarioArrays.from_scenario(scenario))
    settings = SolveOptions(**{"time_limit_s": 20.0, "workers": 1, "seed": 1, **options})
    if previous is None:
        return Month(m, scenario, settings)
    kept, rows = previous_missions(m, previous)
    return Month(m, scenario, settings, change_costs(kept), rows, previous_locums(m, previous))


def context(month: Month, shown: list[Progress] | None = None) -> SolveContext:
    """The context a phase runs in; progress snapshots go to `shown`."""
    return SolveContext(month, SolveControl(), (shown if shown is not None else []).append)


def missions(month: Month, *chosen: tuple[str, str, int]) -> np.ndarray:
    """0/1 per mission option: the (doctor, site, day of the month) given."""
    a, o = month.m.arrays, month.m.space.missions
    picked = np.zeros(len(o), dtype=np.int64)
    for doctor, site, day in chosen:
        date = a.dates.index(dt.date.fromisoformat(f"{a.dates[0]:%Y-%m}-{day:02d}"))
        hit = (o.doctor == a.doctor_ids.index(doctor)) & (o.site == a.site_ids.index(site)) & (o.date == date)
        assert hit.sum() == 1, f"no option {doctor} at {site} on day {day}"
        picked[hit] = 1
    return picked


def planning(month: Month, *chosen: tuple[str, str, int]) -> np.ndarray:
    """Every model variable of the planning with these missions (no locum; stays completed)."""
    m = month.m
    return full_values(m, missions(month, *chosen), np.zeros(len(m.y), dtype=np.int64))


def state(
    month: Month, values: np.ndarray | None = None, found: bool | None = None, **fields: Any
) -> SearchState:
    """A search state whose incumbent is `values` (the empty planning by default)."""
    m = month.m
    values = np.zeros(m.num_variables, dtype=np.int64) if values is None else values
    base = SearchState(month.ranking.of(values), found=values.any() if found is None else found)
    return replace(base, **fields)


def entries(result: PhaseResult) -> list[dict[str, object]]:
    """The log entries of a phase's result, in order."""
    return [f.entry for f in result.findings if isinstance(f, Entry)]
