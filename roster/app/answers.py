"""Doctors' answers to their proposed missions, recorded in the planning's `states.csv`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from roster.app.errors import BadInput, OutputRefused
from roster.models import Planning
from roster.models.states import Answer
from roster.outputs.atomic_folder import OutputExistsError
from roster.rounds.answers_file import read_answers
from roster.rounds.planning_states import now_stamp, with_answers, write_states
from roster.rounds.states_file import MissionStates
from roster.scenarios import ScenarioError
from roster.scenarios.errors import IssueLog


@dataclass(frozen=True)
class AnswersRecorded:
    """What an answers file changed: the new state of each answered mission, and every count."""

    answered: dict[str, int]  # state -> answers that left a mission in it
    states: dict[str, int]  # state -> missions of the planning now in it


def record_answers(planning_dir: Path, answers_file: Path, by: str) -> AnswersRecorded:
    """Apply an answers file (`doctor_id,date,answer[,comment]`) to the planning's states;
    `BadInput` (nothing written) lists every bad row as `file:line: message`."""
    given: list[Answer] = []

    def change(planning: Planning, states: MissionStates) -> MissionStates:
        log = IssueLog()
        given.extend(read_answers(answers_file, states, planning.summary.month or None, log))
        log.raise_if_any()
        return with_answers(states, given, by, now_stamp())

    try:
        _, new = write_states(planning_dir, change)
    except ScenarioError as exc:
        raise BadInput.of(exc, "answers") from exc
    except OutputExistsError as exc:
        raise OutputRefused(str(exc)) from exc
    answered = Counter(new.rows[(a.doctor_id, a.date)].state for a in given)
    return AnswersRecorded(dict(answered), new.counts())
