"""Reading a sign-up export (CSV or .xlsx, one row per volunteer) into rows keyed by field."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from roster.scenarios.csvtable import Table, read_table
from roster.scenarios.errors import IssueLog
from roster.scenarios.workbook import ScenarioWorkbook, is_workbook, sheet_path
from roster.signups.mapping import FIELDS, Mapping, header_key


@dataclass(frozen=True)
class ExportRow:
    """One volunteer's row: its line (or Excel row) and the text of each mapped field."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Export:
    where: Path  # the file, or `file.xlsx[sheet]`, as messages name it
    columns: dict[str, str]  # field -> the export's column name (as written in the mapping)
    rows: tuple[ExportRow, ...]


def _table(path: Path, mapping: Mapping, log: IssueLog) -> Table | None:
    if not is_workbook(path):
        if not path.is_file():
            log.error(path, None, "no such sign-up export")
            return None
        known = [name.lower() for name in mapping.columns.values()]
        return read_table(path, (), known, log)
    book = ScenarioWorkbook.open(path, log)
    if book is None:
        return None
    titles = book.sheet_titles
    if not titles:
        log.error(path, None, "the workbook has no sheet")
        return None
    wanted = mapping.sheet or titles[0]
    if wanted.lower() not in {t.lower() for t in titles}:
        log.error(sheet_path(path, wanted), None, f"no such sheet (sheets: {', '.join(titles)})")
        return None
    return book.table(wanted.lower(), (), (), log)


def read_export(path: Path, mapping: Mapping, log: IssueLog) -> Export | None:
    """The export's rows by field; None after logging a missing required column (or an unreadable file)."""
    table = _table(path, mapping, log)
    if table is None:
        return None
    by_key = {header_key(c): c for c in table.columns if c}
    header_line = min((row.line for row in table.rows), default=2) - 1
    found: dict[str, str] = {}
    missing = False
    for name, (_, required) in FIELDS.items():
        wanted = mapping.columns[name]
        column = by_key.get(header_key(wanted))
        if column is not None:
            found[name] = column
        elif required:
            close = difflib.get_close_matches(header_key(wanted), list(by_key), n=1, cutoff=0.6)
            hint = f"; did you mean {by_key[close[0]]!r}?" if close else ""
            how = "set it in the mapping file" if mapping.path else "give a --mapping file for another form"
            log.error(table.path, max(header_line, 1), f"missing column {wanted!r} ({name}){hint} ({how})")
            missing = True
    if missing:
        return None
    rows = tuple(
        ExportRow(row.line, {name: row.cells.get(column, "") for name, column in found.items()})
        for row in table.rows
    )
    columns = {name: mapping.columns[name] for name in found}
    return Export(table.path, columns, rows)
