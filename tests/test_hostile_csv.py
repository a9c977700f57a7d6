"""Hostile CSV inputs (issue 14: H1, L1, L18, L19, M3, M9, L3, L15): bounded work and memory,
grouped and capped messages, file:line for every refusal, exit 2 and nothing written."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roster.scenarios import ScenarioError, load_scenario
from roster.scenarios.csvtable import MAX_COLUMNS, MAX_LINE_BYTES
from roster.scenarios.errors import SHOWN_PER_KIND, SHOWN_TOTAL, IssueLog
from tests.helpers_inputs import copy_golden, edit_toml, flat, read_rows, run_cli, set_cell, write_rows

AS_LIMIT = 1536 * 1024 * 1024  # 1.5 GB of address space for the child
RSS_BOUND_MB = 400


@pytest.fixture
def scn(tmp_path: Path) -> Path:
    return copy_golden("occitanie-small", tmp_path / "scn")


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(folder: Path, *args: str) -> str:
    """Run `roster validate`/`solve` expecting exit 2 and nothing written anywhere next to it."""
    before = sorted(p.name for p in folder.parent.iterdir())
    inputs = files_of(folder)
    run = run_cli(*args)
    assert run.exit_code == 2, run.output
    assert not run.crashed, run.output
    assert sorted(p.name for p in folder.parent.iterdir()) == before
    assert files_of(folder) == inputs
    return flat(run.output)


def write_huge_header(path: Path, megabytes: int) -> None:
    """`person_id,date` then `,c` repeated: one header line of `megabytes` MB, streamed to disk."""
    chunk = b",c" * (512 * 1024)  # 1 MB
    with path.open("wb") as handle:
        handle.write(b"person_id,date")
        for _ in range(megabytes):
            handle.write(chunk)
        handle.write(b"\nD00001,2025-10-01\n")


MEASURE = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from roster.cli import main
sys.argv = ["roster", "validate", {folder!r}]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("megabytes", [2, 100])
def test_huge_header_is_refused_in_bounded_memory_and_time(scn: Path, megabytes: int) -> None:
    """H1: a 100 MB availability.csv header grew `validate` to 22 GB; now refused at once."""
    write_huge_header(scn / "availability.csv", megabytes)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE.format(limit=AS_LIMIT, folder=str(scn))],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )
    elapsed = time.perf_counter() - started
    assert done.returncode == 2, done.stderr
    rss_mb = int(done.stderr.split("MAXRSS_KB")[1].split()[0]) / 1024
    assert rss_mb < RSS_BOUND_MB, f"peak RSS {rss_mb:.0f} MB"
    assert f"availability.csv:1: line longer than {MAX_LINE_BYTES:,} bytes" in flat(done.stderr)
    assert len(done.stderr.splitlines()) < 10
    assert elapsed < 60


def test_repeated_header_names_are_grouped(scn: Path) -> None:
    """H1, smaller: 998 copies of one column give one message with the count."""
    path = scn / "availability.csv"
    rows = read_rows(path)
    write_rows(path, [rows[0] + ["c"] * 998, *rows[1:]])
    out = refused(scn, "validate", str(scn))
    assert "availability.csv:1: column 'c' appears 998 times in the header; keep one" in out
    assert out.count("appears") == 1


def test_too_many_columns_are_refused(scn: Path) -> None:
    path = scn / "availability.csv"
    rows = read_rows(path)
    write_rows(path, [rows[0] + [f"c{i}" for i in range(MAX_COLUMNS)], *rows[1:]])
    out = refused(scn, "validate", str(scn))
    assert f"availability.csv:1: the header has {MAX_COLUMNS + 2:,} columns (at most {MAX_COLUMNS:,})" in out


def test_a_long_data_line_is_refused_without_reading_it_whole(scn: Path) -> None:
    path = scn / "doctors.csv"
    lines = path.read_bytes().split(b"\n")
    lines.insert(3, b"x" * (3 * MAX_LINE_BYTES))
    path.write_bytes(b"\n".join(lines))
    out = refused(scn, "validate", str(scn))
    assert f"doctors.csv:4: line longer than {MAX_LINE_BYTES:,} bytes" in out


def test_error_list_is_grouped_and_capped(scn: Path) -> None:
    """L1: 20,000 unknown persons give a few examples and one count, not 20,000 lines."""
    path = scn / "availability.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(f"GHOST{i},2025-10-01\n" for i in range(20_000))
    started = time.perf_counter()
    run = run_cli("validate", str(scn))
    assert run.exit_code == 2
    out = flat(run.output)
    assert out.count("unknown person") == SHOWN_PER_KIND
    assert "... and 19,995 more like this" in out
    assert "20,000 problems in the scenario; nothing was written." in out
    assert len(run.output.splitlines()) < 3 * SHOWN_PER_KIND
    assert time.perf_counter() - started < 30


def test_issue_log_caps_distinct_problems_in_all() -> None:
    log = IssueLog()
    for i in range(5000):
        log.error("f.csv", i + 2, f"problem kind {'x' * (i % 700)}")
    shown = log.issues
    assert len(shown) <= SHOWN_TOTAL + 1 + SHOWN_TOTAL  # kept + their counts + one "not shown"
    assert log.error_count == 5000
    assert shown[-1].message.endswith("more problem(s) not shown")


def test_duplicate_availability_rows_are_warned_and_grouped(scn: Path) -> None:
    """L18: duplicates were accepted silently; now one warning per kind and a count."""
    path = scn / "availability.csv"
    first = read_rows(path)[1]
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(f"{first[0]},{first[1]}\n" for _ in range(1000))
    run = run_cli("validate", str(scn))
    assert run.exit_code == 0, run.output
    out = flat(run.output)
    assert out.count(f"duplicate row ({first[0]}, {first[1]}) is ignored") == SHOWN_PER_KIND
    assert "... and 995 more like this" in out


def test_a_malformed_record_does_not_hide_the_other_errors(scn: Path) -> None:
    """L19: a stray quote in sites.csv used to stop the reading of that file."""
    set_cell(scn, "sites.csv", 4, "capacity", "beaucoup")
    path = scn / "sites.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",", ',"x"y,', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = refused(scn, "validate", str(scn))
    assert "sites.csv:2: malformed CSV record" in out
    assert "sites.csv:4: column 'capacity': must be a whole number, got 'beaucoup'" in out


def test_a_lone_cr_in_a_quoted_id_is_refused(scn: Path) -> None:
    """M3: a CR inside a quoted id passed validate and broke every later reading."""
    path = scn / "doctors.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    ident, rest = lines[1].split(",", 1)
    lines[1] = f'"{ident[:2]}\r{ident[2:]}",{rest}'
    path.write_text("\n".join(lines), encoding="utf-8", newline="")
    out = refused(scn, "validate", str(scn))
    assert "doctors.csv:2: column 'doctor_id': contains a control character (U+000D); remove it" in out


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1b", "\x07", "\x85", "\x7f"])
def test_control_characters_in_names_are_refused(scn: Path, char: str) -> None:
    """L2/L16: VT, FF, ESC, BEL, C1 and DEL in names reached .ics and explain.md raw."""
    set_cell(scn, "sites.csv", 3, "name", f"Maison{char}[31mde santé")
    out = refused(scn, "validate", str(scn))
    assert f"sites.csv:3: column 'name': contains a control character (U+{ord(char):04X})" in out


@pytest.mark.parametrize("name", ['"Essai\\nbis"', '"Essai\\u001b[2J"'])
def test_control_characters_in_the_scenario_name_are_refused(scn: Path, name: str) -> None:
    """M9/L14: a newline in the name made `solve --export ics` crash; ESC reached the terminal."""
    edit_toml(scn, "name", name)
    out = refused(scn, "solve", str(scn), "--out", str(scn.parent / "plan"), "--export", "ics")
    assert "scenario.toml:1: 'name': contains a control character" in out
    assert "\x1b" not in out


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_ids_cannot_start_like_a_formula(scn: Path, start: str) -> None:
    """M2: such ids were written verbatim into planning CSVs meant for a spreadsheet."""
    rows = read_rows(scn / "zones.csv")
    old = rows[1][0]
    set_cell(scn, "zones.csv", 2, "zone_id", f"{start}HYPERLINK(1)")
    out = refused(scn, "validate", str(scn))
    assert f"zones.csv:2: column 'zone_id': must not start with '{start}'" in out
    assert old  # the sites of that zone are then reported as unknown zone, not a crash


@pytest.mark.parametrize("month", ['"9999-12"', '"0000-01"'])
def test_months_out_of_range_are_refused(scn: Path, month: str) -> None:
    """L3: 9999-12 and 0000-01 passed validate and crashed later."""
    edit_toml(scn, "month", month)
    out = refused(scn, "validate", str(scn))
    assert "scenario.toml" in out and "the year of month must be between 1900 and 2200" in out


def test_deeply_nested_toml_is_refused(scn: Path) -> None:
    """L3: a 100k-deep TOML was an internal error."""
    path = scn / "scenario.toml"
    path.write_text(path.read_text(encoding="utf-8") + "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    out = refused(scn, "validate", str(scn))
    assert "scenario.toml:1: bad TOML: nested too deeply" in out


@pytest.mark.parametrize(("file", "line", "column", "value"), [
    ("zones.csv", 2, "priority", "4_3.5"),
    ("doctors.csv", 3, "max_days", "1_0"),
])  # fmt: skip
def test_underscores_in_numbers_are_refused(scn: Path, file: str, line: int, column: str, value: str) -> None:
    """L15: `4_3.5` was read as 43.5."""
    set_cell(scn, file, line, column, value)
    out = refused(scn, "validate", str(scn))
    assert f"{file}:{line}: column '{column}': must be a number" in out and repr(value) in out


def test_underscores_in_distances_are_refused(tmp_path: Path) -> None:
    scn = copy_golden("aura-distances", tmp_path / "scn")
    set_cell(scn, "distances.csv", 2, "km", "1_2.5")
    out = refused(scn, "validate", str(scn))
    assert "distances.csv:2: column 'km': must be a number" in out and "'1_2.5'" in out


def test_too_many_records_are_refused(scn: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import roster.scenarios.csvtable as csvtable

    monkeypatch.setattr(csvtable, "MAX_RECORDS", 10)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scn)
    assert any("more than 10 records" in str(i) for i in caught.value.issues)


def test_child_limits_are_what_the_test_sets() -> None:
    """The memory test means something only if RLIMIT_AS can be set on this machine."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    assert hard == resource.RLIM_INFINITY or hard >= AS_LIMIT


@pytest.mark.parametrize("name", ["availability.csv", "scenario.toml"])
def test_a_device_or_a_pipe_is_refused(scn: Path, name: str) -> None:
    """A file that never ends (/dev/zero) or never starts (a pipe nobody writes) is not read."""
    (scn / name).unlink()
    (scn / name).symlink_to("/dev/zero")
    run = run_cli("validate", str(scn))
    assert run.exit_code == 2
    assert f"{name}:1: is not a regular file" in flat(run.output)
    (scn / name).unlink()
    os.mkfifo(scn / name)
    run = run_cli("validate", str(scn))
    assert run.exit_code == 2 and f"{name}:1: is not a regular file" in flat(run.output)


def test_a_long_file_is_read_only_up_to_its_bound(scn: Path) -> None:
    (scn / "scenario.toml").write_text("# " + "x" * (1 << 20) + "\n")
    run = run_cli("validate", str(scn))
    assert run.exit_code == 2 and "scenario.toml:1: larger than 1,048,576 bytes" in flat(run.output)


def test_an_endless_summary_is_refused(tmp_path: Path) -> None:
    from roster.verify.planning_files import read_planning

    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "summary.json").symlink_to("/dev/zero")
    _, log = read_planning(folder)
    assert any("summary.json:1: larger than" in str(i) for i in log.issues)
