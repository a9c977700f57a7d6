"""Input fuzzing: mutated scenarios either load (and then solve and verify) or are refused cleanly.

A refusal is exit status 2 with `file:line: message` problems and no output folder;
anything else (a traceback, exit 1 on bad input, a folder written) fails. The French
Excel dialect (`;` separator, decimal comma, CRLF, BOM) loads into exactly the same
scenario as the original. Hypothesis runs are bounded so the file takes about a minute.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_inputs import GOLDEN, copy_golden, flat, run_cli
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from roster.scenarios import ScenarioError, load_scenario

Files = dict[str, bytes]

TINY = "rules-bind"
TINY_DISTANCES = b"from_id,to_id,km\nD1,S_RIS,25.0\nD3,S_CMG,70.5\nR1,P_NOG,0\n"
EXAMPLES = int(os.environ.get("ROSTER_FUZZ_EXAMPLES", "80"))  # raise it for a deeper local run
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ID_COLUMNS = {
    "zones.csv": "zone_id",
    "sites.csv": "site_id",
    "practices.csv": "practice_id",
    "doctors.csv": "doctor_id",
    "replacements.csv": "replacement_id",
    "availability.csv": "person_id",
}
REFERENCES = {
    "sites.csv": "zone_id",
    "doctors.csv": "practice_id",
    "availability.csv": "person_id",
    "distances.csv": "from_id",
}
ODD_VALUES = [
    "",
    " ",
    "abc",
    "é",
    "-1",
    "0",
    "1.5",
    "43,5",
    "1e308",
    "-1e308",
    "1e309",
    "99999999999999999999",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "0x10",
    "1_000",
    "2025-10-01",
    "2025-10-32",
    "2025-11-01",
    "2025-W41-1",
    "01/10/2025",
    "Mon",
    "Lun",
    "Mon,Tue",
    "1",
    "2",
    '"',
    ";",
    ",",
    "\n",
    "x" * 300,
    "1000000",
    "0.000001",
    "1e-300",
    "100000",
    "90",
    "-180",
    " 1 ",
]
TOML_VALUES = [
    '"2025-13"',
    '"2025-10"',
    '"2025-02"',
    "2025-10-01",
    "-1",
    "0",
    "1e400",
    "nan",
    "inf",
    "99999999999999999999",
    '"x"',
    "[1, 2]",
    '["2025-10-01", "2025-02-30"]',
    "[]",
    "true",
    "{ a = 1 }",
    '"',
    "",
]


# --- reading and writing the files of a scenario in memory ------------------------------------------


def golden_files(name: str) -> Files:
    folder = GOLDEN / name
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != "expected.json"}


def parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def unparse(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def as_french_excel(data: bytes) -> bytes:
    """What French Excel writes for 'CSV UTF-8': BOM, `;`, decimal comma, CRLF."""
    rows = [[re.sub(r"^(-?\d+)\.(\d+)$", r"\1,\2", c) for c in row] for row in parse(data)]
    return codecs.BOM_UTF8 + unparse(rows, delimiter=";", newline="\r\n")


def write_folder(folder: Path, files: Files) -> None:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)


def csv_names(files: Files) -> list[str]:
    return sorted(n for n in files if n.endswith(".csv"))


# --- mutations ---------------------------------------------------------------------------------------

Draw = Callable[..., object]


def _editable(files: Files, name: str) -> list[list[str]] | None:
    try:
        rows = parse(files[name])
    except (UnicodeDecodeError, csv.Error, KeyError):
        return None
    return rows if len(rows) > 1 and rows[0] else None


def mutate_cell(draw: Draw, files: Files) -> str:
    name = draw(st.sampled_from(csv_names(files)))
    rows = _editable(files, name)
    if rows is None:
        return "noop"
    row = draw(st.integers(1, len(rows) - 1))
    column = draw(st.integers(0, len(rows[0]) - 1))
    value = draw(st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=12)))
    rows[row] += [""] * (len(rows[0]) - len(rows[row]))
    rows[row][column] = value
    files[name] = unparse(rows)
    return f"cell {name}:{row + 1}:{rows[0][column]}={value!r}"


def duplicate_id(draw: Draw, files: Files) -> str:
    name = draw(st.sampled_from([n for n in ID_COLUMNS if n in files]))
    rows = _editable(files, name)
    if rows is None or ID_COLUMNS[name] not in rows[0] or len(rows) < 3:
        return "noop"
    column = rows[0].index(ID_COLUMNS[name])
    src, dst = draw(st.integers(1, len(rows) - 1)), draw(st.integers(1, len(rows) - 1))
    if column < len(rows[src]) and column < len(rows[dst]):
        rows[dst][column] = rows[src][column]
    files[name] = unparse(rows)
    return f"duplicate id {name}:{dst + 1}"


def dangling_reference(draw: Draw, files: Files) -> str:
    name = draw(st.sampled_from([n for n in REFERENCES if n in files]))
    rows = _editable(files, name)
    if rows is None or REFERENCES[name] not in rows[0]:
        return "noop"
    column = rows[0].index(REFERENCES[name])
    row = draw(st.integers(1, len(rows) - 1))
    if column < len(rows[row]):
        rows[row][column] = draw(st.sampled_from(["NOPE", "", "D1 ", "d1", "Z" * 250]))
    files[name] = unparse(rows)
    return f"dangling {name}:{row + 1}"


def shift_date(draw: Draw, files: Files) -> str:
    rows = _editable(files, "availability.csv")
    if rows is None or "date" not in rows[0]:
        return "noop"
    column = rows[0].index("date")
    row = draw(st.integers(1, len(rows) - 1))
    days = draw(st.integers(-70, 70))
    try:
        rows[row][column] = (dt.date.fromisoformat(rows[row][column]) + dt.timedelta(days=days)).isoformat()
    except (ValueError, IndexError):
        return "noop"
    files["availability.csv"] = unparse(rows)
    return f"date availability.csv:{row + 1} {days:+d} days"


def reshape(draw: Draw, files: Files) -> str:
    """Drop or double a record, or drop a column."""
    name = draw(st.sampled_from(csv_names(files)))
    rows = _editable(files, name)
    if rows is None:
        return "noop"
    kind = draw(st.sampled_from(["drop-row", "double-row", "drop-column"]))
    index = draw(st.integers(1, len(rows) - 1))
    if kind == "drop-row":
        del rows[index]
    elif kind == "double-row":
        rows.insert(index, list(rows[index]))
    else:
        column = index % len(rows[0])
        rows = [[c for i, c in enumerate(r) if i != column] for r in rows]
    files[name] = unparse(rows)
    return f"{kind} {name}"


def mutate_toml(draw: Draw, files: Files) -> str:
    if "scenario.toml" not in files:
        return "noop"
    lines = files["scenario.toml"].decode("utf-8", "replace").splitlines()
    index = draw(st.integers(0, len(lines) - 1)) if lines else 0
    key = lines[index].split("=")[0].strip() if lines else "month"
    if draw(st.booleans()):
        lines[index : index + 1] = []
        action = f"drop {key}"
    else:
        value = draw(st.sampled_from(TOML_VALUES))
        lines[index : index + 1] = [f"{key} = {value}"]
        action = f"{key} = {value}"
    files["scenario.toml"] = ("\n".join(lines) + "\n").encode("utf-8")
    return f"toml {action}"


def mutate_bytes(draw: Draw, files: Files) -> str:
    """Encoding, line endings, dialect, truncation, garbage, absence."""
    name = draw(st.sampled_from(sorted(files)))
    data = files[name]
    kind = draw(
        st.sampled_from(
            ["bom", "crlf", "cr", "french", "cp1252", "remove", "empty", "truncate", "garbage", "insert"]
        )
    )
    if kind == "bom":
        files[name] = codecs.BOM_UTF8 + data
    elif kind == "crlf":
        files[name] = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    elif kind == "cr":
        files[name] = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    elif kind == "french" and name.endswith(".csv"):
        try:
            files[name] = as_french_excel(data)
        except (UnicodeDecodeError, csv.Error):
            return "noop"
    elif kind == "cp1252":
        files[name] = data.decode("utf-8", "replace").encode("cp1252", "replace")
    elif kind == "remove":
        del files[name]
    elif kind == "empty":
        files[name] = b""
    elif kind == "truncate":
        files[name] = data[: draw(st.integers(0, len(data)))]
    elif kind == "garbage":
        files[name] = draw(st.binary(max_size=200))
    elif kind == "insert":
        at = draw(st.integers(0, len(data)))
        files[name] = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return f"{kind} {name}"


MUTATIONS = [
    mutate_cell,
    duplicate_id,
    dangling_reference,
    shift_date,
    reshape,
    mutate_toml,
    mutate_bytes,
]


# --- the property ----------------------------------------------------------------------------------

ISSUE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.+)$")


def physical_lines(path: Path) -> int:
    """Lines of a file as the csv module counts them (LF, CRLF or CR), at least 1."""
    if not path.is_file():
        return 1
    text = path.read_bytes().decode("latin-1")
    return max(1, len(io.StringIO(text, newline="").readlines()))


def check_refusal(folder: Path, error: ScenarioError) -> None:
    """Every problem names a file of the folder and a line inside it, with a message."""
    assert error.issues
    for issue in error.issues:
        path = Path(issue.path)
        assert path.parent == folder, issue
        if issue.line is None and issue.message.startswith("... and "):
            continue  # the count of alike problems not listed (capped output)
        assert issue.line is not None and 1 <= issue.line <= physical_lines(path), issue
        assert issue.message.strip(), issue
        assert ISSUE.match(str(issue)), issue


def check_outcome(work: Path, files: Files) -> str:
    """Load, then run the CLI as a planner would, and check the contract on bad input."""
    folder = work / "scn"
    write_folder(folder, files)
    try:
        load_scenario(folder)
    except ScenarioError as error:
        check_refusal(folder, error)
        valid = False
    else:
        valid = True
    with contextlib.chdir(work):
        if not valid:
            run = run_cli("validate", "scn")
            assert not run.crashed, run.output
            assert run.exit_code == 2, run.output
            assert "nothing was written" in flat(run.output)
            return "refused"
        run = run_cli("solve", "scn", "--out", "plan", "--time-limit", "5", "--workers", "1", "--quiet")
        assert not run.crashed, run.output
        assert run.exit_code == 0, run.output
        checked = run_cli("verify", "scn", "plan")
        assert not checked.crashed, checked.output
        assert checked.exit_code == 0, checked.output
        return "solved and verified"


@FUZZ
@given(st.data())
def test_mutated_scenarios_load_or_are_refused_cleanly(data: st.DataObject) -> None:
    files = golden_files(TINY) | {"distances.csv": TINY_DISTANCES}
    count = data.draw(st.integers(1, 3), label="mutations")
    for _ in range(count):
        mutation = data.draw(st.sampled_from(MUTATIONS), label="kind")
        note(mutation(data.draw, files))
    with tempfile.TemporaryDirectory() as tmp:
        outcome = check_outcome(Path(tmp), files)
    event(outcome)


@FUZZ
@given(st.data())
def test_refusals_write_nothing(data: st.DataObject) -> None:
    """`roster solve` on a scenario with one certain defect: exit 2, no folder, the line named."""
    files = golden_files(TINY)
    name = data.draw(st.sampled_from(["zones.csv", "sites.csv", "doctors.csv", "practices.csv"]))
    rows = parse(files[name])
    row = data.draw(st.integers(1, len(rows) - 1))
    numeric = [c for c in ("capacity", "priority", "max_days", "min_present", "latitude") if c in rows[0]]
    column = rows[0].index(data.draw(st.sampled_from(numeric)))
    rows[row][column] = data.draw(st.sampled_from(["-1e308", "1e309", "NaN", "abc", "", "-500", "1e99"]))
    files[name] = unparse(rows)
    if data.draw(st.booleans(), label="french excel"):
        files[name] = as_french_excel(files[name])
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        write_folder(Path("scn"), files)
        run = run_cli("solve", "scn", "--out", "plan", "--time-limit", "5", "--workers", "1")
        assert not run.crashed, run.output
        assert run.exit_code == 2, run.output
        assert f"{Path('scn', name)}:{row + 1}:" in run.output
        assert not Path("plan").exists()
        assert sorted(p.name for p in Path(".").iterdir()) == ["scn"]


HEADERS = {
    "zones.csv": b"zone_id,name,department,population,priority,demand_days\n",
    "sites.csv": b"site_id,zone_id,name,latitude,longitude,capacity,open_weekdays,lodging\n",
    "doctors.csv": b"doctor_id,name,practice_id,latitude,longitude,max_days,max_km\n",
    "replacements.csv": b"replacement_id,name,latitude,longitude,max_days,max_km\n",
    "availability.csv": b"person_id,date\n",
}


@pytest.mark.parametrize(
    ("header_only", "absent"),
    [
        (["availability.csv"], []),
        (["zones.csv", "sites.csv"], []),
        (["doctors.csv", "replacements.csv", "availability.csv"], []),
        ([], ["practices.csv", "replacements.csv"]),
        (["replacements.csv"], ["practices.csv"]),
    ],
    ids=["no-availability", "no-zones", "nobody", "no-optional-files", "no-locums"],
)
def test_degenerate_but_valid_scenarios_solve_and_verify(
    header_only: list[str], absent: list[str], tmp_path: Path
) -> None:
    files = golden_files(TINY) | {n: HEADERS[n] for n in header_only}
    for name in absent:
        del files[name]
    if "replacements.csv" in header_only or "replacements.csv" in absent:
        files["availability.csv"] = b"\n".join(
            ln for ln in files["availability.csv"].splitlines() if not ln.startswith(b"R1,")
        )
    assert check_outcome(tmp_path, files) == "solved and verified"


# --- hand-made planning files for `roster verify` -------------------------------------------------


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Files]:
    """The tiny golden scenario and the files of a planning solved for it."""
    work = tmp_path_factory.mktemp("solved")
    scenario = copy_golden(TINY, work / "scn")
    run = run_cli(
        "solve", str(scenario), "--out", str(work / "plan"), "--time-limit", "5", "--workers", "1", "-q"
    )
    assert run.exit_code == 0, run.output
    return scenario, {p.name: p.read_bytes() for p in (work / "plan").iterdir()}


@FUZZ
@given(data=st.data())
def test_mutated_plannings_are_verified_or_refused_cleanly(
    solved: tuple[Path, Files], data: st.DataObject
) -> None:
    scenario, files = solved[0], dict(solved[1])
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        mutation = data.draw(st.sampled_from([mutate_cell, reshape, mutate_bytes]), label="kind")
        note(mutation(data.draw, files))
    with tempfile.TemporaryDirectory() as tmp:
        write_folder(Path(tmp) / "plan", files)
        run = run_cli("verify", str(scenario), str(Path(tmp) / "plan"))
    assert not run.crashed, run.output
    assert run.exit_code in (0, 1, 2), run.output
    if run.exit_code == 2:
        assert re.search(
            r"plan/(assignments|replacements|coverage)\.csv:\d+: |summary\.json:\d+: ", run.output
        )
    event({0: "valid", 1: "violations", 2: "unreadable"}[run.exit_code])


def test_french_excel_planning_verifies(solved: tuple[Path, Files], tmp_path: Path) -> None:
    scenario, files = solved
    french = {n: as_french_excel(d) if n.endswith(".csv") else d for n, d in files.items()}
    assert re.search(rb"\d,\d", french["assignments.csv"])
    write_folder(tmp_path / "plan", french)
    run = run_cli("verify", str(scenario), str(tmp_path / "plan"))
    assert run.exit_code == 0, run.output
    assert "OK" in run.output


# --- French Excel -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()))
def test_french_excel_copy_loads_into_the_same_scenario(name: str, tmp_path: Path) -> None:
    original = load_scenario(GOLDEN / name)
    folder = tmp_path / "fr"
    write_folder(
        folder,
        {n: as_french_excel(d) if n.endswith(".csv") else d for n, d in golden_files(name).items()},
    )
    assert b";" in (folder / "sites.csv").read_bytes()
    assert re.search(rb"\d,\d", (folder / "sites.csv").read_bytes())
    assert load_scenario(folder) == original


@settings(max_examples=40, deadline=None)
@given(
    which=st.sets(
        st.sampled_from(["zones.csv", "sites.csv", "doctors.csv", "practices.csv", "distances.csv"])
    ),
    bom=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_any_mix_of_dialects_loads_the_same(which: set[str], bom: bool, newline: str) -> None:
    name = "aura-distances"
    original = load_scenario(GOLDEN / name)
    files = golden_files(name)
    for file in which:
        french = as_french_excel(files[file]).removeprefix(codecs.BOM_UTF8)
        files[file] = (codecs.BOM_UTF8 if bom else b"") + french.replace(b"\r\n", newline.encode())
    with tempfile.TemporaryDirectory() as tmp:
        write_folder(Path(tmp) / "scn", files)
        assert load_scenario(Path(tmp) / "scn") == original


def test_decimal_comma_in_a_comma_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    folder = copy_golden(TINY, tmp_path / "scn")
    path = folder / "sites.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("43.6392", "43,6392"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    (issue,) = caught.value.issues
    assert (Path(issue.path).name, issue.line) == ("sites.csv", 2)
    assert "decimal comma" in issue.message


def test_ambiguous_separator_is_refused_with_a_fix(tmp_path: Path) -> None:
    folder = copy_golden(TINY, tmp_path / "scn")
    (folder / "availability.csv").write_text("person_id,note;date\nD1,x;2025-10-01\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    (issue,) = caught.value.issues
    assert (Path(issue.path).name, issue.line) == ("availability.csv", 1)
    assert "separator" in issue.message and "CSV UTF-8" in issue.message


def test_french_number_that_is_not_a_plain_decimal_is_refused_with_the_expected_form(tmp_path: Path) -> None:
    folder = copy_golden(TINY, tmp_path / "scn")
    path = folder / "zones.csv"
    path.write_bytes(as_french_excel(path.read_bytes()).replace(b";9000;", b";9.000,0;"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    (issue,) = caught.value.issues
    assert (Path(issue.path).name, issue.line) == ("zones.csv", 2)
    assert "population" in issue.message and "whole number" in issue.message


def test_spaces_as_thousands_separator_are_accepted_in_french_excel(tmp_path: Path) -> None:
    folder = copy_golden(TINY, tmp_path / "scn")
    path = folder / "zones.csv"
    path.write_bytes(as_french_excel(path.read_bytes()).replace(b";9000;", "; 9\u202f000 ;".encode()))
    assert load_scenario(folder) == load_scenario(GOLDEN / TINY)


# --- the console script, end to end ----------------------------------------------------------------

ROSTER = Path(sys.executable).with_name("roster")


@pytest.mark.skipif(not ROSTER.exists(), reason="console script not installed")
@pytest.mark.parametrize("garbage", [b"\xff\xfe\x00\x01garbage", bytes(range(256)), b'"' * 50 + b"\n,;\r"])
def test_console_script_on_random_bytes(garbage: bytes, tmp_path: Path) -> None:
    folder = copy_golden(TINY, tmp_path / "scn")
    (folder / "doctors.csv").write_bytes(garbage)
    proc = subprocess.run(
        [str(ROSTER), "solve", "scn", "--out", "plan", "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "scn/doctors.csv:" in proc.stderr
    assert not (tmp_path / "plan").exists()
