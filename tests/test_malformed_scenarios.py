"""Malformed scenarios: each defect is refused with its file and line, exit 2, and nothing written.

Every case starts from a copy of a golden scenario and applies exactly one defect. The
CLI runs with the scenario's parent as working directory, so the printed paths stay
short (`scn/zones.csv:4: ...`) and no console wrapping can split them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers_inputs import (
    GOLDEN,
    copy_golden,
    drop_column,
    edit_toml,
    flat,
    read_rows,
    run_cli,
    set_cell,
    write_rows,
)

from roster.scenarios import ScenarioError, load_scenario

Edit = Callable[[Path], None]


@dataclass(frozen=True)
class Defect:
    """One defect applied to a golden copy, and where the loader must point."""

    id: str
    edit: Edit
    file: str
    line: int
    words: tuple[str, ...] = ()
    golden: str = "occitanie-small"
    count: int = 1  # problems reported in all; a defect must not echo through the files that refer to it


def cell(file: str, line: int, column: str, value: str) -> Edit:
    return lambda folder: set_cell(folder, file, line, column, value)


def remove(file: str) -> Edit:
    return lambda folder: (folder / file).unlink()


def content(file: str, data: bytes) -> Edit:
    return lambda folder: (folder / file).write_bytes(data)


def toml(key: str, value: str) -> Edit:
    return lambda folder: edit_toml(folder, key, value)


def copy_id(file: str, column: str, source_line: int, target_line: int) -> Edit:
    """Give the record on `target_line` the id of the one on `source_line`."""

    def apply(folder: Path) -> None:
        rows = read_rows(folder / file)
        set_cell(folder, file, target_line, column, rows[source_line - 1][rows[0].index(column)])

    return apply


def blank_line_then(file: str, after_line: int, edit: Edit) -> Edit:
    """Insert an empty line after `after_line`, then apply `edit` (whose lines are the new ones)."""

    def apply(folder: Path) -> None:
        path = folder / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines.insert(after_line, "\n")
        path.write_text("".join(lines), encoding="utf-8")
        edit(folder)

    return apply


def multiline_name_then_bad_capacity(folder: Path) -> None:
    """A quoted name spanning two physical lines (sites.csv record 2), then a bad capacity on record 3."""
    path = folder / "sites.csv"
    rows = read_rows(path)
    rows[1][rows[0].index("name")] = "Maison de santé\nSéniergues"
    rows[2][rows[0].index("capacity")] = "beaucoup"
    write_rows(path, rows)


def extra_field(folder: Path) -> None:
    """zones.csv record on line 3 gets a decimal comma in a comma-separated file (one field too many)."""
    path = folder / "zones.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace(",1,1", ",1,5,1")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")


def replace_text(file: str, old: str, new: str) -> Edit:
    def apply(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


ZONES_HEADER = b"zone_id,name,department,population,priority,demand_days\n"
DEFECTS = [
    Defect("missing-zones", remove("zones.csv"), "zones.csv", 1, ("missing",)),
    Defect("missing-availability", remove("availability.csv"), "availability.csv", 1, ("missing",)),
    Defect("missing-toml", remove("scenario.toml"), "scenario.toml", 1, ("missing",)),
    Defect("missing-doctors", remove("doctors.csv"), "doctors.csv", 1, ("missing",)),
    Defect("missing-sites", remove("sites.csv"), "sites.csv", 1, ("missing",)),
    Defect(
        "missing-column", lambda f: drop_column(f, "sites.csv", "capacity"), "sites.csv", 1, ("capacity",)
    ),
    Defect(
        "missing-person-column",
        lambda f: drop_column(f, "availability.csv", "person_id"),
        "availability.csv",
        1,
        ("person_id",),
    ),
    Defect("text-capacity", cell("sites.csv", 3, "capacity", "deux"), "sites.csv", 3, ("capacity", "deux")),
    Defect("empty-capacity", cell("sites.csv", 5, "capacity", ""), "sites.csv", 5, ("capacity",)),
    Defect("empty-site-id", cell("sites.csv", 6, "site_id", ""), "sites.csv", 6, ("site_id",)),
    Defect("unknown-zone", cell("sites.csv", 4, "zone_id", "999999999"), "sites.csv", 4, ("zone_id",)),
    Defect("unknown-practice", cell("doctors.csv", 5, "practice_id", "P9999"), "doctors.csv", 5, ("P9999",)),
    Defect(
        "unknown-person",
        cell("availability.csv", 6, "person_id", "D99999"),
        "availability.csv",
        6,
        ("D99999",),
    ),
    Defect(
        "duplicate-zone",
        copy_id("zones.csv", "zone_id", 2, 4),
        "zones.csv",
        4,
        ("duplicate", "zones.csv:2"),
        count=2,  # and the zone that lost its id is unknown to sites.csv
    ),
    Defect("duplicate-site", copy_id("sites.csv", "site_id", 3, 7), "sites.csv", 7, ("duplicate",)),
    Defect(
        "duplicate-practice",
        copy_id("practices.csv", "practice_id", 2, 9),
        "practices.csv",
        9,
        ("duplicate",),
        count=2,  # and the practice that lost its id is unknown to doctors.csv
    ),
    Defect(
        "duplicate-doctor-locum",
        cell("replacements.csv", 3, "replacement_id", "D00004"),
        "replacements.csv",
        3,
        ("duplicate", "doctors.csv:6"),
        count=14,  # and R0001's 13 availability rows now name an unknown person
    ),
    Defect(
        "date-outside-month",
        cell("availability.csv", 8, "date", "2025-11-03"),
        "availability.csv",
        8,
        ("outside", "2025-10"),
    ),
    Defect(
        "malformed-date", cell("availability.csv", 9, "date", "2025-10-32"), "availability.csv", 9, ("date",)
    ),
    Defect(
        "month-first-date",  # JJ/MM/AAAA is accepted (spreadsheet_cells); 10/13/2025 only fits month first
        cell("availability.csv", 10, "date", "10/13/2025"),
        "availability.csv",
        10,
        ("MM/DD/YYYY", "JJ/MM/AAAA"),
    ),
    Defect("latitude-95", cell("sites.csv", 2, "latitude", "95"), "sites.csv", 2, ("latitude", "90")),
    Defect(
        "longitude-minus-200",
        cell("doctors.csv", 3, "longitude", "-200"),
        "doctors.csv",
        3,
        ("longitude", "-180"),
    ),
    Defect("negative-capacity", cell("sites.csv", 3, "capacity", "-1"), "sites.csv", 3, ("capacity",)),
    Defect("capacity-zero", cell("sites.csv", 8, "capacity", "0"), "sites.csv", 8, ("capacity", ">= 1")),
    Defect("negative-max-km", cell("doctors.csv", 4, "max_km", "-5"), "doctors.csv", 4, ("max_km",)),
    Defect(
        "french-weekday",
        cell("sites.csv", 5, "open_weekdays", "Lun Mar"),
        "sites.csv",
        5,
        ("open_weekdays", "Lun"),
    ),
    Defect("lodging-2", cell("sites.csv", 6, "lodging", "2"), "sites.csv", 6, ("lodging", "0 or 1")),
    Defect("priority-0", cell("zones.csv", 3, "priority", "0"), "zones.csv", 3, ("priority", "> 0")),
    Defect("population-negative", cell("zones.csv", 5, "population", "-3"), "zones.csv", 5, ("population",)),
    Defect(
        "demand-fraction",
        cell("zones.csv", 6, "demand_days", "1.5"),
        "zones.csv",
        6,
        ("demand_days", "whole"),
    ),
    Defect(
        "max-days-negative",
        cell("replacements.csv", 4, "max_days", "-1"),
        "replacements.csv",
        4,
        ("max_days",),
    ),
    Defect(
        "min-present-text",
        cell("practices.csv", 7, "min_present", "un"),
        "practices.csv",
        7,
        ("min_present",),
    ),
    Defect(
        "bad-toml", replace_text("scenario.toml", '"gen-5z-30d-s21"', '"gen'), "scenario.toml", 1, ("TOML",)
    ),
    Defect("month-13", toml("month", '"2025-13"'), "scenario.toml", 2, ("month", "YYYY-MM")),
    Defect(
        "month-missing",
        replace_text("scenario.toml", 'month = "2025-10"\n', ""),
        "scenario.toml",
        1,
        ("month",),
    ),
    Defect("holiday-bad", toml("holidays", '["2025-02-30"]'), "scenario.toml", 4, ("holidays",)),
    Defect("max-days-policy-negative", toml("max_days_per_doctor", "-1"), "scenario.toml", 3, ("max_days",)),
    Defect("road-factor-zero", toml("road_factor", "0"), "scenario.toml", 5, ("road_factor",)),
    Defect("road-factor-text", toml("road_factor", '"1,3"'), "scenario.toml", 5, ("road_factor",)),
    Defect(
        "unknown-from-id",
        cell("distances.csv", 5, "from_id", "D77777"),
        "distances.csv",
        5,
        ("from_id", "D77777"),
        golden="aura-distances",
    ),
    Defect(
        "unknown-to-id",
        cell("distances.csv", 7, "to_id", "S9999"),
        "distances.csv",
        7,
        ("to_id", "S9999"),
        golden="aura-distances",
    ),
    Defect(
        "negative-km",
        cell("distances.csv", 12, "km", "-3.5"),
        "distances.csv",
        12,
        ("km",),
        golden="aura-distances",
    ),
    Defect("empty-zones", content("zones.csv", b""), "zones.csv", 1, ("empty",)),
    Defect("blank-zones", content("zones.csv", b"\n\n  \n"), "zones.csv", 1, ("empty",)),
    Defect("header-only-zones", content("zones.csv", ZONES_HEADER), "sites.csv", 2, ("zone_id",), count=8),
    Defect("empty-doctors", content("doctors.csv", b""), "doctors.csv", 1, ("empty",)),
    Defect(
        "blank-line-counts",
        blank_line_then("zones.csv", 2, cell("zones.csv", 4, "priority", "-1")),
        "zones.csv",
        4,
        ("priority",),
    ),
    Defect(  # the line break itself is refused (a name goes to calendars), line numbers stay right
        "multiline-record",
        multiline_name_then_bad_capacity,
        "sites.csv",
        4,
        ("capacity", "beaucoup", "sites.csv:2: column 'name': contains a control character (U+000A)"),
        count=2,
    ),
    Defect("extra-field", extra_field, "zones.csv", 3, ("fields",)),
    Defect(
        "cp1252",
        lambda f: (f / "sites.csv").write_bytes((f / "sites.csv").read_bytes().decode().encode("cp1252")),
        "sites.csv",
        2,
        ("UTF-8",),
    ),
    Defect(
        "utf16",
        lambda f: (f / "zones.csv").write_bytes((f / "zones.csv").read_text().encode("utf-16")),
        "zones.csv",
        1,
        ("UTF-16",),
    ),
    Defect(
        "duplicate-header",
        replace_text("doctors.csv", "max_days,max_km", "max_days,max_days"),
        "doctors.csv",
        1,
        ("max_days",),
        count=2,  # 'max_days' twice and 'max_km' missing
    ),
    Defect(
        "stray-quote",
        replace_text("replacements.csv", "R0002,Remplaçant R0002", 'R0002,"Remplaçant" R0002'),
        "replacements.csv",
        4,
        ("CSV",),
    ),
]


def bad_record_then_duplicate(folder: Path) -> None:
    """zones.csv line 3 has a bad priority, and line 5 repeats its zone_id."""
    set_cell(folder, "zones.csv", 3, "priority", "haute")
    copy_id("zones.csv", "zone_id", 3, 5)(folder)


DEFECTS += [
    Defect(
        "iso-week-date",
        cell("availability.csv", 11, "date", "2025-W41-1"),
        "availability.csv",
        11,
        ("YYYY-MM-DD",),
    ),
    Defect(
        "duplicate-of-bad-record",
        bad_record_then_duplicate,
        "zones.csv",
        5,
        ("duplicate", "zones.csv:3"),
        count=3,  # the bad priority, the duplicate, and the zone that lost its id (unknown to sites.csv)
    ),
    Defect(
        "long-id",
        cell("doctors.csv", 7, "doctor_id", "D" * 300),
        "doctors.csv",
        7,
        ("at most 200",),
        count=8,  # and the 7 availability rows of D00005 now name an unknown person
    ),
    Defect(
        "bad-zone-is-still-a-zone",
        cell("zones.csv", 3, "demand_days", "beaucoup"),
        "zones.csv",
        3,
        ("demand_days", "whole number"),
    ),
    Defect(
        "bad-doctor-is-still-a-person",
        cell("doctors.csv", 2, "max_km", "loin"),
        "doctors.csv",
        2,
        ("max_km", "number"),
    ),
]


def toml_with_latin1_comment(folder: Path) -> None:
    """scenario.toml with a BOM and, on line 9, a comment saved in Windows-1252."""
    path = folder / "scenario.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes() + "# données\n".encode("cp1252"))


def line_endings(file: str, newline: bytes, edit: Edit) -> Edit:
    """Apply `edit`, then rewrite the file with other line endings (CRLF or a lone CR)."""

    def apply(folder: Path) -> None:
        edit(folder)
        path = folder / file
        path.write_bytes(path.read_bytes().replace(b"\n", newline))

    return apply


def french_excel(file: str, edit: Edit) -> Edit:
    """Apply `edit`, then save the file as French Excel does: BOM, `;`, decimal comma, CRLF."""

    def apply(folder: Path) -> None:
        edit(folder)
        path = folder / file
        rows = [[re.sub(r"^(-?\d+)\.(\d+)$", r"\1,\2", c) for c in row] for row in read_rows(path)]
        write_rows(path, rows, delimiter=";", newline="\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    return apply


def blank_lines_before_header(folder: Path) -> None:
    path = folder / "practices.csv"
    path.write_text("\n;;;\n" + path.read_text(encoding="utf-8"), encoding="utf-8")


DEFECTS += [
    Defect("toml-cp1252", toml_with_latin1_comment, "scenario.toml", 9, ("UTF-8", "0xE9")),
    Defect(
        "crlf", line_endings("sites.csv", b"\r\n", cell("sites.csv", 5, "lodging", "oui")), "sites.csv", 5
    ),
    Defect("cr-only", line_endings("zones.csv", b"\r", cell("zones.csv", 6, "priority", "")), "zones.csv", 6),
    Defect(
        "french-excel-bad-capacity",
        french_excel("sites.csv", cell("sites.csv", 4, "capacity", "1,5")),
        "sites.csv",
        4,
        ("capacity", "whole number"),
    ),
    Defect(
        "french-excel-bad-latitude",
        french_excel("doctors.csv", cell("doctors.csv", 9, "latitude", "43.5.1")),
        "doctors.csv",
        9,
        ("latitude", "43,5"),
    ),
    Defect(
        "blank-lines-before-header",
        lambda f: (blank_lines_before_header(f), set_cell(f, "doctors.csv", 2, "practice_id", "P0404")),
        "doctors.csv",
        2,
        ("P0404",),
    ),
    Defect(
        "blank-lines-before-header-then-bad-record",
        lambda f: (set_cell(f, "practices.csv", 4, "other_doctors", "-1"), blank_lines_before_header(f)),
        "practices.csv",
        6,
        ("other_doctors",),
    ),
]


def by_id(defects: list[Defect]) -> list:
    return [pytest.param(d, id=d.id) for d in defects]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as working directory: the CLI sees the scenario as `scn` and the planning as `plan`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def broken(defect: Defect, workdir: Path) -> Path:
    folder = copy_golden(defect.golden, workdir / "scn")
    defect.edit(folder)
    return folder


def test_there_are_enough_defects() -> None:
    assert len(DEFECTS) >= 20
    assert len({d.id for d in DEFECTS}) == len(DEFECTS)


@pytest.mark.parametrize("defect", by_id(DEFECTS))
def test_loader_names_file_and_line(defect: Defect, workdir: Path) -> None:
    folder = broken(defect, workdir)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    places = {(Path(i.path).name, i.line) for i in caught.value.issues}
    assert (defect.file, defect.line) in places, caught.value
    message = "\n".join(str(i) for i in caught.value.issues if Path(i.path).name == defect.file)
    for word in defect.words:
        assert word in message
    assert caught.value.total == defect.count, caught.value
    assert all(len(i.message) < 300 for i in caught.value.issues)


@pytest.mark.parametrize("defect", by_id(DEFECTS))
def test_solve_refuses_with_exit_2_and_writes_nothing(defect: Defect, workdir: Path) -> None:
    broken(defect, workdir)
    run = run_cli("solve", "scn", "--out", "plan", "--time-limit", "5", "--workers", "1")
    assert not run.crashed, run.output
    assert run.exit_code == 2, run.output
    assert f"scn{os.sep}{defect.file}:{defect.line}:" in run.output
    assert "nothing was written" in flat(run.output)
    assert not (workdir / "plan").exists()
    assert sorted(p.name for p in workdir.iterdir()) == ["scn"]


@pytest.mark.parametrize("defect", by_id(DEFECTS))
def test_validate_refuses_with_exit_2(defect: Defect, workdir: Path) -> None:
    broken(defect, workdir)
    run = run_cli("validate", "scn")
    assert not run.crashed, run.output
    assert run.exit_code == 2, run.output
    assert f"scn{os.sep}{defect.file}:{defect.line}:" in run.output


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()))
def test_validate_accepts_the_goldens(name: str) -> None:
    run = run_cli("validate", str(GOLDEN / name))
    assert run.exit_code == 0, run.output
    assert "valid" in run.output


@pytest.mark.parametrize(
    "file",
    ["availability.csv", "replacements.csv", "practices.csv", "distances.csv"],
)
def test_header_only_tables_are_valid(file: str, workdir: Path) -> None:
    folder = copy_golden("rules-bind", workdir / "scn")
    columns = {
        "availability.csv": "person_id,date",
        "replacements.csv": "replacement_id,name,latitude,longitude,max_days,max_km",
        "practices.csv": "practice_id,name,latitude,longitude,open_weekdays,min_present,other_doctors",
        "distances.csv": "from_id,to_id,km",
    }[file]
    if file == "practices.csv":
        for line in range(2, 6):
            set_cell(folder, "doctors.csv", line, "practice_id", "")
    if file == "replacements.csv":
        rows = read_rows(folder / "availability.csv")
        write_rows(folder / "availability.csv", [row for row in rows if row[0] != "R1"])
    (folder / file).write_text(columns + "\n", encoding="utf-8")
    run = run_cli("validate", "scn")
    assert run.exit_code == 0, run.output


def test_every_problem_in_every_file_is_reported_in_one_run(workdir: Path) -> None:
    folder = copy_golden("occitanie-small", workdir / "scn")
    edits = [
        cell("zones.csv", 4, "priority", "0"),
        cell("sites.csv", 3, "capacity", "-2"),
        cell("sites.csv", 7, "zone_id", "000"),
        cell("doctors.csv", 10, "latitude", "95"),
        cell("doctors.csv", 10, "max_km", "loin"),
        cell("replacements.csv", 2, "max_km", "-1"),
        cell("practices.csv", 5, "open_weekdays", "Lun"),
        cell("availability.csv", 20, "date", "2025-09-30"),
        cell("availability.csv", 40, "person_id", "X1"),
        toml("road_factor", "-1"),
    ]
    for edit in edits:
        edit(folder)
    expected = [
        "zones.csv:4:",
        "sites.csv:3:",
        "sites.csv:7:",
        "replacements.csv:2:",
        "practices.csv:5:",
        "availability.csv:20:",
        "availability.csv:40:",
        "scenario.toml:5:",
    ]
    run = run_cli("solve", "scn", "--out", "plan")
    assert run.exit_code == 2, run.output
    for where in expected:
        assert f"scn{os.sep}{where}" in run.output, where
    doctor_lines = [ln for ln in run.output.splitlines() if "doctors.csv:10:" in ln]
    assert len(doctor_lines) == 2, run.output  # latitude and max_km, both on the same record
    assert "10 problems in the scenario" in flat(run.output)
    assert not (workdir / "plan").exists()


def test_an_existing_planning_is_left_untouched_on_bad_input(workdir: Path) -> None:
    folder = copy_golden("rules-bind", workdir / "scn")
    set_cell(folder, "sites.csv", 2, "capacity", "-1")
    plan = workdir / "plan"
    plan.mkdir()
    (plan / "assignments.csv").write_text("date,doctor_id,site_id,zone_id,km\n", encoding="utf-8")
    before = sorted(p.name for p in workdir.iterdir())
    run = run_cli("solve", "scn", "--out", "plan")
    assert run.exit_code == 2
    assert sorted(p.name for p in workdir.iterdir()) == before
    assert sorted(p.name for p in plan.iterdir()) == ["assignments.csv"]


ROSTER = Path(sys.executable).with_name("roster")


@pytest.mark.skipif(not ROSTER.exists(), reason="console script not installed")
@pytest.mark.parametrize(
    "defect", by_id([d for d in DEFECTS if d.id in ("unknown-zone", "bad-toml", "cp1252")])
)
def test_console_script_exit_2_without_traceback(defect: Defect, workdir: Path) -> None:
    broken(defect, workdir)
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("ROSTER_DEBUG", None)
    proc = subprocess.run(
        [str(ROSTER), "solve", "scn", "--out", "plan", "--quiet"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"scn{os.sep}{defect.file}:{defect.line}:" in proc.stderr
    assert not (workdir / "plan").exists()
