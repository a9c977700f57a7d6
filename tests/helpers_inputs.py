"""Helpers for the input-robustness tests: copy a golden scenario, edit its files, run the CLI."""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from roster.cli import app

GOLDEN = Path(__file__).parent / "golden"
NOT_SCENARIO = ("expected.json",)


def copy_golden(name: str, dest: Path) -> Path:
    """A copy of `tests/golden/<name>` at `dest`, without the files the scenario format ignores."""
    shutil.copytree(GOLDEN / name, dest, ignore=shutil.ignore_patterns(*NOT_SCENARIO))
    return dest


def read_rows(path: Path) -> list[list[str]]:
    """A comma-separated UTF-8 CSV as a list of records (header first)."""
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> None:
    """Write records as CSV (minimal quoting) with the given separator and line ending."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def set_cell(folder: Path, file: str, line: int, column: str, value: str) -> None:
    """Overwrite one cell; `line` is the physical line (1 is the header) of a one-line-per-record file."""
    path = folder / file
    rows = read_rows(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def drop_column(folder: Path, file: str, column: str) -> None:
    path = folder / file
    rows = read_rows(path)
    index = rows[0].index(column)
    write_rows(path, [[cell for i, cell in enumerate(row) if i != index] for row in rows])


def append_row(folder: Path, file: str, values: dict[str, str]) -> int:
    """Append a record (missing columns empty); return its line number."""
    path = folder / file
    rows = read_rows(path)
    rows.append([values.get(name, "") for name in rows[0]])
    write_rows(path, rows)
    return len(rows)


def edit_toml(folder: Path, key: str, value: str) -> None:
    """Replace the line `key = ...` of scenario.toml by `key = value` (append it if absent)."""
    path = folder / "scenario.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, text in enumerate(lines):
        if text.split("=")[0].strip() == key:
            lines[i] = f"{key} = {value}"
            break
    else:
        lines.append(f"{key} = {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Run:
    """What a CLI invocation produced."""

    exit_code: int
    output: str
    exception: BaseException | None

    @property
    def crashed(self) -> bool:
        """An uncaught exception (anything but the normal exit) or a printed traceback."""
        unexpected = self.exception is not None and not isinstance(self.exception, SystemExit)
        return unexpected or "Traceback" in self.output


def run_cli(*args: str) -> Run:
    """Invoke `roster` in-process; `output` mixes stdout and stderr as a terminal shows them."""
    result = CliRunner().invoke(app, list(args))
    return Run(result.exit_code, result.output, result.exception)


def flat(text: str) -> str:
    """Console output with line wrapping undone, for substring checks on long messages."""
    return " ".join(text.split())
