"""Reading one scenario CSV the way planners' spreadsheets write it, keeping line numbers.

Accepted: UTF-8 with or without BOM, LF or CRLF, blank lines, extra columns, and the
French Excel dialect (`;` separator, decimal comma) when the header makes it
unambiguous. Anything else becomes an `Issue` naming the file and line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from roster.scenarios.errors import IssueLog

DELIMITERS = (",", ";", "\t")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_SPACES = str.maketrans("", "", " \u00a0\u202f")
csv.field_size_limit(1 << 24)


@dataclass(frozen=True)
class Row:
    """One data record: its first physical line and its cells by column name."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Table:
    """A parsed CSV file."""

    path: Path
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    delimiter: str
    rejected: tuple[Row, ...] = ()  # records already reported (extra fields); their ids still exist

    @property
    def french_excel(self) -> bool:
        return self.delimiter == ";"

    def number_text(self, text: str) -> str:
        """A numeric cell normalised: decimal comma accepted in `;` files, spaces dropped."""
        text = text.strip().translate(_SPACES)
        if self.french_excel and _DECIMAL_COMMA.match(text):
            return text.replace(",", ".")
        return text


SAVE_AS = "save it as 'CSV UTF-8' (in Excel: 'CSV UTF-8 (délimité par des virgules)')"


def _decode(path: Path, raw: bytes, log: IssueLog) -> str | None:
    """The file as text, or None after logging why it is not UTF-8 text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        log.error(path, 1, f"file is UTF-16, not UTF-8; {SAVE_AS}")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(raw, exc.start)
        log.error(
            path,
            line,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02X}); the file looks like Windows-1252 "
            f"or Latin-1 (Excel 'CSV (point-virgule)'): {SAVE_AS}",
        )
        return None
    if "\x00" in text:
        line = _line_of(text, text.index("\x00"))
        log.error(path, line, "contains a NUL byte; this is not a text CSV file")
        return None
    return text


def _line_of(data: str | bytes, offset: int) -> int:
    """Physical line (1-based) of `offset`, counting LF, CRLF and lone CR breaks like the csv module."""
    head = data[:offset]
    text = head.decode("latin-1") if isinstance(head, bytes) else head
    return 1 + sum(1 for line in io.StringIO(text, newline="") if line.endswith(("\n", "\r")))


def _pick_delimiter(header_line: str, known: Sequence[str]) -> str | None:
    """The separator (among those present in the header) whose split names the most known columns.

    ',' when the header holds no separator at all (a one-column header) or no known name;
    None when two separators name equally many known columns.
    """
    wanted = {name.lower() for name in known}
    present = [d for d in DELIMITERS if d in header_line]
    if not present:
        return ","
    scores = {}
    for delimiter in present:
        names = next(csv.reader([header_line], delimiter=delimiter), [])
        scores[delimiter] = sum(1 for n in names if n.strip().lstrip("\ufeff").lower() in wanted)
    best = max(scores.values())
    if best == 0:
        return "," if "," in present else present[0]
    winners = [d for d, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 else None


class _BadCsv(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _records(text: str, delimiter: str, first_line: int) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, cells) per record; `_BadCsv` on a malformed record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    offset = first_line - 1
    line = first_line
    while True:
        start = line
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _BadCsv(start, str(exc)) from exc
        line = offset + reader.line_num + 1
        yield start, record


def _read_text(path: Path, log: IssueLog) -> str | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        log.error(path, 1, "required file is missing")
        return None
    except OSError as exc:
        log.error(path, 1, f"cannot be read: {exc.strerror or exc}")
        return None
    return _decode(path, raw, log)


def _columns(
    path: Path, line: int, header: list[str], required: Sequence[str], log: IssueLog
) -> list[str] | None:
    """Normalised column names (stripped, lower-case), or None when one is doubled or missing."""
    columns = [name.strip().lstrip("\ufeff").strip().lower() for name in header]
    ok = True
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            log.error(path, line, f"column '{name}' appears twice in the header; keep one")
            ok = False
        seen.add(name)
    listed = ", ".join(c for c in columns if c) or "nothing"
    for name in required:
        if name not in seen:
            log.error(path, line, f"missing column '{name}' (header has: {listed})")
            ok = False
    return columns if ok else None


def _rows(
    path: Path, records: Iterator[tuple[int, list[str]]], columns: list[str], delimiter: str, log: IssueLog
) -> tuple[list[Row], list[Row]]:
    """(data rows, rejected rows); blank records are skipped, records with extra fields reported."""
    rows: list[Row] = []
    rejected: list[Row] = []
    width = len(columns)
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        cells = {
            name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(columns) if name
        }
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            hint = (
                " (a decimal comma, or a comma in a text that is not in quotes?)" if delimiter == "," else ""
            )
            log.error(path, line, f"{len(record)} fields but the header has {width}{hint}")
            rejected.append(Row(line, cells))
        else:
            rows.append(Row(line, cells))
    return rows, rejected


def read_table(
    path: Path,
    required: Sequence[str],
    optional: Sequence[str],
    log: IssueLog,
) -> Table | None:
    """Parse `path`; report problems to `log` and return None when it cannot be used.

    The header is the first line holding anything but separators and spaces; line
    numbers are physical lines of the file (blank lines and quoted line breaks count).
    """
    text = _read_text(path, log)
    if text is None:
        return None
    physical = io.StringIO(text, newline="").readlines()
    header_index = next((i for i, ln in enumerate(physical) if ln.strip(" \t\r\n,;")), None)
    if header_index is None:
        log.error(path, 1, f"file is empty; expected at least the header {','.join(required)}")
        return None
    delimiter = _pick_delimiter(physical[header_index].rstrip("\r\n"), [*required, *optional])
    if delimiter is None:
        log.error(
            path,
            header_index + 1,
            f"cannot tell whether the separator is ',' or ';' (the header uses both); {SAVE_AS}",
        )
        return None
    records = _records("".join(physical[header_index:]), delimiter, header_index + 1)
    try:
        start, header = next(records)
        columns = _columns(path, start, header, required, log)
        if columns is None:
            return None
        rows, rejected = _rows(path, records, columns, delimiter, log)
    except _BadCsv as exc:
        log.error(path, exc.line, f"malformed CSV record: {exc} (check the quotes on this line)")
        return None
    return Table(path, tuple(columns), tuple(rows), delimiter, tuple(rejected))
