"""`roster export` (calendars) and `roster report` (HTML) for a planning already written."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roster.app.calendars import calendar_files, cancellations, check_calendar_folder, write_calendar_folder
from roster.app.errors import AppError
from roster.app.report import report_target, write_report
from roster.commands.checked_planning import ForceUnverified, LangOpt, load_checked, parse_lang
from roster.commands.spreadsheets import export_workbook
from roster.commands.terminal import err, fail, fail_with
from roster.export import FORMATS, GROUPS

PlanningArg = Annotated[Path, typer.Argument(help="Planning folder written by `roster solve`.")]
ScenarioOpt = Annotated[
    Path, typer.Option("--scenario", "-s", help="Scenario folder the planning was solved from.")
]


def _choices(text: str, allowed: tuple[str, ...], option: str) -> list[str]:
    """A comma-separated list of allowed values, in the order given, without repeats."""
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
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Folder to write: <out>/<format>/<by>/<file> (xlsx: the .xlsx file or a folder).",
        ),
    ],
    formats: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="gcal-csv, outlook-csv or ics (comma-separated), or xlsx (one workbook)."
        ),
    ] = "ics",
    by: Annotated[str, typer.Option("--by", help="doctor, site or zone (comma-separated).")] = "doctor",
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="Planning folder whose calendars were sent before: its missions missing now become "
            "cancellation events (default: the removed rows of PLANNING/changes.csv after `replan`).",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace a non-empty --out (kept as <out>.prev) and go on even if the planning fails "
            "verification (every file is then marked NOT VERIFIED).",
        ),
    ] = False,
    lang: LangOpt = "fr",
) -> None:
    """Write calendar files of a planning: one per doctor, site or zone, and one per locum.

    The planning is verified first (exit 1 if it breaks a hard rule, unless --force). After
    `replan`, removed missions are written as cancellations (same UID, STATUS:CANCELLED, higher
    SEQUENCE) so a calendar already imported updates."""
    if "xlsx" in {f.strip() for f in formats.split(",")}:  # one workbook (roster.commands.spreadsheets)
        return export_workbook(planning, scenario, out_dir, formats, force)
    language = parse_lang(lang)
    chosen_formats, groups = _choices(formats, FORMATS, "--format"), _choices(by, GROUPS, "--by")
    try:
        empty = check_calendar_folder(out_dir, force)
        checked = load_checked(scenario, planning, force)
        removed, sequence = cancellations(planning, checked.planning, previous)
        files = calendar_files(checked, chosen_formats, groups, language, removed, sequence)
        write_calendar_folder(out_dir, files, empty)
    except AppError as exc:
        fail_with(exc)
    note = f", {len(removed)} cancelled mission(s)" if removed else ""
    err.print(f"{len(files)} calendar file(s) written to {out_dir}{note}", markup=False)


def report(
    planning: PlanningArg,
    scenario: ScenarioOpt,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="HTML file to write (default: <planning>/report.html)."),
    ] = None,
    force: ForceUnverified = False,
    lang: LangOpt = "fr",
) -> None:
    """Write one self-contained HTML report: KPIs, coverage per zone, map and calendars.

    The planning is verified first (exit 1 if it breaks a hard rule, unless --force, which
    marks the page NOT VERIFIED)."""
    language = parse_lang(lang)
    try:
        target = report_target(planning, out_file)
        checked = load_checked(scenario, planning, force)
        write_report(checked, target, language, force)
    except AppError as exc:
        fail_with(exc)
    err.print(f"report written to {target}", markup=False)
