"""An answers file: `doctor_id,date,answer[,comment]`, one row per mission a doctor answered.

`answer` is `oui`/`non`, `yes`/`no` or `1`/`0` (any case); dates `YYYY-MM-DD` or `JJ/MM/AAAA`;
French-Excel `;` files are read as the scenario files are. A row for a doctor without a
mission, for a day without their mission, with another answer, or answering the same
mission twice is refused as `file:line: message`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from roster.models.states import Answer, answer_word
from roster.rounds.states_file import MissionStates
from roster.scenarios.csvtable import read_table
from roster.scenarios.errors import IssueLog
from roster.scenarios.spreadsheet_cells import convert_date_column

ANSWER_COLUMNS = ("doctor_id", "date", "answer")


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def check_answers(
    answers: Iterable[tuple[int, str, str, str, str]], states: MissionStates, where: str, log: IssueLog
) -> list[Answer]:
    """(line, doctor_id, date text, answer text, comment) rows as answers to the planning's
    missions; every refused row goes to `log` as `where:line: message`."""
    doctors = {k[0] for k in states.missions}
    out: list[Answer] = []
    first: dict[tuple[str, dt.date], int] = {}
    for line, doctor, text, word, comment in answers:
        day, yes = _day(text.strip()), answer_word(word)
        problems = []
        if not doctor:
            problems.append("column 'doctor_id': value is missing")
        elif doctor not in doctors:
            problems.append(
                f"column 'doctor_id': unknown doctor {doctor!r} (no mission of theirs in this planning)"
            )
        if day is None:
            problems.append(f"column 'date': must be a date YYYY-MM-DD or JJ/MM/AAAA, got {text!r}")
        elif doctor in doctors and (doctor, day) not in states.missions:
            days = ", ".join(d.isoformat() for who, d in sorted(states.missions) if who == doctor)
            problems.append(f"{doctor} has no mission on {day} in this planning (their missions: {days})")
        if yes is None:
            problems.append(f"column 'answer': must be oui or non (also yes/no, 1/0), got {word!r}")
        if day is not None and (doctor, day) in first:
            problems.append(f"a second answer for {doctor} on {day} (first on line {first[(doctor, day)]})")
        for problem in problems:
            log.error(where, line, problem)
        if not problems and day is not None and yes is not None:
            first[(doctor, day)] = line
            out.append(Answer(doctor_id=doctor, date=day, yes=yes, comment=comment.strip(), line=line))
    return out


def read_answers(path: Path, states: MissionStates, month: str | None, log: IssueLog) -> list[Answer]:
    """The answers of a CSV file, checked against the planning's missions (problems go to `log`)."""
    table = read_table(path, ANSWER_COLUMNS, ("comment",), log)
    if table is None:
        return []
    table = convert_date_column(table, "date", "month", month, log)
    if not table.rows and not log:
        log.error(path, 1, "no answer in the file (only a header)")
    rows = (
        (r.line, r.cells["doctor_id"], r.cells["date"], r.cells["answer"], r.cells.get("comment", ""))
        for r in table.rows
    )
    return check_answers(rows, states, str(path), log)
