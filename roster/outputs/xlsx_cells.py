"""Writing Excel workbooks safely: typed cells, never a formula, column widths, atomic save.

Every text is written as a text cell (data type `s`), so a value such as `=HYPERLINK(...)`
is stored as those characters and never evaluated. Texts starting with `=`, `+`, `-`,
`@`, a tab or a carriage return also get Excel's "quote prefix" style (what typing a
leading `'` does), so that editing the cell in Excel keeps it text. The value itself is
unchanged, so a workbook read back gives exactly what was written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"  # French order; the cell holds a real date whatever the display
MIN_WIDTH, MAX_WIDTH = 6, 60


def set_cell(ws: Worksheet, row: int, column: int, value: object) -> None:
    """Write one value with an explicit type: number, real date, or text (never a formula)."""
    cell = ws.cell(row=row, column=column)
    if value is None or value == "":
        return
    if isinstance(value, bool):
        cell.value = int(value)
    elif isinstance(value, int | float):
        cell.value = value
    elif isinstance(value, dt.datetime):
        cell.value = value
        cell.number_format = DATE_FORMAT + " hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        text = str(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise store a text starting with '=' as a formula
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True


def write_rows(
    ws: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: bool = True
) -> None:
    """A header row in bold (frozen, with filters) then the data rows; widths fit the content."""
    for column, name in enumerate(header, start=1):
        set_cell(ws, 1, column, name)
        ws.cell(row=1, column=column).font = Font(bold=True)
    count = 1
    for count, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            set_cell(ws, count, column, value)
    ws.freeze_panes = "A2"
    if header:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(count, 1)}"
    if widths:
        fit_widths(ws)


def _shown_length(value: object) -> int:
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def fit_widths(ws: Worksheet) -> None:
    """Each column as wide as its longest value (within MIN_WIDTH..MAX_WIDTH characters)."""
    widest: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                widest[cell.column] = max(widest.get(cell.column, 0), _shown_length(cell.value))
    for column, width in widest.items():
        ws.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))


def new_workbook() -> Workbook:
    """An empty workbook (its default sheet removed)."""
    book = Workbook()
    book.remove(book.active)
    return book


def save_atomically(book: Workbook, path: Path) -> None:
    """Write next to `path`, fsync, then replace `path` in one step (never a half-written file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            book.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
