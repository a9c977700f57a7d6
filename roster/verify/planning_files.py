"""Read a planning folder for the verifier, as tolerant of hand-made files as the scenario reader."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from roster.scenarios.csvtable import Table, read_table
from roster.scenarios.errors import IssueLog

PLANNING_COLUMNS = {
    "assignments.csv": ("date", "doctor_id", "site_id", "zone_id", "km"),
    "replacements.csv": ("date", "replacement_id", "practice_id", "km"),
    "coverage.csv": ("zone_id", "demand_days", "assigned_days", "shortfall"),
    "states.csv": ("date", "doctor_id", "site_id", "state"),  # extension: the confirmation round
}
NUMERIC_COLUMNS = {"km", "demand_days", "assigned_days", "shortfall"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_SUMMARY_BYTES = 16 << 20


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
    states: list[Line] = field(default_factory=list)  # extension (states.csv); none when absent
    summary: dict[str, object] = field(default_factory=dict)


def _rows(path: Path, columns: tuple[str, ...], log: IssueLog, required: bool) -> list[Line]:
    """Rows of one planning CSV, read like a scenario CSV (BOM, CRLF, French Excel `;`)."""
    if not path.exists():
        if required:
            log.error(path, 1, "required file is missing")
        return []
    table = read_table(path, columns, (), log)
    if table is None:
        return []
    return [Line(row.line, _normalised(table, row.cells)) for row in table.rows]


def _normalised(table: Table, cells: dict[str, str]) -> dict[str, str]:
    """Numeric cells with a decimal comma (in `;` files) or digit-group spaces made plain."""
    return {name: table.number_text(v) if name in NUMERIC_COLUMNS else v for name, v in cells.items()}


def _summary(path: Path, log: IssueLog) -> dict[str, object]:
    """summary.json as a dict; {} (and an issue) when it cannot be read."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SUMMARY_BYTES + 1)
        if len(raw) > MAX_SUMMARY_BYTES:
            log.error(path, 1, f"larger than {MAX_SUMMARY_BYTES:,} bytes; this is not a summary.json")
            return {}
        loaded = json.loads(raw.decode("utf-8-sig"))
    except json.JSONDecodeError as exc:
        log.error(path, exc.lineno, f"bad JSON: {exc.msg} (column {exc.colno})")
        return {}
    except UnicodeDecodeError:
        log.error(path, 1, "not valid UTF-8; save it as UTF-8")
        return {}
    except (OSError, RecursionError, ValueError) as exc:
        log.error(path, 1, f"cannot be read as JSON: {exc}")
        return {}
    if not isinstance(loaded, dict):
        log.error(path, 1, "must hold a JSON object { ... }")
        return {}
    return loaded


def read_planning(folder: Path) -> tuple[PlanningFiles, IssueLog]:
    """Rows of every planning file; format problems go to the returned log."""
    log = IssueLog()
    files = PlanningFiles(folder)
    if not folder.is_dir():
        log.error(folder, None, "no such planning folder")
        return files, log
    files.assignments = _rows(folder / "assignments.csv", PLANNING_COLUMNS["assignments.csv"], log, True)
    files.replacements = _rows(folder / "replacements.csv", PLANNING_COLUMNS["replacements.csv"], log, False)
    files.coverage = _rows(folder / "coverage.csv", PLANNING_COLUMNS["coverage.csv"], log, True)
    files.states = _rows(folder / "states.csv", PLANNING_COLUMNS["states.csv"], log, False)
    summary_path = folder / "summary.json"
    if summary_path.exists():
        files.summary = _summary(summary_path, log)
    else:
        log.error(summary_path, 1, "required file is missing")
    return files, log


def parse_date(text: str) -> dt.date | None:
    """A YYYY-MM-DD date, or None."""
    text = text.strip()
    if not ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_km(text: str) -> float | None:
    """A finite number, or None."""
    try:
        if "_" in text:  # Python would read 1_2.5 as 12.5
            return None
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None
