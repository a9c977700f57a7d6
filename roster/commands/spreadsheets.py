"""`roster template` (a scenario workbook) and `roster export --format xlsx` (a planning workbook)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

XLSX = ".xlsx"
PLANNING_WORKBOOK = "planning.xlsx"


def _check_target(path: Path, force: bool, option: str) -> None:
    from roster.cli import fail

    if path.suffix.lower() != XLSX:
        fail(f"{option} {path}: give a file name ending in .xlsx")
    if path.is_dir():
        fail(f"{option} {path} is a folder; give a file name ending in .xlsx")
    if path.exists() and not force:
        fail(f"{path} exists; choose another name or add --force to replace it")


def template(
    out_file: Annotated[Path, typer.Argument(help="Workbook to write (.xlsx).")],
    source: Annotated[
        Path | None,
        typer.Option(
            "--from", help="Fill it with this scenario (folder or workbook) instead of leaving it empty."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a scenario workbook: one sheet per scenario file, headers, settings and a notes sheet."""
    from roster.cli import err, load_or_exit
    from roster.outputs.xlsx_cells import save_atomically
    from roster.scenarios.workbook_writer import scenario_workbook, template_workbook

    _check_target(out_file, force, "OUT")
    if source is not None:
        load_or_exit(source, quiet=True)  # only a valid scenario is copied
        book = scenario_workbook(source)
    else:
        book = template_workbook()
    save_atomically(book, out_file)
    what = f"scenario {source}" if source is not None else "empty scenario template"
    err.print(f"{what} written to {out_file}", markup=False)


def export_workbook(planning: Path, scenario: Path, out: Path, formats: str, force: bool) -> None:
    """`roster export --format xlsx`: one workbook (missions by doctor, site and zone, locum days,
    coverage, KPIs); `--out` is the .xlsx file, or a folder that receives `planning.xlsx`."""
    from roster.cli import err, fail
    from roster.commands.checked_planning import load_checked
    from roster.export.workbook import planning_workbook
    from roster.outputs.xlsx_cells import save_atomically

    if [f.strip() for f in formats.split(",") if f.strip()] != ["xlsx"]:
        fail("--format xlsx writes one workbook: export the calendar formats in another call")
    target = out if out.suffix.lower() == XLSX else out / PLANNING_WORKBOOK
    if out.suffix.lower() != XLSX and out.exists() and not out.is_dir():
        fail(f"--out {out} exists and is not a folder; give a file name ending in .xlsx")
    _check_target(target, force, "--out")
    checked = load_checked(scenario, planning, force)  # exit 1 on a planning that breaks a rule
    book = planning_workbook(checked.scenario, checked.planning)
    if not checked.verified:
        for sheet in book.worksheets:
            sheet.title = f"{sheet.title} NOT VERIFIED"[:31]
    save_atomically(book, target)
    err.print(f"planning workbook written to {target}", markup=False)
