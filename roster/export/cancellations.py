"""Missions and locum days sent before and gone now: the cancellations a calendar must receive.

Two sources: the removed rows of `changes.csv` that `roster replan` writes into the new
planning (the default), or any earlier planning folder given to `export --previous`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from roster.models import Assignment, LocumDay, Planning
from roster.outputs.planning_diff import CHANGE_COLUMNS, planning_changes
from roster.scenarios.csvtable import read_table
from roster.scenarios.errors import IssueLog

Row = Assignment | LocumDay


def _keys(planning: Planning) -> set[tuple[str, dt.date, str, str]]:
    return {("mission", a.date, a.doctor_id, a.site_id) for a in planning.assignments} | {
        ("locum", r.date, r.replacement_id, r.practice_id) for r in planning.locum_days
    }


def _row(kind: str, day: dt.date, person: str, place: str, zone: str, km: float) -> Row:
    if kind == "mission":
        return Assignment(date=day, doctor_id=person, site_id=place, zone_id=zone, km=km)
    return LocumDay(date=day, replacement_id=person, practice_id=place, km=km)


def cancelled_rows(previous: Planning, current: Planning) -> tuple[Row, ...]:
    """Rows of `previous` that `current` no longer has."""
    return tuple(
        _row(c.kind, dt.date.fromisoformat(c.date), c.person_id, c.place_id, c.zone_id, c.km)
        for c in planning_changes(previous, current)
        if c.change == "removed"
    )


def revision(path: Path) -> int:
    """How many re-plans led to the planning whose changes.csv this is: 0 without the file,
    the `revision` column when present, else 1. ValueError on an unreadable file."""
    if not path.exists():
        return 0
    log = IssueLog()
    table = read_table(path, tuple(CHANGE_COLUMNS), ("revision",), log)
    if table is None or log:
        raise ValueError("; ".join(str(i) for i in log.issues) or f"{path}: cannot be read")
    found = 1
    for line in table.rows:
        text = line.cells.get("revision", "").strip()
        if text:
            if not text.isdigit():
                raise ValueError(f"{path}:{line.line}: revision {text!r} is not a whole number")
            found = max(found, int(text))
    return found


def changes_removed(path: Path, current: Planning) -> tuple[Row, ...]:
    """The `removed` rows of a replan's changes.csv (none if the file is absent), minus any row
    the current planning has again. ValueError names the file and line of a bad row."""
    if not path.exists():
        return ()
    log = IssueLog()
    table = read_table(path, tuple(CHANGE_COLUMNS), ("revision",), log)
    if table is None or log:
        raise ValueError("; ".join(str(i) for i in log.issues) or f"{path}: cannot be read")
    present = _keys(current)
    rows: list[Row] = []
    for line in table.rows:
        c = line.cells
        if c["change"].strip() != "removed":
            continue
        try:
            day = dt.date.fromisoformat(c["date"].strip())
            km = float(table.number_text(c["km"]))
            kind = c["kind"].strip()
            if kind not in ("mission", "locum"):
                raise ValueError(f"kind {kind!r} is neither mission nor locum")
        except ValueError as exc:
            raise ValueError(f"{path}:{line.line}: {exc}") from exc
        if (kind, day, c["person_id"], c["place_id"]) not in present:
            rows.append(_row(kind, day, c["person_id"], c["place_id"], c["zone_id"], km))
    return tuple(rows)
