"""Doctors' answers to their proposed missions, recorded in the planning's `states.csv`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from roster.app.errors import BadInput, OutputRefused
from roster.models import Planning
from roster.models.states import Answer
from roster.outputs.atomic_folder import OutputExistsError
from roster.rounds.answers_file import check_answers, read_answers
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
    return _recorded(
        planning_dir,
        lambda planning, states, log: read_answers(answers_file, states, planning.summary.month or None, log),
        by,
    )


def record_given_answers(
    planning_dir: Path, rows: Sequence[tuple[str, str, str, str]], by: str, where: str = "answers"
) -> AnswersRecorded:
    """Apply answers given as (doctor_id, date, answer, comment) rows (the web app's buttons);
    `BadInput` names each bad one as `where:N` (its rank, from 1)."""
    numbered = [(i, *row) for i, row in enumerate(rows, start=1)]
    return _recorded(planning_dir, lambda _, states, log: check_answers(numbered, states, where, log), by)


def _recorded(
    planning_dir: Path, read: Callable[[Planning, MissionStates, IssueLog], list[Answer]], by: str
) -> AnswersRecorded:
    given: list[Answer] = []

    def change(planning: Planning, states: MissionStates) -> MissionStates:
        log = IssueLog()
        given.extend(read(planning, states, log))
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
