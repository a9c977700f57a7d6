"""Scenario workbooks: an empty template with headers and notes, or a scenario copied into one.

The sheets are those `roster.scenarios.workbook` reads: `scenario` (key / value rows),
then one sheet per contract file (`zones`, `sites`, ...), then `notes`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from roster.models import Doctor, Settings
from roster.outputs.xlsx_cells import fit_widths, new_workbook, set_cell, write_rows
from roster.scenarios.csvtable import Table, read_table
from roster.scenarios.errors import IssueLog, ScenarioError
from roster.scenarios.loader import NUMBER_FIELDS, SCENARIO_TOML, TABLES, _read_settings
from roster.scenarios.spreadsheet_cells import day_first
from roster.scenarios.workbook import SETTINGS_SHEET, ScenarioWorkbook, is_workbook, sheet_name

# wishes.csv (docs/scenario-format.md), for workbooks written before the loader knows it
WISHES_COLUMNS = ("doctor_id", "site_id", "zone_id", "weekday", "date", "weight")
DATE_FIELDS = {"date", "available_from"}
INTEGER_FIELDS = {"population", "demand_days", "capacity", "lodging", "min_present", "other_doctors",
                  "max_days", "min_days", "weight", "only_wished"}  # fmt: skip

SHEET_NOTES: dict[str, str] = {
    "scenario": "Settings (scenario.toml): one key per row in column A, its value in column B. name and "
    "month (YYYY-MM) are required; the others default to the values shown. holidays: one date per row "
    "(repeat the key) or several dates in one cell.",
    "zones": "Priority zones (EPCI): zone_id, name, department (text: 03, 2A), population, priority > 0, "
    "demand_days wanted this month; optional min_days (hard minimum), designation.",
    "sites": "Consultation places: site_id, zone_id (from zones), name, latitude, longitude (WGS84), "
    "capacity >= 1, open_weekdays (Mon Tue Wed Thu Fri Sat Sun), lodging 0/1; optional am_hours, pm_hours "
    "(consultation hours, default 08:30-12:30 and 13:30-18:00), address, commune (for roster publish).",
    "practices": "Home practices (optional sheet): practice_id, name, latitude, longitude, open_weekdays, "
    "min_present, other_doctors.",
    "doctors": "Volunteers: doctor_id, name, practice_id (or empty), latitude, longitude, max_days, max_km; "
    "optional only_wished 0/1, available_from (registered from this date: no mission before), email, "
    "phone, rpps (contact data: never printed in calendars, reports or publications).",
    "replacements": "Locums (optional sheet): replacement_id, name, latitude, longitude, max_days, max_km.",
    "availability": "One row per person and available date of the month: person_id, date "
    "(a date cell, YYYY-MM-DD or JJ/MM/AAAA).",
    "distances": "Road distances (optional sheet): from_id (person), to_id (site or practice), km.",
    "pins": "Missions that must be planned (optional sheet): date, doctor_id, site_id.",
    "history": "Missions of past months (optional sheet): date, doctor_id, site_id.",
    "wishes": "Volunteers' wishes (optional sheet): doctor_id and any of site_id, zone_id, weekday "
    "(Mon..Sun), date; weight -100..100 (default 1, negative: would rather not).",
    "notes": "This sheet is ignored when the workbook is read. Cells are written as text, never formulas.",
}


def table_columns() -> dict[str, tuple[str, ...]]:
    """File -> the columns a template shows: required, optional, then the model's other fields."""
    out: dict[str, tuple[str, ...]] = {}
    for name, (model, required, optional, _) in TABLES.items():
        columns = list(dict.fromkeys([*required, *optional]))
        if model is not None:
            columns += [f for f in model.model_fields if f not in columns and f != "line"]
        out[name] = tuple(columns)
    if "wishes.csv" not in out:
        out["wishes.csv"] = WISHES_COLUMNS
    if "only_wished" not in out["doctors.csv"] and "only_wished" in Doctor.model_fields:
        out["doctors.csv"] += ("only_wished",)
    return out


def _default_settings() -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, field in Settings.model_fields.items():
        if key in ("name", "month") or key == "holidays":
            rows.append((key, ""))
        else:
            rows.append((key, "" if field.default is None else field.default))
    return rows


def _settings_sheet(book: Workbook, rows: list[tuple[str, Any]]) -> None:
    ws = book.create_sheet(SETTINGS_SHEET)
    write_rows(ws, ["key", "value"], rows, widths=False)
    ws.auto_filter.ref = None
    fit_widths(ws)


def _notes_sheet(book: Workbook) -> None:
    ws = book.create_sheet("notes")
    set_cell(ws, 1, 1, "sheet")
    set_cell(ws, 1, 2, "what it holds")
    for column in (1, 2):
        ws.cell(row=1, column=column).font = Font(bold=True)
    for row, (sheet, text) in enumerate(SHEET_NOTES.items(), start=2):
        set_cell(ws, row, 1, sheet)
        set_cell(ws, row, 2, text)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 110


def template_workbook() -> Workbook:
    """An empty scenario workbook: settings with their defaults, every sheet's header, notes."""
    book = new_workbook()
    _settings_sheet(book, _default_settings())
    for name, columns in table_columns().items():
        write_rows(book.create_sheet(sheet_name(name)), list(columns), [])
    _notes_sheet(book)
    return book


def typed_cell(column: str, text: str, number_text: Callable[[str], str] = str.strip) -> object:
    """A CSV cell as the value a planner expects in a spreadsheet: numbers, real dates, else text."""
    if not text:
        return None
    if column in DATE_FIELDS:
        return _date_or_text(text)
    if column in NUMBER_FIELDS | INTEGER_FIELDS:
        try:
            number = float(number_text(text))
        except ValueError:
            return text
        if column in INTEGER_FIELDS and number == int(number):
            return int(number)
        # openpyxl stores floats with 16 significant digits: keep the rare longer one as text (exact)
        return number if float(f"{number:.16g}") == number else number_text(text)
    return text


def _date_or_text(text: str) -> object:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return day_first(text) or text


def _source_tables(source: Path) -> dict[str, Table]:
    """The raw tables of a (valid) scenario folder or workbook, extra columns included."""
    log = IssueLog()
    names = list(table_columns())
    tables: dict[str, Table] = {}
    if is_workbook(source):
        book = ScenarioWorkbook.open(source, log)
        for name in names:
            if book is not None and book.present(name):
                table = book.table(name, (), (), log)
                if table is not None:
                    tables[name] = table
    else:
        for name in names:
            if (source / name).exists():
                table = read_table(source / name, (), (), log)
                if table is not None:
                    tables[name] = table
    log.raise_if_any()
    return tables


def _settings_rows(source: Path) -> list[tuple[str, Any]]:
    log = IssueLog()
    folder = ScenarioWorkbook.open(source, log) if is_workbook(source) else source
    read = _read_settings(folder, log) if folder is not None else None
    if read is None:
        raise ScenarioError(log.issues or [])
    data, _ = read
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        if key == "holidays" and isinstance(value, list | tuple):
            days = [_date_or_text(v) if isinstance(v, str) else v for v in value]
            rows += [(key, day) for day in days] or [(key, "")]
        else:
            rows.append((key, value))
    return rows


def scenario_workbook(source: Path) -> Workbook:
    """A workbook holding the scenario folder (or workbook) `source`: same settings, same rows,
    extra columns kept; numbers as numbers, dates as dates, ids as text."""
    book = new_workbook()
    _settings_sheet(book, _settings_rows(source))
    for name, table in _source_tables(source).items():
        columns = [c for c in table.columns if c]
        rows = [
            [typed_cell(c, row.cells.get(c, ""), table.number_text) for c in columns] for row in table.rows
        ]
        write_rows(book.create_sheet(sheet_name(name)), columns, rows)
    _notes_sheet(book)
    return book


__all__ = ["SCENARIO_TOML", "scenario_workbook", "table_columns", "template_workbook", "typed_cell"]
