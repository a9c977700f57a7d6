"""Reading a scenario and a planning folder, every problem as one `BadInput`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from roster.app.errors import BadInput
from roster.models import Planning, Scenario
from roster.outputs.planning_folder import load_planning
from roster.scenarios import ScenarioError, load_scenario
from roster.scenarios.errors import IssueLog


@dataclass(frozen=True)
class LoadedScenario:
    """A valid scenario and the loader's warnings (files it ignored, columns it guessed...)."""

    scenario: Scenario
    warnings: tuple[str, ...] = ()


def open_scenario(source: Path) -> LoadedScenario:
    """The scenario of a folder or workbook; `BadInput` lists every problem."""
    warnings: list[str] = []
    try:
        scenario = load_scenario(source, warnings)
    except ScenarioError as exc:
        raise BadInput.of(exc, "scenario") from exc
    return LoadedScenario(scenario, tuple(warnings))


def open_planning(folder: Path) -> Planning:
    """A planning folder through the verifier's tolerant reader; `BadInput` lists every problem."""
    try:
        return load_planning(folder)
    except ScenarioError as exc:
        raise BadInput.of(exc, "planning") from exc


def check_matches(scenario: Scenario, planning: Planning, folder: Path) -> None:
    """Every id of the planning exists in the scenario and every date is in its month;
    `BadInput` (of the planning) lists every row that does not."""
    log = IssueLog()
    month = scenario.settings.month
    known = {
        "doctor_id": {d.doctor_id for d in scenario.doctors},
        "site_id": {s.site_id for s in scenario.sites},
        "zone_id": {z.zone_id for z in scenario.zones},
        "replacement_id": {r.replacement_id for r in scenario.replacements},
        "practice_id": {p.practice_id for p in scenario.practices},
    }
    tables = (
        ("assignments.csv", planning.assignments, ("doctor_id", "site_id", "zone_id")),
        ("replacements.csv", planning.locum_days, ("replacement_id", "practice_id")),
    )
    for name, rows, columns in tables:
        for line, row in enumerate(rows, start=2):
            if row.date.isoformat()[:7] != month:
                log.error(folder / name, line, f"date {row.date} is outside the scenario's month {month}")
            for column in columns:
                value = getattr(row, column)
                if value not in known[column]:
                    log.error(folder / name, line, f"{column} {value!r} is not in the scenario")
    try:
        log.raise_if_any()
    except ScenarioError as exc:
        raise BadInput.of(exc, "planning") from exc


def open_matching_planning(scenario: Scenario, folder: Path) -> Planning:
    """The planning of `folder`, read and checked against `scenario` (`BadInput` otherwise)."""
    planning = open_planning(folder)
    check_matches(scenario, planning, folder)
    return planning
