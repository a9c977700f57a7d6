"""What spreadsheets do to cells, undone before validation: French dates and department codes.

- A French Excel writes dates as `JJ/MM/AAAA` (day first). They are read as such when
  the column is unambiguous: no date of the column fits the planned month only when
  read month first (`MM/DD/YYYY`, the US order). Otherwise the whole column is refused
  with one grouped message (not one per row), since its order cannot be trusted.
- A spreadsheet turns the department code `03` into the number `3`: one-digit codes
  are restored from the bundled list (`roster/data/departements.csv.gz`); `2` could be
  `2A` or `2B` (Corse) and is refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from functools import cache

from roster.scenarios.csvtable import Row, Table
from roster.scenarios.errors import IssueLog
from roster.scenarios.geodata import _read

SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
Fits = Callable[[dt.date], bool]

# table -> (date column, which dates belong there: "month" = in the planned month, "past" = before
# it, "any" = any date)
DATE_COLUMNS: dict[str, tuple[str, str]] = {
    "doctors.csv": ("available_from", "any"),
    "availability.csv": ("date", "month"),
    "pins.csv": ("date", "month"),
    "history.csv": ("date", "past"),
    "wishes.csv": ("date", "month"),
}


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def day_first(text: str) -> dt.date | None:
    """`03/10/2025` -> 2025-10-03 (JJ/MM/AAAA); None when not such a date."""
    match = SLASH_DATE.match(text.strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    return _date(year, month, day)


def month_first_only(text: str, fits: Fits) -> bool:
    """True when `text` fits only when read month first (MM/DD/YYYY): a US-order date."""
    match = SLASH_DATE.match(text.strip())
    if not match:
        return False
    a, b, year = (int(part) for part in match.groups())
    as_french, as_us = _date(year, b, a), _date(year, a, b)
    french_ok = as_french is not None and fits(as_french)
    return not french_ok and as_us is not None and fits(as_us) and as_us != as_french


def fits_for(kind: str, month: str | None) -> Fits:
    """Which dates a column expects: in the planned month, before it, or (month unknown) any."""
    if month is None or kind == "any":
        return lambda day: True
    if kind == "past":
        return lambda day: day.isoformat()[:7] < month
    return lambda day: day.isoformat()[:7] == month


def _where(kind: str, month: str | None) -> str:
    if month is None or kind == "any":
        return "a valid date"
    return f"the months before {month}" if kind == "past" else f"the planned month {month}"


def _lines(lines: Sequence[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:10])
    return shown + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")


def ambiguous_dates_message(examples: Sequence[tuple[int, str]], kind: str, month: str | None) -> str:
    """One message for a column whose JJ/MM/AAAA dates look month-first."""
    line, text = examples[0]
    count = len(examples)
    return (
        f"{count} date{'s' * (count > 1)} written with '/' fit {_where(kind, month)} only when read "
        f"month first (MM/DD/YYYY), e.g. {text!r} on line {line} (lines {_lines([n for n, _ in examples])}); "
        "roster reads JJ/MM/AAAA (day first): write the dates as YYYY-MM-DD or JJ/MM/AAAA"
    )


def convert_date_column(table: Table, column: str, kind: str, month: str | None, log: IssueLog) -> Table:
    """The table with its `JJ/MM/AAAA` cells rewritten as `YYYY-MM-DD`, or (ambiguous column)
    without its slash-dated rows, after one grouped message naming them."""
    if column not in table.columns:
        return table
    fits = fits_for(kind, month)
    slashed = [(row.line, row.cells[column]) for row in table.rows if SLASH_DATE.match(row.cells[column])]
    if not slashed:
        return table
    us_order = [(line, text) for line, text in slashed if month_first_only(text, fits)]
    if us_order:
        log.error(table.path, us_order[0][0], ambiguous_dates_message(us_order, kind, month))
        kept = tuple(row for row in table.rows if not SLASH_DATE.match(row.cells[column]))
        return dataclasses.replace(table, rows=kept)
    rows = []
    for row in table.rows:
        day = day_first(row.cells[column]) if SLASH_DATE.match(row.cells[column]) else None
        rows.append(Row(row.line, {**row.cells, column: day.isoformat()}) if day is not None else row)
    return dataclasses.replace(table, rows=tuple(rows))


@cache
def department_codes() -> dict[str, str]:
    """Bundled department code -> name."""
    frame = _read("departements.csv.gz")
    return dict(zip(frame["department"], frame["name"], strict=True))


def restore_department(text: str) -> tuple[str, str | None]:
    """(code, problem): `3` -> `03`; `2` is ambiguous (2A or 2B); anything else unchanged."""
    value = text.strip()
    if not re.fullmatch(r"\d", value):
        return value, None
    codes = department_codes()
    if value == "2":
        return value, (
            f"department '2' is ambiguous: 2A ({codes.get('2A', 'Corse-du-Sud')}) or "
            f"2B ({codes.get('2B', 'Haute-Corse')})? A spreadsheet may have read it as a number; "
            "write 2A or 2B (as text)"
        )
    padded = value.zfill(2)
    return (padded, None) if padded in codes else (value, None)


def restore_departments(table: Table, column: str, log: IssueLog) -> Table:
    """One-digit department codes restored (`3` -> `03`), with one warning; `2` refused per row."""
    if column not in table.columns:
        return table
    rows, restored = [], []
    for row in table.rows:
        code, problem = restore_department(row.cells[column])
        if problem:
            log.error(table.path, row.line, f"column '{column}': {problem}")
        if code != row.cells[column].strip() and not problem:
            restored.append((row.line, row.cells[column], code))
            row = Row(row.line, {**row.cells, column: code})
        rows.append(row)
    if restored:
        pairs = ", ".join(sorted({f"{old} -> {new}" for _, old, new in restored}))
        log.warn(
            table.path,
            restored[0][0],
            f"column '{column}': department codes read as numbers restored ({pairs}) on "
            f"{len(restored)} row(s); store them as text to keep the leading zero",
        )
    return dataclasses.replace(table, rows=tuple(rows))


def normalise_tables(
    tables: dict[str, Table | None], month: str | None, log: IssueLog
) -> dict[str, Table | None]:
    """Every table with French dates and department codes undone (see the module docstring)."""
    out = dict(tables)
    for name, (column, kind) in DATE_COLUMNS.items():
        table = out.get(name)
        if table is not None:
            out[name] = convert_date_column(table, column, kind, month, log)
    zones = out.get("zones.csv")
    if zones is not None:
        out["zones.csv"] = restore_departments(zones, "department", log)
    return out


def normalise_holidays(value: object, month: str | None) -> tuple[object, str | None]:
    """scenario.toml `holidays` with `JJ/MM/AAAA` strings as ISO dates, or the grouped problem."""
    if not isinstance(value, list | tuple):
        return value, None
    texts = [(i + 1, v) for i, v in enumerate(value) if isinstance(v, str) and SLASH_DATE.match(v.strip())]
    fits = fits_for("month", month)
    us_order = [(i, t) for i, t in texts if month_first_only(t, fits)]
    if us_order:
        shown = ", ".join(repr(t) for _, t in us_order[:5])
        return value, (
            f"'holidays': {shown} fit the planned month {month} only when read month first "
            "(MM/DD/YYYY); roster reads JJ/MM/AAAA (day first): write them as YYYY-MM-DD"
        )
    converted = []
    for item in value:
        day = day_first(item) if isinstance(item, str) else None
        converted.append(day if day is not None else item)
    return converted, None
