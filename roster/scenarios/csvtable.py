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

    @property
    def french_excel(self) -> bool:
        return self.delimiter == ";"

    def number_text(self, text: str) -> str:
        """A numeric cell normalised: decimal comma accepted in `;` files, spaces dropped."""
        text = text.strip().translate(_SPACES)
        if self.french_excel and _DECIMAL_COMMA.match(text):
            return text.replace(",", ".")
        return text


def _decode(path: Path, raw: bytes, log: IssueLog) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        log.error(path, 1, "file is UTF-16; save it as 'CSV UTF-8 (comma delimited)'")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        log.error(
            path,
            line,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02X}); the file looks like Windows-1252 "
            "or Latin-1: save it as 'CSV UTF-8 (comma delimited)'",
        )
        return None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        log.error(path, line, "contains a NUL byte; this is not a text CSV file")
        return None
    return text


def _pick_delimiter(header_line: str, known: Sequence[str]) -> str | None:
    """The separator whose split of the header names the most known columns."""
    wanted = {name.lower() for name in known}
    scores = {}
    for delimiter in (",", ";", "\t"):
        names = next(csv.reader([header_line], delimiter=delimiter), [])
        scores[delimiter] = sum(1 for n in names if n.strip().lower() in wanted)
    best = max(scores.values())
    winners = [d for d, s in scores.items() if s == best]
    if best == 0:
        return ","
    return winners[0] if len(winners) == 1 else None


class _BadCsv(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, cells) per record; `_BadCsv` on a malformed record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    while True:
        start = line
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _BadCsv(start, str(exc)) from exc
        line = reader.line_num + 1
        yield start, record


def read_table(
    path: Path,
    required: Sequence[str],
    optional: Sequence[str],
    log: IssueLog,
) -> Table | None:
    """Parse `path`; report problems to `log` and return None when it cannot be used."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        log.error(path, 1, "required file is missing")
        return None
    except OSError as exc:
        log.error(path, 1, f"cannot be read: {exc.strerror or exc}")
        return None
    text = _decode(path, raw, log)
    if text is None:
        return None
    lines = text.splitlines()
    header_index = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if header_index is None:
        log.error(path, 1, f"file is empty; expected the header {','.join(required)}")
        return None
    delimiter = _pick_delimiter(lines[header_index], [*required, *optional])
    if delimiter is None:
        log.error(
            path,
            header_index + 1,
            "cannot tell whether the separator is ',' or ';'; save the file as 'CSV UTF-8 (comma delimited)'",
        )
        return None
    records = _records(text, delimiter)
    try:
        for start, header in records:  # noqa: B007 - start is the header line below
            if any(cell.strip() for cell in header):
                break
        else:  # pragma: no cover - header_index guarantees a non-blank line
            return None
        columns = [name.strip().lstrip("\ufeff").lower() for name in header]
        ok = True
        seen: set[str] = set()
        for name in columns:
            if name and name in seen:
                log.error(path, start, f"column '{name}' appears twice in the header")
                ok = False
            seen.add(name)
        missing = [name for name in required if name not in seen]
        for name in missing:
            log.error(
                path,
                start,
                f"missing column '{name}' (header has: {', '.join(c for c in columns if c)})",
            )
        if missing or not ok:
            return None
        rows: list[Row] = []
        width = len(columns)
        for line, record in records:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > width and any(cell.strip() for cell in record[width:]):
                hint = " (a decimal comma or an unquoted comma in a text?)" if delimiter == "," else ""
                log.error(path, line, f"{len(record)} fields but the header has {width}{hint}")
                continue
            cells = {
                name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(columns) if name
            }
            rows.append(Row(line, cells))
    except _BadCsv as exc:
        log.error(path, exc.line, f"malformed CSV record: {exc}")
        return None
    return Table(path, tuple(columns), tuple(rows), delimiter)
