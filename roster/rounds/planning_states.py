"""Mission states kept in a planning folder: read them, and write answers into `states.csv`.

The folder is rewritten like every planning output (`roster.outputs.atomic_folder`): a copy
with the new states.csv (its other files hard-linked, not copied) replaces it in one step,
under the folder lock, and the states are read again under that lock, so two writers follow
each other and never lose an answer.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from roster.models import Planning
from roster.models.states import Answer, answered
from roster.outputs.atomic_folder import atomic_folder, output_target
from roster.outputs.planning_folder import load_planning
from roster.rounds.states_file import STATES_FILE, MissionStates, read_states, states_csv
from roster.scenarios.errors import IssueLog


def now_stamp() -> str:
    """The current UTC time as states.csv writes it: `2025-10-01T09:30:00+00:00`."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def planning_states(folder: Path) -> tuple[Planning, MissionStates]:
    """The planning of `folder` and its missions' states; `ScenarioError` lists bad rows."""
    planning = load_planning(folder)
    log = IssueLog()
    states = read_states(Path(folder), planning, log)
    log.raise_if_any()
    return planning, states


def with_answers(states: MissionStates, answers: list[Answer], by: str, at: str) -> MissionStates:
    """The states after the answers (each names a mission of the planning)."""
    rows = dict(states.rows)
    for a in answers:
        rows[(a.doctor_id, a.date)] = answered(rows[(a.doctor_id, a.date)], a, by, at)
    return MissionStates(rows, states.missions)


def _link_or_copy(source: str, dest: str) -> None:
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)


def write_states(
    folder: Path, change: Callable[[Planning, MissionStates], MissionStates]
) -> tuple[Planning, MissionStates]:
    """Rewrite the planning folder with `change(planning, current states)` as its states.csv.
    Any exception of `change` (bad answers) leaves the folder untouched."""
    target = output_target(folder)
    with atomic_folder(target, replaceable=True, keep_backup=False) as temp:
        planning, states = planning_states(target)  # under the lock: the latest answers
        new = change(planning, states)
        for entry in target.iterdir():
            if entry.name == STATES_FILE or entry.is_symlink():
                continue
            if entry.is_dir():
                shutil.copytree(entry, temp / entry.name, copy_function=_link_or_copy)
            else:
                _link_or_copy(str(entry), str(temp / entry.name))
        (temp / STATES_FILE).write_bytes(states_csv(new))
    return planning, new
