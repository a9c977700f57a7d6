"""Solving a month and writing its planning folder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from roster.app.errors import NoPlanningYet, OutputRefused
from roster.models import Planning, Scenario, Settings
from roster.outputs.atomic_folder import OutputExistsError
from roster.outputs.out_guard import out_overlaps_scenario
from roster.outputs.planning_folder import may_replace, save_planning
from roster.solvers import Progress, SolveControl, SolveOptions, solve

ProgressFn = Callable[[Progress], None]


def refuse_overlap(out_dir: Path, scenario_dir: Path) -> None:
    """`OutputRefused` when `out_dir` is, holds or lies inside the scenario folder."""
    overlap = out_overlaps_scenario(out_dir, scenario_dir)
    if overlap:
        raise OutputRefused(overlap)


def refuse_foreign_folder(out_dir: Path, force: bool) -> None:
    """`OutputRefused` when `out_dir` exists and is neither a planning nor empty (unless `force`)."""
    if not may_replace(out_dir, force):
        raise OutputRefused(
            f"{out_dir} exists and is not a planning folder; choose another --out or add --force."
        )


def with_settings(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """The scenario with some settings replaced (validated like scenario.toml)."""
    if not overrides:
        return scenario
    settings = Settings.model_validate({**scenario.settings.model_dump(), **overrides})
    return scenario.model_copy(update={"settings": settings})


def solve_month(
    scenario: Scenario,
    options: SolveOptions,
    progress: ProgressFn | None = None,
    control: SolveControl | None = None,
    previous: Planning | None = None,
) -> Planning:
    """The month's planning: coverage first, then (re-planning from `previous`) the fewest
    changes, then km; `control` stops the search and keeps the best planning so far."""
    return solve(scenario, options, progress, control, previous=previous)


def require_planning(planning: Planning, interrupted: bool) -> None:
    """`NoPlanningYet` when a Ctrl-C stopped the solve before it found a planning: the
    solver then hands back an empty planning, which must not be written as a result."""
    if interrupted and not planning.assignments and planning.summary.status != "OPTIMAL":
        raise NoPlanningYet()


def write_planning(
    out_dir: Path,
    planning: Planning,
    scenario: Scenario,
    force: bool = False,
    extra: dict[str, bytes] | None = None,
) -> Path | None:
    """Write the planning folder (and `extra` files) atomically; returns the backup of the
    planning it replaced, if any. `OutputRefused` if the folder is busy or not writable."""
    try:
        return save_planning(out_dir, planning, scenario, force=force, extra=extra)
    except OutputExistsError as exc:
        raise OutputRefused(str(exc)) from exc
