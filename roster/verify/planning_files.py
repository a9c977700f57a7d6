"""Read a planning folder for the verifier, with the standard library only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from roster.scenarios.errors import IssueLog

PLANNING_COLUMNS = {
    "assignments.csv": ("date", "doctor_id", "site_id", "zone_id", "km"),
    "replacements.csv": ("date", "replacement_id", "practice_id", "km"),
    "coverage.csv": ("zone_id", "demand_days", "assigned_days", "shortfall"),
}


@dataclass(frozen=True)
class Line:
    """One row of a planning CSV, with its line number (header is line 1)."""

    line: int
    values: dict[str, str]


@dataclass
class PlanningFiles:
    folder: Path
    assignments: list[Line] = field(default_factory=list)
    replacements: list[Line] = field(default_factory=list)
    coverage: list[Line] = field(default_factory=list)
    summary: dict[str, object] = field(default_factory=dict)


def _rows(path: Path, columns: tuple[str, ...], log: IssueLog, required: bool) -> list[Line]:
    if not path.exists():
        if required:
            log.error(path, 1, "required file is missing")
        return []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (UnicodeDecodeError, OSError) as exc:
        log.error(path, 1, f"cannot be read as UTF-8 text: {exc}")
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        log.error(path, 1, f"malformed CSV header: {exc}")
        return []
    missing = [c for c in columns if c not in header]
    if missing:
        log.error(path, 1, f"missing column(s) {', '.join(missing)}")
        return []
    out = []
    line = 2
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                cells = {h: (record[i].strip() if i < len(record) else "") for i, h in enumerate(header)}
                out.append(Line(line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        log.error(path, line, f"malformed CSV record: {exc}")
    return out


def read_planning(folder: Path) -> tuple[PlanningFiles, IssueLog]:
    """Rows of every planning file; format problems go to the returned log."""
    log = IssueLog()
    files = PlanningFiles(folder)
    if not folder.is_dir():
        log.error(folder, None, "no such planning folder")
        return files, log
    files.assignments = _rows(folder / "assignments.csv", PLANNING_COLUMNS["assignments.csv"], log, True)
    files.replacements = _rows(folder / "replacements.csv", PLANNING_COLUMNS["replacements.csv"], log, False)
    files.coverage = _rows(folder / "coverage.csv", PLANNING_COLUMNS["coverage.csv"], log, False)
    summary_path = folder / "summary.json"
    if summary_path.exists():
        try:
            loaded = json.loads(summary_path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                files.summary = loaded
            else:
                log.error(summary_path, 1, "must hold a JSON object")
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            log.error(summary_path, getattr(exc, "lineno", 1), f"bad JSON: {exc}")
    return files, log


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_km(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
