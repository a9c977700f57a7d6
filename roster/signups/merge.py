"""Merging imported volunteers into a scenario's doctors, availability and wishes, and writing
them back all at once (a folder is swapped in one step; a workbook file is replaced).

A volunteer replaces the doctors.csv row with their id, or with their RPPS number (the
planner's id is then kept, so pins, history and distances still refer to them); their
availability and wishes rows are replaced too. Every other row is kept as it was.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openpyxl

from roster.models.domain import WEEKDAYS
from roster.outputs.atomic_folder import atomic_folder
from roster.outputs.xlsx_cells import save_atomically, write_rows
from roster.scenarios import ScenarioError, load_scenario
from roster.scenarios.csvtable import Table, read_table
from roster.scenarios.errors import Issue, IssueLog
from roster.scenarios.loader import NUMBER_FIELDS
from roster.scenarios.workbook import ScenarioWorkbook, is_workbook, sheet_name
from roster.scenarios.workbook_writer import typed_cell
from roster.signups.volunteers import Volunteer

DOCTOR_COLUMNS = ("doctor_id", "name", "practice_id", "latitude", "longitude", "max_days", "max_km")
CONTACT_COLUMNS = ("email", "phone", "rpps", "only_wished")
WISHES_COLUMNS = ("doctor_id", "site_id", "zone_id", "weekday", "date", "weight")
FILES = ("doctors.csv", "availability.csv", "wishes.csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    """A table to write: its columns and rows (text cells by column)."""

    columns: list[str]
    rows: list[dict[str, str]]


@dataclass(frozen=True)
class Merged:
    sheets: dict[str, Sheet]
    new: int
    updated: int
    availability_rows: int
    wish_rows: int


def safe_text(text: str) -> str:
    """Untrusted text as a cell no spreadsheet evaluates: a French `+33` phone becomes `0...`,
    anything else starting with = + - @ (or a tab / CR) gets a leading apostrophe."""
    text = text.strip()
    phone = re.fullmatch(r"\+33\s*\(?0?\)?\s*([1-9][\d .-]{7,})", text)
    if phone:
        return "0" + phone.group(1)
    return "'" + text if text.startswith(FORMULA_START) else text


def _number(value: float) -> str:
    return np.format_float_positional(float(value), trim="-")


def _raw(table: Table | None) -> Sheet | None:
    """A scenario table as text rows (decimal commas of a French-Excel file made points)."""
    if table is None:
        return None
    rows = []
    for row in table.rows:
        cells = dict(row.cells)
        if table.french_excel:
            for column in NUMBER_FIELDS & cells.keys():
                cells[column] = table.number_text(cells[column])
        rows.append(cells)
    return Sheet([c for c in table.columns if c], rows)


def current_sheets(into: Path, log: IssueLog) -> dict[str, Sheet | None]:
    """doctors, availability and wishes as they are now (None: the file or sheet is absent)."""
    out: dict[str, Sheet | None] = {}
    if is_workbook(into):
        book = ScenarioWorkbook.open(into, log)
        for name in FILES:
            present = book is not None and book.present(name)
            out[name] = _raw(book.table(name, (), (), log)) if present and book else None
    else:
        for name in FILES:
            out[name] = _raw(read_table(into / name, (), (), log)) if (into / name).exists() else None
    log.raise_if_any()
    return out


def _doctor_row(v: Volunteer, doctor_id: str, practice_id: str, registration: bool) -> dict[str, str]:
    """The doctors.csv row of a volunteer; `registration`: the export has an available_from column."""
    row = {
        "doctor_id": doctor_id,
        "name": safe_text(v.name),
        "practice_id": practice_id,
        "latitude": _number(v.latitude),
        "longitude": _number(v.longitude),
        "max_days": str(v.max_days),
        "max_km": _number(v.max_km),
        "email": safe_text(v.email),
        "phone": safe_text(v.phone),
        "rpps": v.rpps,
        "only_wished": "1" if v.only_wished else "0",
        "commune": safe_text(v.commune),
    }
    if registration:
        row["available_from"] = v.available_from.isoformat() if v.available_from else ""
    return row


def _wish_rows(v: Volunteer, doctor_id: str) -> list[dict[str, str]]:
    empty = dict.fromkeys(WISHES_COLUMNS, "")
    rows = [{**empty, "doctor_id": doctor_id, "site_id": s, "weight": "1"} for s in v.wished_sites]
    rows += [{**empty, "doctor_id": doctor_id, "zone_id": z, "weight": "1"} for z in v.wished_zones]
    rows += [
        {**empty, "doctor_id": doctor_id, "weekday": WEEKDAYS[d], "weight": "1"} for d in v.wished_weekdays
    ]
    rows += [
        {**empty, "doctor_id": doctor_id, "date": d.isoformat(), "weight": "1"}
        for d in sorted(v.wished_dates)
    ]
    return rows


def merge(
    volunteers: list[Volunteer], current: dict[str, Sheet | None], registration: bool = False
) -> Merged:
    """The three tables with the volunteers' rows replaced or added; `registration`: the export
    gives available_from (a doctors.csv column is then added if needed)."""
    doctors = current["doctors.csv"] or Sheet(list(DOCTOR_COLUMNS), [])
    columns = doctors.columns + [c for c in CONTACT_COLUMNS if c not in doctors.columns]
    if registration and "available_from" not in columns:
        columns.append("available_from")
    by_id = {row.get("doctor_id", ""): i for i, row in enumerate(doctors.rows)}
    by_rpps = {
        re.sub(r"\D", "", row.get("rpps", "")): i for i, row in enumerate(doctors.rows) if row.get("rpps")
    }
    rows = [{**row, **{c: row.get(c, "") for c in CONTACT_COLUMNS}} for row in doctors.rows]
    for row in rows:
        row["only_wished"] = row["only_wished"] or "0"
    replaced: set[str] = set()
    final_ids: dict[int, str] = {}
    new = updated = 0
    for v in volunteers:
        index = by_id.get(v.doctor_id, by_rpps.get(v.rpps))
        if index is None:
            row = _doctor_row(v, v.doctor_id, v.practice_id or "", registration)
            rows.append({c: row.get(c, "") for c in columns})
            final_ids[v.line] = v.doctor_id
            new += 1
        else:
            old = rows[index]
            doctor_id = old["doctor_id"]
            practice = v.practice_id if v.practice_id is not None else old.get("practice_id", "")
            row = _doctor_row(v, doctor_id, practice, registration)
            rows[index] = {c: row.get(c, old.get(c, "")) for c in columns}
            final_ids[v.line] = doctor_id
            updated += 1
        replaced.add(final_ids[v.line])
    availability = current["availability.csv"] or Sheet(["person_id", "date"], [])
    kept = [row for row in availability.rows if row.get("person_id", "") not in replaced]
    added = [
        {"person_id": final_ids[v.line], "date": day.isoformat()}
        for v in volunteers
        for day in sorted(v.dates)
    ]
    wishes = current["wishes.csv"] or Sheet(list(WISHES_COLUMNS), [])
    wish_columns = wishes.columns + [c for c in WISHES_COLUMNS if c not in wishes.columns]
    kept_wishes = [row for row in wishes.rows if row.get("doctor_id", "") not in replaced]
    new_wishes = [row for v in volunteers for row in _wish_rows(v, final_ids[v.line])]
    sheets = {
        "doctors.csv": Sheet(columns, rows),
        "availability.csv": Sheet(availability.columns, kept + added),
    }
    if current["wishes.csv"] is not None or new_wishes:  # no wishes: no file, today's objective
        sheets["wishes.csv"] = Sheet(wish_columns, kept_wishes + new_wishes)
    return Merged(sheets, new, updated, len(added), len(new_wishes))


def sheet_csv(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(sheet.columns)
    writer.writerows([row.get(c, "") for c in sheet.columns] for row in sheet.rows)
    return buffer.getvalue().encode("utf-8")


def _renamed(error: ScenarioError, temp: Path, target: Path) -> ScenarioError:
    """The same problems, naming the target instead of the temporary copy."""
    issues = [Issue(i.path.replace(str(temp), str(target)), i.line, i.message) for i in error.issues]
    return ScenarioError(issues)


def _copy_entry(source: Path, dest: Path) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source), dest)
    elif source.is_dir():
        shutil.copytree(source, dest, symlinks=True)
    else:
        shutil.copy2(source, dest)


def write_folder(into: Path, merged: Merged, check: Callable[[Path], None]) -> None:
    """Swap in a copy of the folder holding the merged files, once `check` accepts it."""
    with atomic_folder(into, replaceable=True, keep_backup=False) as temp:
        for entry in into.iterdir():
            if entry.name not in merged.sheets:
                _copy_entry(entry, temp / entry.name)
        for name, sheet in merged.sheets.items():
            (temp / name).write_bytes(sheet_csv(sheet))
        check(temp)


def write_workbook(into: Path, merged: Merged, check: Callable[[Path], None]) -> None:
    """Replace the doctors, availability and wishes sheets (others untouched), check, then swap the file."""
    book = openpyxl.load_workbook(into, keep_vba=into.suffix.lower() == ".xlsm")
    titles = {ws.title.strip().lower(): ws for ws in book.worksheets}
    for name, sheet in merged.sheets.items():
        key = sheet_name(name)
        index = len(book.worksheets)
        if key in titles:
            index = book.worksheets.index(titles[key])
            book.remove(titles[key])
        ws = book.create_sheet(key, index)
        write_rows(
            ws, sheet.columns, [[typed_cell(c, row.get(c, "")) for c in sheet.columns] for row in sheet.rows]
        )
    fd, temp_name = tempfile.mkstemp(prefix=f".{into.stem}.", suffix=into.suffix, dir=into.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        save_atomically(book, temp)
        check(temp)
        os.replace(temp, into)
    finally:
        temp.unlink(missing_ok=True)


def write_merged(into: Path, merged: Merged) -> None:
    """Write the merged tables into the scenario folder or workbook, only if the result validates."""

    def check(candidate: Path) -> None:
        try:
            load_scenario(candidate)
        except ScenarioError as exc:
            raise _renamed(exc, candidate, into) from None

    if is_workbook(into):
        write_workbook(into, merged, check)
    else:
        write_folder(into, merged, check)
