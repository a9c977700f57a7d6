"""The planning folder of the contract: assignments, replacements, coverage, summary."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from pydantic import ValidationError

from roster.models import Assignment, LocumDay, Planning, Scenario, SolveSummary
from roster.outputs.atomic_folder import atomic_folder, backup_path, write_files
from roster.scenarios.errors import IssueLog, ScenarioError
from roster.verify.planning_files import read_planning

ASSIGNMENT_COLUMNS = ["date", "doctor_id", "site_id", "zone_id", "km"]
LOCUM_COLUMNS = ["date", "replacement_id", "practice_id", "km"]
COVERAGE_COLUMNS = ["zone_id", "demand_days", "assigned_days", "shortfall"]
PLANNING_FILES = ("assignments.csv", "replacements.csv", "coverage.csv", "summary.json")


def _km(value: float) -> str:
    return f"{value:.6f}"


def coverage_rows(scenario: Scenario, assignments: tuple[Assignment, ...]) -> list[dict[str, object]]:
    """One row per zone, in zones.csv order."""
    days = Counter(a.zone_id for a in assignments)
    return [
        {
            "zone_id": z.zone_id,
            "demand_days": z.demand_days,
            "assigned_days": days[z.zone_id],
            "shortfall": max(0, z.demand_days - days[z.zone_id]),
        }
        for z in scenario.zones
    ]


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_planning_files(folder: Path, planning: Planning, scenario: Scenario) -> None:
    """Write the four contract files into an existing folder."""
    _write_csv(
        folder / "assignments.csv",
        ASSIGNMENT_COLUMNS,
        [
            {
                "date": a.date.isoformat(),
                "doctor_id": a.doctor_id,
                "site_id": a.site_id,
                "zone_id": a.zone_id,
                "km": _km(a.km),
            }
            for a in planning.assignments
        ],
    )
    _write_csv(
        folder / "replacements.csv",
        LOCUM_COLUMNS,
        [
            {
                "date": r.date.isoformat(),
                "replacement_id": r.replacement_id,
                "practice_id": r.practice_id,
                "km": _km(r.km),
            }
            for r in planning.locum_days
        ],
    )
    _write_csv(folder / "coverage.csv", COVERAGE_COLUMNS, coverage_rows(scenario, planning.assignments))
    summary = planning.summary.model_dump(mode="json")
    (folder / "summary.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def is_planning_folder(folder: Path) -> bool:
    return folder.is_dir() and (folder / "summary.json").is_file()


def may_replace(folder: Path, force: bool) -> bool:
    """An existing output folder may be replaced if it is a planning (kept as .prev),
    is empty, or --force was given."""
    if not folder.exists():
        return True
    return force or is_planning_folder(folder) or (folder.is_dir() and not any(folder.iterdir()))


def save_planning(
    folder: Path | str,
    planning: Planning,
    scenario: Scenario,
    force: bool = False,
    extra: dict[str, bytes] | None = None,
) -> Path | None:
    """Write the planning atomically; returns the backup of a replaced planning, if any."""
    folder = Path(folder)
    had_previous = folder.exists() and any(folder.iterdir()) if folder.is_dir() else folder.exists()

    def owned(target: Path) -> bool:  # decided under the lock, like `replaceable`
        return is_planning_folder(target) or (target.is_dir() and not any(target.iterdir()))

    def replaceable(target: Path) -> bool:
        return may_replace(target, force)

    with atomic_folder(folder, replaceable=replaceable, owned=owned) as temp:
        write_planning_files(temp, planning, scenario)
        write_files(temp, extra or {})
    return backup_path(folder) if had_previous else None


def load_planning(folder: Path | str) -> Planning:
    """Read a planning folder back (for export, report, explain, compare, replan).

    The verifier's tolerant reader: comma or `;` separators, decimal commas, BOM, CRLF."""
    folder = Path(folder)
    log = IssueLog()
    if not is_planning_folder(folder):
        log.error(folder, None, "not a planning folder (no summary.json)")
        log.raise_if_any()
    files, log = read_planning(folder)
    log.raise_if_any()
    assignments, locums = [], []
    for name, lines, model, into in (
        ("assignments.csv", files.assignments, Assignment, assignments),
        ("replacements.csv", files.replacements, LocumDay, locums),
    ):
        for row in lines:
            try:
                into.append(model.model_validate(row.values))
            except ValueError as exc:
                detail = exc.errors()[0] if hasattr(exc, "errors") else None
                where = f" ({detail['loc'][0]})" if detail and detail.get("loc") else ""
                log.error(folder / name, row.line, f"bad row{where}: {detail['msg'] if detail else exc}")
    try:
        summary = SolveSummary.model_validate(files.summary)
    except ValidationError as exc:
        for error in exc.errors(include_url=False)[:5]:
            where = ".".join(str(part) for part in error["loc"]) or "the file"
            log.error(folder / "summary.json", None, f"{where}: {error['msg']}")
        summary = None
    except (ValueError, TypeError) as exc:
        log.error(folder / "summary.json", None, f"cannot be read: {exc}")
        summary = None
    log.raise_if_any()
    assert summary is not None
    return Planning(assignments=tuple(assignments), locum_days=tuple(locums), summary=summary)


__all__ = ["PLANNING_FILES", "ScenarioError", "coverage_rows", "load_planning", "save_planning"]
