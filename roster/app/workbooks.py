"""Excel workbooks: the scenario template (`template`) and a planning's workbook (`export --format xlsx`)."""

from __future__ import annotations

from pathlib import Path

from roster.app.errors import InvalidOption, OutputRefused
from roster.app.loading import open_scenario
from roster.app.verification import CheckedPlanning
from roster.export.workbook import planning_workbook
from roster.outputs.xlsx_cells import save_atomically
from roster.scenarios.workbook_writer import scenario_workbook, template_workbook

XLSX = ".xlsx"
PLANNING_WORKBOOK = "planning.xlsx"


def check_workbook_target(path: Path, force: bool, option: str) -> None:
    """A file name ending in .xlsx, not a folder, not an existing file unless `force`."""
    if path.suffix.lower() != XLSX:
        raise InvalidOption(f"{option} {path}: give a file name ending in .xlsx")
    if path.is_dir():
        raise InvalidOption(f"{option} {path} is a folder; give a file name ending in .xlsx")
    if path.exists() and not force:
        raise OutputRefused(f"{path} exists; choose another name or add --force to replace it")


def write_template(out_file: Path, source: Path | None, force: bool) -> None:
    """A scenario workbook: filled from `source` (a valid scenario, else `BadInput`) or empty."""
    check_workbook_target(out_file, force, "OUT")
    if source is not None:
        open_scenario(source)  # only a valid scenario is copied
        book = scenario_workbook(source)
    else:
        book = template_workbook()
    save_atomically(book, out_file)


def planning_workbook_target(out: Path, formats: list[str], force: bool) -> Path:
    """The workbook file of `export --format xlsx`: `out` itself when it ends in .xlsx, else
    `out/planning.xlsx`; `InvalidOption` when other formats are asked in the same call."""
    if formats != ["xlsx"]:
        raise InvalidOption("--format xlsx writes one workbook: export the calendar formats in another call")
    target = out if out.suffix.lower() == XLSX else out / PLANNING_WORKBOOK
    if out.suffix.lower() != XLSX and out.exists() and not out.is_dir():
        raise InvalidOption(f"--out {out} exists and is not a folder; give a file name ending in .xlsx")
    check_workbook_target(target, force, "--out")
    return target


def write_planning_workbook(checked: CheckedPlanning, target: Path) -> None:
    """Missions by doctor, site and zone, locum days, coverage and KPIs in one workbook;
    every sheet's title says NOT VERIFIED when the planning is not verified."""
    book = planning_workbook(checked.scenario, checked.planning)
    if not checked.verified:
        for sheet in book.worksheets:
            sheet.title = f"{sheet.title} NOT VERIFIED"[:31]
    save_atomically(book, target)
