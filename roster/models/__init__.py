"""Pydantic domain of roster: scenario records and the planning a solve produces."""

from roster.models.domain import (
    WEEKDAYS,
    Doctor,
    Practice,
    Replacement,
    Scenario,
    Settings,
    Site,
    Visit,
    Zone,
    parse_weekdays,
)
from roster.models.planning import Assignment, LocumDay, Planning, SolveSummary

__all__ = [
    "WEEKDAYS",
    "Assignment",
    "Doctor",
    "LocumDay",
    "Planning",
    "Practice",
    "Replacement",
    "Scenario",
    "Settings",
    "Site",
    "SolveSummary",
    "Visit",
    "Zone",
    "parse_weekdays",
]
