"""A planning folder as one Excel workbook: a sheet per planning file, plus the summary."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import Workbook

SHEETS = (("assignments.csv", "missions"), ("replacements.csv", "remplacements"),
          ("coverage.csv", "couverture"), ("changes.csv", "changements"))  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> object:
    """Numbers as numbers; text that a spreadsheet would run as a formula stays text."""
    try:
        return int(text) if text.lstrip("-").isdigit() else float(text) if _is_float(text) else text
    except ValueError:
        return text


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip().lower() not in ("nan", "inf", "-inf", "infinity", "-infinity", "+inf")


def planning_workbook(folder: Path) -> bytes:
    """The workbook's bytes (openpyxl); text cells are written as strings, never formulas."""
    book = Workbook()
    summary = book.active
    summary.title = "résumé"
    for key, value in json.loads((folder / "summary.json").read_text(encoding="utf-8")).items():
        if isinstance(value, list | dict):
            value = json.dumps(value, ensure_ascii=False)
        _append(summary, [key, value])
    for name, title in SHEETS:
        path = folder / name
        if not path.is_file():
            continue
        sheet = book.create_sheet(title)
        with path.open(encoding="utf-8", newline="") as handle:
            for n, row in enumerate(csv.reader(handle)):
                _append(sheet, row if n == 0 else [_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _append(sheet, values: list[object]) -> None:
    sheet.append([None if v is None else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
