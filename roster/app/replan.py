"""`replan`: a new planning after cancellations and new availability, changing as little as possible."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from roster.app.errors import NothingToReplan, NotPlanned, UnreadableChanges
from roster.app.snapshot import scenario_snapshot
from roster.export.cancellations import revision
from roster.models import Planning, Scenario
from roster.outputs.planning_diff import Change, changes_csv, planning_changes

PersonDate = tuple[str, dt.date]


def next_revision(planning_dir: Path) -> int:
    """The revision of a re-plan of this planning: one more than the re-plans that led to it."""
    try:
        return revision(planning_dir / "changes.csv") + 1
    except ValueError as exc:
        raise UnreadableChanges(str(exc)) from exc


def require_changes(cancelled: Sequence[PersonDate], added: Sequence[PersonDate]) -> None:
    """`NothingToReplan` when neither a cancellation nor a new availability is given."""
    if not cancelled and not added:
        raise NothingToReplan("nothing to re-plan: give at least one --cancel or --add-availability")


def require_planned(previous: Planning, cancelled: Sequence[PersonDate], planning_dir: Path) -> None:
    """`NotPlanned` lists the cancellations that are not missions of the current planning."""
    planned = {(a.doctor_id, a.date) for a in previous.assignments}
    missing = [f"{person}@{day}" for person, day in cancelled if (person, day) not in planned]
    if missing:
        raise NotPlanned(missing, planning_dir)


def with_availability(
    scenario: Scenario, cancel: Sequence[PersonDate], add: Sequence[PersonDate]
) -> Scenario:
    """The scenario with cancelled dates removed from, and new dates added to, availability."""
    availability = {person: set(days) for person, days in scenario.availability.items()}
    for person, day in cancel:
        availability.setdefault(person, set()).discard(day)
    for person, day in add:
        availability.setdefault(person, set()).add(day)
    return scenario.model_copy(update={"availability": {p: frozenset(d) for p, d in availability.items()}})


def replan_files(
    previous: Planning, result: Planning, updated: Scenario, generation: int
) -> tuple[list[Change], dict[str, bytes]]:
    """(changes, extra files of the new planning): `changes.csv` and the scenario used, `scenario/`."""
    changes = planning_changes(previous, result)
    extra = {"changes.csv": changes_csv(changes, generation), **scenario_snapshot(updated)}
    return changes, extra


def changes_file(previous: Planning, result: Planning) -> bytes:
    """changes.csv of a first re-plan (revision 1)."""
    return changes_csv(planning_changes(previous, result))
