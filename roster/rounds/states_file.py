"""states.csv of a planning folder: one row per mission (and per refused doctor-day of earlier rounds).

Columns `date,doctor_id,site_id,state,changed_by,changed_at,comment`. A missing file means
every mission is `proposed`; so does a mission without a row. Read like the scenario files
(BOM, CRLF, French-Excel `;`, `JJ/MM/AAAA` dates); every problem is `file:line: message`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from roster.models import Planning
from roster.models.safe_text import CONTROL_CHARACTERS, spreadsheet_cell
from roster.models.states import REFUSED, STATE_COLUMNS, STATES, MissionState, StateRow
from roster.scenarios.csvtable import read_table
from roster.scenarios.errors import IssueLog
from roster.scenarios.spreadsheet_cells import convert_date_column

STATES_FILE = "states.csv"
Key = tuple[str, dt.date]


@dataclass(frozen=True)
class MissionStates:
    """The state of every mission of a planning (`missions`), and the doctor-days refused in
    earlier rounds that the planning no longer holds (rows of `rows` not in `missions`)."""

    rows: dict[Key, StateRow]
    missions: frozenset[Key]

    @classmethod
    def of(cls, planning: Planning, rows: Iterable[StateRow] = ()) -> MissionStates:
        """Each mission with its row (proposed without one), then the refused doctor-days of
        earlier rounds; a row of any other state for a day without a mission is dropped."""
        given = {r.key: r for r in rows}
        out: dict[Key, StateRow] = {}
        for a in sorted(planning.assignments, key=lambda a: (a.date, a.doctor_id)):
            key = (a.doctor_id, a.date)
            out[key] = given.get(key) or StateRow(date=a.date, doctor_id=a.doctor_id, site_id=a.site_id)
        missions = frozenset(out)
        for key, row in sorted(given.items(), key=lambda item: (item[0][1], item[0][0])):
            if key not in out and row.state in REFUSED:
                out[key] = row
        return cls(out, missions)

    def of_state(self, *states: MissionState) -> list[StateRow]:
        """The missions in one of `states`, by date then doctor."""
        return [
            self.rows[k]
            for k in sorted(self.missions, key=lambda k: (k[1], k[0]))
            if self.rows[k].state in states
        ]

    def refused(self) -> list[StateRow]:
        """Every refused doctor-day: declined or cancelled missions, and those of earlier rounds."""
        return [r for r in self.rows.values() if r.state in REFUSED]

    def counts(self) -> dict[str, int]:
        """Missions per state (every state listed, 0 included)."""
        found = Counter(self.rows[k].state for k in self.missions)
        return {state: found[state] for state in STATES}

    def changed(self) -> bool:
        """Some row says more than "proposed, never touched"."""
        return any(r.state != "proposed" or r.changed_at for r in self.rows.values())


def _one_line(text: str) -> str:
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


def states_csv(states: MissionStates) -> bytes:
    """states.csv: every row, by date then doctor; free text made one line and formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(STATE_COLUMNS)
    for key in sorted(states.rows, key=lambda k: (k[1], k[0])):
        r = states.rows[key]
        writer.writerow([
            r.date.isoformat(), r.doctor_id, r.site_id, r.state, spreadsheet_cell(_one_line(r.changed_by)),
            r.changed_at, spreadsheet_cell(_one_line(r.comment)),
        ])  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _parse_stamp(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def read_state_rows(path: Path, month: str | None, log: IssueLog) -> list[tuple[int, StateRow]]:
    """(line, row) of a states.csv file (none when absent); problems go to `log`."""
    if not path.exists():
        return []
    table = read_table(path, STATE_COLUMNS[:4], STATE_COLUMNS[4:], log)
    if table is None:
        return []
    table = convert_date_column(table, "date", "month", month, log)
    rows: list[tuple[int, StateRow]] = []
    first: dict[Key, int] = {}
    for row in table.rows:
        c = row.cells
        day, state = _parse_date(c["date"]), c["state"].strip().lower()
        problems = []
        if day is None:
            problems.append(f"column 'date': must be a date YYYY-MM-DD, got {c['date']!r}")
        if not c["doctor_id"] or not c["site_id"]:
            problems.append("columns 'doctor_id' and 'site_id' must not be empty")
        if state not in STATES:
            problems.append(f"column 'state': must be one of {', '.join(STATES)}, got {c['state']!r}")
        stamp = c.get("changed_at", "").strip()
        if stamp and not _parse_stamp(stamp):
            problems.append(
                f"column 'changed_at': must be a date-time like 2025-10-01T09:30:00, got {stamp!r}"
            )
        if day is not None and (c["doctor_id"], day) in first:
            line = first[(c["doctor_id"], day)]
            problems.append(f"a second row for {c['doctor_id']} on {day} (first on line {line})")
        for problem in problems:
            log.error(path, row.line, problem)
        if problems or day is None:
            continue
        first[(c["doctor_id"], day)] = row.line
        rows.append((row.line, StateRow(
            date=day, doctor_id=c["doctor_id"], site_id=c["site_id"], state=state,  # type: ignore[arg-type]
            changed_by=c.get("changed_by", ""), changed_at=stamp, comment=c.get("comment", ""),
        )))  # fmt: skip
    return rows


def read_states(folder: Path, planning: Planning, log: IssueLog) -> MissionStates:
    """The states of a planning folder's missions; a row that contradicts the planning (another
    site, or a proposed/confirmed row without its mission) goes to `log`."""
    path = folder / STATES_FILE
    rows = read_state_rows(path, planning.summary.month or None, log)
    sites = {(a.doctor_id, a.date): a.site_id for a in planning.assignments}
    for line, r in rows:
        site = sites.get(r.key)
        if site is not None and site != r.site_id:
            log.error(path, line, f"{r.doctor_id} on {r.date} has a mission at {site}, not {r.site_id}")
        elif site is None and r.state not in REFUSED:
            log.error(path, line, f"{r.doctor_id} has no mission on {r.date}: a {r.state} row needs one")
    return MissionStates.of(planning, (r for _, r in rows))
