"""`roster template` (a scenario workbook) and `roster export --format xlsx` (a planning workbook)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roster.app.errors import AppError
from roster.app.workbooks import planning_workbook_target, write_planning_workbook, write_template
from roster.commands.checked_planning import load_checked
from roster.commands.terminal import err, fail_with


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
    try:
        write_template(out_file, source, force)
    except AppError as exc:
        fail_with(exc)
    what = f"scenario {source}" if source is not None else "empty scenario template"
    err.print(f"{what} written to {out_file}", markup=False)


def export_workbook(planning: Path, scenario: Path, out: Path, formats: str, force: bool) -> None:
    """`roster export --format xlsx`: one workbook (missions by doctor, site and zone, locum days,
    coverage, KPIs); `--out` is the .xlsx file, or a folder that receives `planning.xlsx`."""
    try:
        target = planning_workbook_target(out, [f.strip() for f in formats.split(",") if f.strip()], force)
        checked = load_checked(scenario, planning, force)  # exit 1 on a planning that breaks a rule
        write_planning_workbook(checked, target)
    except AppError as exc:
        fail_with(exc)
    err.print(f"planning workbook written to {target}", markup=False)
