"""`roster.app.replan`: what a re-plan needs, checked before any solve, and the files it adds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from roster.app.errors import NothingToReplan, NotPlanned, UnreadableChanges
from roster.app.loading import open_planning, open_scenario
from roster.app.replan import (
    changes_file,
    next_revision,
    replan_files,
    require_changes,
    require_planned,
    with_availability,
)

DAY = dt.date(2025, 10, 1)


def test_a_replan_without_any_change_is_refused() -> None:
    with pytest.raises(NothingToReplan, match="nothing to re-plan"):
        require_changes([], [])
    require_changes([("D00001", DAY)], [])
    require_changes([], [("D00001", DAY)])


def test_cancelling_a_mission_the_planning_lacks_is_refused(month: tuple[Path, Path]) -> None:
    _, planning_dir = month
    previous = open_planning(planning_dir)
    planned = previous.assignments[0]
    require_planned(previous, [(planned.doctor_id, planned.date)], planning_dir)
    absent = ("D99999", planned.date)
    with pytest.raises(NotPlanned) as caught:
        require_planned(previous, [(planned.doctor_id, planned.date), absent], planning_dir)
    assert caught.value.missing == (f"D99999@{planned.date}",)
    assert str(caught.value) == (
        f"--cancel D99999@{planned.date}: no such mission in {planning_dir}; nothing was written."
    )


def test_availability_loses_the_cancelled_dates_and_gains_the_new_ones(month: tuple[Path, Path]) -> None:
    scenario_dir, _ = month
    scenario = open_scenario(scenario_dir).scenario
    doctor = scenario.doctors[0].doctor_id
    days = sorted(scenario.availability[doctor])
    new_day = next(d for d in scenario.settings.dates() if d not in days)
    updated = with_availability(scenario, [(doctor, days[0])], [(doctor, new_day), ("L-new", DAY)])
    assert updated.availability[doctor] == frozenset(days[1:]) | {new_day}
    assert updated.availability["L-new"] == frozenset({DAY})
    assert scenario.availability[doctor] == frozenset(days)  # the scenario given is unchanged


def test_the_revision_counts_the_replans(month: tuple[Path, Path]) -> None:
    _, planning_dir = month
    assert next_revision(planning_dir) == 1
    previous = open_planning(planning_dir)
    (planning_dir / "changes.csv").write_bytes(changes_file(previous, previous))
    assert next_revision(planning_dir) == 2
    (planning_dir / "changes.csv").write_text(
        "change,kind,date,person_id,place_id,zone_id,km,revision\nremoved,mission,2025-10-01,D1,S1,Z,1,two\n",
        encoding="utf-8",
    )
    with pytest.raises(UnreadableChanges, match=r"changes\.csv:2: revision 'two' is not a whole number"):
        next_revision(planning_dir)


def test_a_replan_writes_its_changes_and_the_scenario_used(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    previous = open_planning(planning_dir)
    dropped = previous.assignments[0]
    result = previous.model_copy(update={"assignments": previous.assignments[1:]})
    updated = with_availability(scenario, [(dropped.doctor_id, dropped.date)], [])
    changes, extra = replan_files(previous, result, updated, generation=3)
    assert [(c.change, c.person_id, c.date) for c in changes] == [
        ("removed", dropped.doctor_id, dropped.date.isoformat())
    ]
    lines = extra["changes.csv"].decode("utf-8").splitlines()
    assert lines[0] == "change,kind,date,person_id,place_id,zone_id,km,revision"
    assert lines[1].startswith(f"removed,mission,{dropped.date},{dropped.doctor_id},")
    assert lines[1].endswith(",3")
    assert {"scenario/scenario.toml", "scenario/availability.csv", "scenario/doctors.csv"} <= set(extra)
    assert f"{dropped.doctor_id},{dropped.date}" not in extra["scenario/availability.csv"].decode("utf-8")
