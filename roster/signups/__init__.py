"""Sign-up import: a form export (one row per volunteer) into a scenario's doctors,
availability and wishes (`roster signups EXPORT --into SCENARIO`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from roster.scenarios import load_scenario
from roster.scenarios.errors import IssueLog
from roster.signups.export_file import read_export
from roster.signups.mapping import load_mapping
from roster.signups.merge import current_sheets, merge, write_merged
from roster.signups.volunteers import read_volunteers


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote (counts only: no contact data)."""

    volunteers: int
    new: int
    updated: int
    availability_rows: int
    wish_rows: int
    warnings: tuple[str, ...]


def import_signups(export: Path, into: Path, mapping: Path | None = None) -> ImportSummary:
    """Read the export, merge it into the scenario and write it; `ScenarioError` (nothing
    written) lists every problem of the scenario, the mapping or the export."""
    scenario_warnings: list[str] = []
    scenario = load_scenario(into, scenario_warnings)
    log = IssueLog()
    columns = load_mapping(mapping, log)
    log.raise_if_any()
    rows = read_export(export, columns, log)
    log.raise_if_any()
    assert rows is not None
    if not rows.rows:
        log.error(rows.where, 1, "no volunteer in the export (only a header)")
    volunteers = read_volunteers(rows, columns, scenario, log)
    log.raise_if_any()
    merged = merge(volunteers, current_sheets(into, log), registration="available_from" in rows.columns)
    write_merged(into, merged)
    return ImportSummary(
        volunteers=len(volunteers),
        new=merged.new,
        updated=merged.updated,
        availability_rows=merged.availability_rows,
        wish_rows=merged.wish_rows,
        warnings=tuple(scenario_warnings) + tuple(str(w) for w in log.warnings),
    )


__all__ = ["ImportSummary", "import_signups"]
