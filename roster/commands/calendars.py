"""`roster export` (calendars) and `roster report` (HTML) for a planning already written."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roster.models import Planning, Scenario
from roster.scenarios.errors import IssueLog, ScenarioError

PlanningArg = Annotated[Path, typer.Argument(help="Planning folder written by `roster solve`.")]
ScenarioOpt = Annotated[
    Path, typer.Option("--scenario", "-s", help="Scenario folder the planning was solved from.")
]


def _check_matches(scenario: Scenario, planning: Planning, folder: Path) -> None:
    """Every id of the planning exists in the scenario and every date is in its month."""
    log = IssueLog()
    month = scenario.settings.month
    known = {
        "doctor_id": {d.doctor_id for d in scenario.doctors},
        "site_id": {s.site_id for s in scenario.sites},
        "zone_id": {z.zone_id for z in scenario.zones},
        "replacement_id": {r.replacement_id for r in scenario.replacements},
        "practice_id": {p.practice_id for p in scenario.practices},
    }
    tables = (
        ("assignments.csv", planning.assignments, ("doctor_id", "site_id", "zone_id")),
        ("replacements.csv", planning.locum_days, ("replacement_id", "practice_id")),
    )
    for name, rows, columns in tables:
        for line, row in enumerate(rows, start=2):
            if row.date.isoformat()[:7] != month:
                log.error(folder / name, line, f"date {row.date} is outside the scenario's month {month}")
            for column in columns:
                value = getattr(row, column)
                if value not in known[column]:
                    log.error(folder / name, line, f"{column} {value!r} is not in the scenario")
    log.raise_if_any()


def _load_inputs(planning_dir: Path, scenario_dir: Path) -> tuple[Scenario, Planning]:
    """Scenario and planning, or exit 2 listing every problem as `file:line: message`."""
    from roster.cli import load_or_exit, report_input_errors
    from roster.outputs.planning_folder import load_planning

    scenario = load_or_exit(scenario_dir)
    try:
        planning = load_planning(planning_dir)
        _check_matches(scenario, planning, planning_dir)
    except ScenarioError as exc:
        report_input_errors(exc, "planning")
    return scenario, planning


def _choices(text: str, allowed: tuple[str, ...], option: str) -> list[str]:
    """A comma-separated list of allowed values, in the order given, without repeats."""
    from roster.cli import fail

    values = list(dict.fromkeys(v.strip() for v in text.split(",") if v.strip()))
    unknown = [v for v in values if v not in allowed]
    if unknown or not values:
        given = ", ".join(unknown) or repr(text)
        fail(f"{option}: unknown or missing value(s) {given}; choose among {', '.join(allowed)}")
    return values


def export(
    planning: PlanningArg,
    scenario: ScenarioOpt,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write: <out>/<format>/<by>/<file>.")
    ],
    formats: Annotated[
        str, typer.Option("--format", "-f", help="gcal-csv, outlook-csv or ics (comma-separated).")
    ] = "ics",
    by: Annotated[str, typer.Option("--by", help="doctor, site or zone (comma-separated).")] = "doctor",
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a non-empty --out (the old one is kept as <out>.prev)."),
    ] = False,
) -> None:
    """Write calendar files of a planning: one per doctor, site or zone, plus the locum days."""
    from roster.cli import err, fail
    from roster.export import FORMATS, GROUPS, render_calendars
    from roster.outputs.atomic_folder import OutputExistsError, atomic_folder

    chosen_formats, groups = _choices(formats, FORMATS, "--format"), _choices(by, GROUPS, "--by")
    empty = out_dir.is_dir() and not any(out_dir.iterdir())
    if out_dir.exists() and not (force or empty):
        fail(f"{out_dir} exists and is not an empty folder; choose another --out or add --force.")
    data, plan = _load_inputs(planning, scenario)
    files = {
        f"{fmt}/{group}/{name}": content
        for fmt in chosen_formats
        for group in groups
        for name, content in render_calendars(data, plan, fmt, group).items()
    }
    try:
        owned = empty or is_calendar_folder(out_dir)
        with atomic_folder(out_dir, replaceable=True, keep_backup=not empty, owned=owned) as temp:
            for name, content in files.items():
                (temp / name).parent.mkdir(parents=True, exist_ok=True)
                (temp / name).write_bytes(content)
    except OutputExistsError as exc:
        fail(str(exc))
    err.print(f"{len(files)} calendar file(s) written to {out_dir}", markup=False)


def is_calendar_folder(folder: Path) -> bool:
    """A folder `roster export` wrote: only format folders (ics, gcal-csv, outlook-csv)."""
    from roster.export import FORMATS

    entries = list(folder.iterdir()) if folder.is_dir() else []
    return bool(entries) and all(p.is_dir() and p.name in FORMATS for p in entries)


def write_text_atomically(path: Path, text: str) -> None:
    """Write a temporary file next to `path`, fsync it, then os.replace it onto `path`."""
    from roster.outputs.safe_file import write_output_file

    write_output_file(path, text, force=True)


def report(
    planning: PlanningArg,
    scenario: ScenarioOpt,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="HTML file to write (default: <planning>/report.html)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace --out even if it is not a previous roster report.")
    ] = False,
) -> None:
    """Write one self-contained HTML report: KPIs, coverage per zone, map and site calendars."""
    from roster.cli import err, fail
    from roster.report import render_report

    target = out_file if out_file is not None else planning / "report.html"
    if target.is_dir():
        fail(f"{target} is a folder; give a file name to --out.")
    data, plan = _load_inputs(planning, scenario)
    from roster.outputs.atomic_folder import OutputExistsError
    from roster.outputs.safe_file import is_roster_report, write_output_file

    try:
        write_output_file(target, render_report(data, plan), is_roster_report, force, "roster report")
    except OutputExistsError as exc:
        fail(str(exc))
    err.print(f"report written to {target}", markup=False)
