"""`validate`: the size of a valid scenario, as the planner checks it before solving."""

from __future__ import annotations

from dataclasses import dataclass

from roster.models import Scenario


@dataclass(frozen=True)
class ScenarioSize:
    """What a valid scenario holds."""

    name: str
    month: str
    zones: int
    sites: int
    practices: int
    doctors: int
    locums: int
    availability_rows: int
    distances: int


def scenario_size(scenario: Scenario) -> ScenarioSize:
    """Counts of every table of the scenario (availability: one row per person and date)."""
    return ScenarioSize(
        name=scenario.settings.name,
        month=scenario.settings.month,
        zones=len(scenario.zones),
        sites=len(scenario.sites),
        practices=len(scenario.practices),
        doctors=len(scenario.doctors),
        locums=len(scenario.replacements),
        availability_rows=sum(len(days) for days in scenario.availability.values()),
        distances=len(scenario.distances),
    )
