"""A scenario as one Excel workbook (`.xlsx`): one sheet per contract file.

Sheet `zones` holds what `zones.csv` holds (header row first), and so on for every
table of the format; sheet `scenario` holds the settings of `scenario.toml` as
key / value rows. The sheets are read into the same `Table`s as the CSV files, so
every check and message of the loader applies; problems are reported as
`book.xlsx[sheet]:row: message` (row as Excel numbers it). Cells are read as their
values (a formula gives its last computed value); a date cell is a date.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from roster.scenarios.csvtable import Row, Table
from roster.scenarios.errors import IssueLog

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SETTINGS_SHEET = "scenario"
NOTES_SHEETS = ("notes", "readme", "lisez-moi")
MAX_ROWS = 1_000_000  # per sheet: a bigger sheet is refused rather than read for minutes
MAX_COLUMNS = 200  # cells beyond are ignored (as extra columns are)
TEXT_SETTINGS = ("name", "region", "description", "source", "generator", "secondary")


def is_workbook(path: Path | str) -> bool:
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def sheet_name(file_name: str) -> str:
    """The sheet that stands for a contract file: `zones.csv` -> `zones`."""
    return file_name.removesuffix(".csv").removesuffix(".toml")


def sheet_path(book: Path | str, sheet: str) -> Path:
    """How a sheet is named in messages: `book.xlsx[sheet]`."""
    return Path(f"{book}[{sheet}]")


def cell_text(value: object) -> str:
    """A cell value as the text a CSV file would hold (`3.0` -> `3`, a date -> `2025-10-03`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _has_calamine() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


def _read_with_openpyxl(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    import openpyxl  # only for workbooks: 0.09 s of every scenario load otherwise

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        out = []
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # some writers store a wrong size
            rows = []
            for values in sheet.iter_rows(values_only=True):
                rows.append(tuple(values[:MAX_COLUMNS]))
                if len(rows) > MAX_ROWS:
                    break
            out.append((sheet.title, rows))
        return out
    finally:
        book.close()


def _read_with_calamine(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        out = []
        for title in book.sheet_names:
            sheet = book.get_sheet_by_name(title)
            rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
            out.append((title, [tuple(None if v == "" else v for v in row[:MAX_COLUMNS]) for row in rows]))
        return out
    finally:
        close = getattr(book, "close", None)
        if close is not None:
            close()


def _header_problems(
    where: Path, line: int, names: list[str], required: Sequence[str], log: IssueLog
) -> bool:
    """Report doubled and missing columns (as the CSV reader does); True when the header is usable."""
    ok, seen = True, set()
    for name in names:
        if name and name in seen:
            log.error(where, line, f"column '{name}' appears twice in the header; keep one")
            ok = False
        seen.add(name)
    listed = ", ".join(n for n in names if n) or "nothing"
    for name in required:
        if name not in seen:
            log.error(where, line, f"missing column '{name}' (header has: {listed})")
            ok = False
    return ok


class ScenarioWorkbook:
    """The sheets of a workbook, read once; stands where the loader expects a scenario folder.

    `book / "zones.csv"` names the sheet in messages (`book.xlsx[zones]`), like
    `folder / "zones.csv"` names a file.
    """

    def __init__(self, path: Path, sheets: dict[str, tuple[str, list[tuple[Any, ...]]]]) -> None:
        self.path = path
        self._sheets = sheets  # lower-case name -> (title as written, rows)

    @classmethod
    def open(cls, path: Path, log: IssueLog, engine: str | None = None) -> ScenarioWorkbook | None:
        """Read every sheet; None (after logging why) when the file is not a readable workbook.

        `engine`: "calamine" (python-calamine, fast, optional), "openpyxl", or None for
        calamine when it is installed, else openpyxl. Both give the same cells."""
        if not path.is_file():
            log.error(path, None, "no such scenario workbook")
            return None
        if engine is None:
            engine = "calamine" if _has_calamine() else "openpyxl"
        reader = _read_with_calamine if engine == "calamine" else _read_with_openpyxl
        try:
            books = reader(path)
        except Exception as exc:  # zip, XML and reader errors all mean "not a workbook"
            log.error(path, None, f"cannot be read as an Excel workbook (.xlsx): {type(exc).__name__}: {exc}")
            return None
        sheets: dict[str, tuple[str, list[tuple[Any, ...]]]] = {}
        for title, rows in books:
            if len(rows) > MAX_ROWS:
                log.error(sheet_path(path, title), MAX_ROWS + 1, f"more than {MAX_ROWS} rows")
                rows = rows[:MAX_ROWS]
            key = title.strip().lower()
            if key in sheets:
                log.error(sheet_path(path, title), None, f"two sheets are named '{key}'; keep one")
            sheets[key] = (title, rows)
        return cls(path, sheets)

    def __truediv__(self, file_name: str) -> Path:
        key = sheet_name(file_name)
        title = self._sheets.get(key, (key, []))[0]
        return sheet_path(self.path, title)

    def __str__(self) -> str:
        return str(self.path)

    @property
    def sheet_titles(self) -> list[str]:
        return [title for title, _ in self._sheets.values()]

    def present(self, file_name: str) -> bool:
        return sheet_name(file_name) in self._sheets

    def unknown_sheets(self, known_files: Sequence[str]) -> list[str]:
        """Titles of sheets that stand for no contract file (ignored, like extra files)."""
        known = {sheet_name(name) for name in known_files} | {SETTINGS_SHEET, *NOTES_SHEETS}
        return [title for key, (title, _) in self._sheets.items() if key not in known]

    def table(
        self, file_name: str, required: Sequence[str], optional: Sequence[str], log: IssueLog
    ) -> Table | None:
        """The sheet as a `Table` (lines are Excel row numbers), or None after logging why not."""
        where = self / file_name
        if not self.present(file_name):
            listed = ", ".join(self.sheet_titles) or "none"
            log.error(where, None, f"required sheet '{sheet_name(file_name)}' is missing (sheets: {listed})")
            return None
        rows = self._sheets[sheet_name(file_name)][1]
        texts = [[cell_text(v) for v in row] for row in rows]
        header_index = next((i for i, cells in enumerate(texts) if any(cells)), None)
        if header_index is None:
            log.error(where, 1, f"sheet is empty; expected at least the header {', '.join(required)}")
            return None
        names = [name.strip().lower() for name in texts[header_index]]
        while names and not names[-1]:
            names.pop()
        if not _header_problems(where, header_index + 1, names, required, log):
            return None
        data = []
        for index in range(header_index + 1, len(texts)):
            cells = texts[index]
            if not any(cells):
                continue
            values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(names) if name}
            data.append(Row(index + 1, values))
        return Table(where, tuple(names), tuple(data), ",")

    def settings(self, log: IssueLog) -> tuple[dict[str, Any], Callable[[str], int | None]] | None:
        """Sheet `scenario` as the table scenario.toml would give, and the row of each key.

        Column A holds the key, column B the value; an optional first row `key | value`
        is a header. A key may repeat (its values then form a list: one holiday per row),
        and a text value of `holidays` may list several dates separated by spaces, commas
        or semicolons. An empty value means the key is not set.
        """
        where = self / "scenario.toml"
        if SETTINGS_SHEET not in self._sheets:
            listed = ", ".join(self.sheet_titles) or "none"
            log.error(
                where,
                None,
                f"required sheet 'scenario' is missing (sheets: {listed}); it gives name and month",
            )
            return None
        data: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for index, row in enumerate(self._sheets[SETTINGS_SHEET][1], start=1):
            key = cell_text(row[0] if row else None).lower()
            value = row[1] if len(row) > 1 else None
            if not key or (index == 1 and key == "key"):
                continue
            lines.setdefault(key, index)
            if key == "holidays":
                data.setdefault(key, []).extend(_dates_of(value))
                continue
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if key in data:
                log.error(where, index, f"'{key}' is given twice (first on row {lines[key]}); keep one")
                continue
            data[key] = _setting_value(key, value)
        return data, lines.get


def _dates_of(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, dt.datetime):
        return [value.date()]
    if isinstance(value, dt.date):
        return [value]
    return [part for part in re.split(r"[\s,;]+", str(value).strip()) if part]


def _setting_value(key: str, value: object) -> object:
    """A settings cell as TOML would type it: numbers stay numbers, a date cell for month is YYYY-MM."""
    if key == "month":
        if isinstance(value, dt.date):
            return value.isoformat()[:7]
        text = cell_text(value)
        match = re.fullmatch(r"(\d{1,2})/(\d{4})", text)
        return f"{match.group(2)}-{int(match.group(1)):02d}" if match else text
    if key in TEXT_SETTINGS:
        return cell_text(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in ("true", "false", "vrai", "faux"):
            return text.lower() in ("true", "vrai")
        return text.replace(",", ".") if re.fullmatch(r"[+-]?\d+,\d+", text) else text
    return value
