"""`roster export` (calendars) and `roster report` (HTML) for a planning already written."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roster.commands.checked_planning import ForceUnverified, LangOpt, load_checked, parse_lang

PlanningArg = Annotated[Path, typer.Argument(help="Planning folder written by `roster solve`.")]
ScenarioOpt = Annotated[
    Path, typer.Option("--scenario", "-s", help="Scenario folder the planning was solved from.")
]


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
        from roster.commands.spreadsheets import export_workbook

        return export_workbook(planning, scenario, out_dir, formats, force)
    from roster.cli import err, fail
    from roster.commands.checked_planning import read_planning_or_exit
    from roster.export import FORMATS, GROUPS, render_calendars
    from roster.export.cancellations import cancelled_rows, changes_removed, revision
    from roster.outputs.atomic_folder import OutputExistsError, atomic_folder

    language = parse_lang(lang)
    chosen_formats, groups = _choices(formats, FORMATS, "--format"), _choices(by, GROUPS, "--by")
    empty = out_dir.is_dir() and not any(out_dir.iterdir())
    if out_dir.exists() and not (force or empty):
        fail(f"{out_dir} exists and is not an empty folder; choose another --out or add --force.")
    checked = load_checked(scenario, planning, force)
    try:
        sequence = revision(planning / "changes.csv")  # re-plans since the solve: SEQUENCE
        if previous is not None:
            removed = cancelled_rows(read_planning_or_exit(previous), checked.planning)
            sequence = max(sequence, 1)
        else:
            removed = changes_removed(planning / "changes.csv", checked.planning)
    except ValueError as exc:
        fail(str(exc))
    files = {
        f"{fmt}/{group}/{name}": content
        for fmt in chosen_formats
        for group in groups
        for name, content in render_calendars(
            checked.scenario,
            checked.planning,
            fmt,
            group,
            lang=language,
            verified=checked.verified,
            cancelled=removed,
            sequence=sequence,
        ).items()
    }
    try:
        owned = empty or is_calendar_folder(out_dir)
        with atomic_folder(out_dir, replaceable=True, keep_backup=not empty, owned=owned) as temp:
            for name, content in files.items():
                (temp / name).parent.mkdir(parents=True, exist_ok=True)
                (temp / name).write_bytes(content)
    except OutputExistsError as exc:
        fail(str(exc))
    note = f", {len(removed)} cancelled mission(s)" if removed else ""
    err.print(f"{len(files)} calendar file(s) written to {out_dir}{note}", markup=False)


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
    force: ForceUnverified = False,
    lang: LangOpt = "fr",
) -> None:
    """Write one self-contained HTML report: KPIs, coverage per zone, map and calendars.

    The planning is verified first (exit 1 if it breaks a hard rule, unless --force, which
    marks the page NOT VERIFIED)."""
    from roster.cli import err, fail
    from roster.report import render_report

    language = parse_lang(lang)
    target = out_file if out_file is not None else planning / "report.html"
    if target.is_dir():
        fail(f"{target} is a folder; give a file name to --out.")
    checked = load_checked(scenario, planning, force)
    html = render_report(
        checked.scenario, checked.planning, lang=language, verified=checked.verified,
        violations=checked.violations,
    )  # fmt: skip
    from roster.outputs.atomic_folder import OutputExistsError
    from roster.outputs.safe_file import is_roster_report, write_output_file

    try:
        write_output_file(target, html, is_roster_report, force, "roster report")
    except OutputExistsError as exc:
        fail(str(exc))
    err.print(f"report written to {target}", markup=False)
