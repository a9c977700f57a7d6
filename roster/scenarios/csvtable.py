"""Reading one scenario CSV the way planners' spreadsheets write it, keeping line numbers.

Accepted: UTF-8 with or without BOM, LF or CRLF, blank lines, extra columns, and the
French Excel dialect (`;` separator, decimal comma) when the header makes it
unambiguous. Anything else becomes an `Issue` naming the file and line.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from roster.models.safe_text import control_character_problem
from roster.scenarios.errors import IssueLog

DELIMITERS = (",", ";", "\t")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_SPACES = str.maketrans("", "", " \u00a0\u202f")


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
    incomplete: bool = False  # a malformed record was skipped: its ids are unknown

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

# Bounds that keep the work and the memory small whatever a file holds (documented in
# docs/scenario-format.md, "Size limits"): a scenario CSV is a table typed by people.
MAX_LINE_BYTES = 64 * 1024
MAX_COLUMNS = 1_000
MAX_RECORDS = 2_000_000
csv.field_size_limit(MAX_LINE_BYTES)


class _BadCsv(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _line_of(data: str | bytes, offset: int) -> int:
    """Physical line (1-based) of `offset`, counting LF, CRLF and lone CR breaks like the csv module."""
    head = data[:offset]
    text = head.decode("latin-1") if isinstance(head, bytes) else head
    return 1 + sum(1 for line in io.StringIO(text, newline="") if line.endswith(("\n", "\r")))


def _physical_lines(handle: BinaryIO) -> Iterator[str]:
    """The file's lines as text (LF, CRLF and lone CR end a line), read one at a time.

    `_BadCsv` on a line longer than MAX_LINE_BYTES (never read whole), on bytes that
    are not UTF-8 and on a NUL byte.
    """
    line = 1
    first = True
    while True:
        chunk = handle.readline(MAX_LINE_BYTES + 1)
        if not chunk:
            return
        if first:
            first = False
            if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise _BadCsv(1, f"file is UTF-16, not UTF-8; {SAVE_AS}")
            if chunk.startswith(b"\xef\xbb\xbf"):
                chunk = chunk[3:]
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            raise _BadCsv(line, f"line longer than {MAX_LINE_BYTES:,} bytes; this is not a scenario table")
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _BadCsv(
                line + _line_of(chunk, exc.start) - 1,
                f"not valid UTF-8 (byte 0x{chunk[exc.start]:02X}); the file looks like Windows-1252 "
                f"or Latin-1 (Excel 'CSV (point-virgule)'): {SAVE_AS}",
            ) from exc
        if "\x00" in text:
            raise _BadCsv(
                line + _line_of(text, text.index("\x00")) - 1,
                "contains a NUL byte; this is not a text CSV file",
            )
        for piece in io.StringIO(text, newline=""):
            yield piece
            line += 1


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


def _records(
    lines: Iterator[str], delimiter: str, first_line: int, path: Path, log: IssueLog
) -> Iterator[tuple[int, list[str] | None]]:
    """(first physical line, cells) per record; cells None for a malformed record, which is
    reported and skipped so that the file's other problems are still found."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    offset = first_line - 1
    line = first_line
    while True:
        start = line
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = offset + reader.line_num + 1
            problem = str(exc)
            if "field larger than field limit" in problem:
                problem = f"a cell longer than {MAX_LINE_BYTES:,} characters (an unclosed quote?)"
            log.error(path, start, f"malformed CSV record: {problem} (check the quotes on this line)")
            yield start, None
            continue
        line = offset + reader.line_num + 1
        yield start, record


def _open(path: Path, log: IssueLog) -> BinaryIO | None:
    if path.exists() and not path.is_dir() and not path.is_file():
        log.error(path, 1, "is not a regular file (a pipe or a device?)")
        return None
    try:
        return path.open("rb")
    except FileNotFoundError:
        log.error(path, 1, "required file is missing")
    except IsADirectoryError:
        log.error(path, 1, "is a folder, not a file")
    except OSError as exc:
        log.error(path, 1, f"cannot be read: {exc.strerror or exc}")
    return None


def _columns(
    path: Path, line: int, header: list[str], required: Sequence[str], log: IssueLog
) -> list[str] | None:
    """Normalised column names (stripped, lower-case), or None when one is doubled or missing."""
    if len(header) > MAX_COLUMNS:
        log.error(path, line, f"the header has {len(header):,} columns (at most {MAX_COLUMNS:,})")
        return None
    columns = [name.strip().lstrip("\ufeff").strip().lower() for name in header]
    ok = True
    counts = Counter(name for name in columns if name)
    for name, count in counts.items():
        if count > 1:
            times = "twice" if count == 2 else f"{count:,} times"
            log.error(path, line, f"column '{name}' appears {times} in the header; keep one")
            ok = False
    listed = ", ".join(c for c in columns if c) or "nothing"
    for name in required:
        if name not in counts:
            log.error(path, line, f"missing column '{name}' (header has: {listed})")
            ok = False
    return columns if ok else None


def _rows(
    path: Path,
    records: Iterator[tuple[int, list[str] | None]],
    columns: list[str],
    known: set[str],
    delimiter: str,
    log: IssueLog,
    skipped: list[int],
) -> tuple[list[Row], list[Row]]:
    """(data rows, rejected rows); blank records are skipped, records with extra fields or
    control characters in a known column reported (and rejected)."""
    rows: list[Row] = []
    rejected: list[Row] = []
    width = len(columns)
    count = 0
    for line, record in records:
        if record is None:
            skipped.append(line)
            continue
        if not any(cell.strip() for cell in record):
            continue
        count += 1
        if count > MAX_RECORDS:
            log.error(path, line, f"more than {MAX_RECORDS:,} records; the rest of the file is not read")
            skipped.append(line)
            break
        cells = {
            name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(columns) if name
        }
        bad = False
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            hint = (
                " (a decimal comma, or a comma in a text that is not in quotes?)" if delimiter == "," else ""
            )
            log.error(path, line, f"{len(record)} fields but the header has {width}{hint}")
            bad = True
        for name, value in cells.items():
            problem = control_character_problem(value) if name in known else None
            if problem:
                log.error(path, line, f"column '{name}': {problem}")
                bad = True
        (rejected if bad else rows).append(Row(line, cells))
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
    The file is read line by line, within the bounds above.
    """
    handle = _open(path, log)
    if handle is None:
        return None
    with handle:
        lines = _physical_lines(handle)
        try:
            found = next(((i, text) for i, text in enumerate(lines) if text.strip(" \t\r\n,;")), None)
            if found is None:
                log.error(path, 1, f"file is empty; expected at least the header {','.join(required)}")
                return None
            header_index, header_line = found
            delimiter = _pick_delimiter(header_line.rstrip("\r\n"), [*required, *optional])
            if delimiter is None:
                log.error(
                    path,
                    header_index + 1,
                    f"cannot tell whether the separator is ',' or ';' (the header uses both); {SAVE_AS}",
                )
                return None
            records = _records(itertools.chain([header_line], lines), delimiter, header_index + 1, path, log)
            start, header = next(records)
            if header is None:
                return None
            columns = _columns(path, start, header, required, log)
            if columns is None:
                return None
            known = {name.lower() for name in (*required, *optional)}
            skipped: list[int] = []
            rows, rejected = _rows(path, records, columns, known, delimiter, log, skipped)
        except _BadCsv as exc:
            log.error(path, exc.line, str(exc))
            return None
    return Table(path, tuple(columns), tuple(rows), delimiter, tuple(rejected), bool(skipped))
