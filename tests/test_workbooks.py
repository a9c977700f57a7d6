"""Scenario workbooks (.xlsx): the same scenario and planning as the CSV folder, errors named
`file.xlsx[sheet]:row`, a template that round-trips, and a planning workbook with real dates."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from pathlib import Path

import openpyxl
import pytest
from helpers_inputs import GOLDEN, copy_golden, flat, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import scenarios

from roster.export.workbook import SHEETS
from roster.outputs.planning_folder import load_planning
from roster.scenarios import ScenarioError, load_scenario
from roster.scenarios.loader import TABLES
from roster.scenarios.workbook import sheet_name
from roster.scenarios.workbook_writer import scenario_workbook, table_columns
from roster.verify import verify_planning

ROOT = Path(__file__).resolve().parents[1]
PILOT = ROOT / "scenarios" / "occitanie-pilot"
SMALL = GOLDEN / "occitanie-small"


def as_workbook(source: Path, target: Path) -> Path:
    run = run_cli("template", str(target), "--from", str(source))
    assert run.exit_code == 0, run.output
    return target


def edit_sheet(book: Path, sheet: str, cell: str, value: object) -> None:
    wb = openpyxl.load_workbook(book)
    wb[sheet][cell] = value
    wb.save(book)


def test_the_pilot_as_a_workbook_is_the_same_scenario_and_gives_the_same_planning(tmp_path: Path) -> None:
    book = as_workbook(PILOT, tmp_path / "pilot.xlsx")
    assert load_scenario(book) == load_scenario(PILOT)
    outs = {}
    for label, source in (("csv", PILOT), ("xlsx", book)):
        outs[label] = tmp_path / f"plan-{label}"
        run = run_cli("solve", str(source), "--out", str(outs[label]), "-q", "--workers", "1", "--seed", "3")
        assert run.exit_code == 0, run.output
    same = ("assignments.csv", "replacements.csv", "coverage.csv")
    for name in same:
        assert (outs["csv"] / name).read_bytes() == (outs["xlsx"] / name).read_bytes(), name
    verdict, problems = verify_planning(load_scenario(book), outs["xlsx"])
    assert not problems and not verdict.violations


def test_every_command_taking_a_scenario_takes_a_workbook(tmp_path: Path) -> None:
    book = as_workbook(SMALL, tmp_path / "small.xlsx")
    plan = tmp_path / "plan"
    assert run_cli("validate", str(book)).exit_code == 0
    assert run_cli("solve", str(book), "--out", str(plan), "-q", "--workers", "1").exit_code == 0
    assert run_cli("verify", str(book), str(plan)).exit_code == 0
    assert (
        run_cli("report", str(plan), "--scenario", str(book), "--out", str(tmp_path / "r.html")).exit_code
        == 0
    )
    calendars = run_cli("export", str(plan), "--scenario", str(book), "--out", str(tmp_path / "cal"))
    assert calendars.exit_code == 0, calendars.output
    explain = run_cli("explain", str(book), str(plan))
    assert explain.exit_code == 0, explain.output
    compare = run_cli("compare", str(plan), str(book), "--scenario", str(book), "-q", "--workers", "1")
    assert compare.exit_code == 0, compare.output
    first = load_planning(plan).assignments[0]
    replanned = tmp_path / "replan"
    run = run_cli("replan", str(book), "--planning", str(plan), "--out", str(replanned),
                  "--cancel", f"{first.doctor_id}@{first.date}", "-q", "--workers", "1")  # fmt: skip
    assert run.exit_code == 0, run.output
    assert run_cli("verify", str(replanned / "scenario"), str(replanned)).exit_code == 0
    swept = tmp_path / "sweep"
    run = run_cli(
        "sweep", str(book), "--set", "max_days_per_doctor=1,2", "--out", str(swept), "-q", "--jobs", "1"
    )
    assert run.exit_code == 0, run.output
    for variant in ("max_days_per_doctor=1", "max_days_per_doctor=2"):
        folder = next(
            p for p in swept.iterdir() if p.is_dir() and variant.replace("=", "") in p.name.replace("=", "")
        )
        assert run_cli("verify", str(folder / "scenario"), str(folder)).exit_code == 0


def test_workbook_errors_name_the_file_sheet_and_row(tmp_path: Path) -> None:
    book = as_workbook(SMALL, tmp_path / "small.xlsx")
    edit_sheet(book, "sites", "F3", -2)  # capacity of the second site
    edit_sheet(book, "availability", "A5", "NOBODY")
    edit_sheet(book, "scenario", "B3", "2025-13")
    run = run_cli("validate", str(book))
    text = flat(run.output)
    assert run.exit_code == 2
    assert f"{book}[sites]:3: column 'capacity'" in text
    assert f"{book}[availability]:5: column 'person_id': unknown person 'NOBODY'" in text
    assert f"{book}[scenario]:3: 'month'" in text


def test_a_missing_sheet_and_a_broken_file_are_named(tmp_path: Path) -> None:
    book = as_workbook(SMALL, tmp_path / "small.xlsx")
    wb = openpyxl.load_workbook(book)
    del wb["zones"]
    wb.save(book)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(book)
    assert f"{book}[zones]: required sheet 'zones' is missing" in str(caught.value)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    run = run_cli("validate", str(broken))
    assert run.exit_code == 2 and "cannot be read as an Excel workbook" in flat(run.output)


def test_the_template_has_every_sheet_and_header_and_round_trips(tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    assert run_cli("template", str(template)).exit_code == 0
    wb = openpyxl.load_workbook(template)
    for name, columns in table_columns().items():
        header = [c.value for c in wb[sheet_name(name)][1]]
        assert header == list(columns), name
        assert set(TABLES.get(name, (None, (), (), False))[1]) <= set(header)
    assert "notes" in wb.sheetnames
    keys = [row[0] for row in wb["scenario"].iter_rows(min_row=2, values_only=True)]
    assert {"name", "month", "max_days_per_doctor", "holidays"} <= set(keys)
    # an untouched template says what is missing, on the settings sheet
    run = run_cli("validate", str(template))
    assert run.exit_code == 2 and f"{template}[scenario]:2: 'name': value is missing" in flat(run.output)
    # filled in by hand (with the golden scenario's rows), it loads as that scenario
    source = load_scenario(SMALL)
    filled = as_workbook(SMALL, tmp_path / "filled.xlsx")
    wb_filled = openpyxl.load_workbook(filled)
    for name in (
        "zones.csv",
        "sites.csv",
        "practices.csv",
        "doctors.csv",
        "replacements.csv",
        "availability.csv",
    ):
        target, origin = wb[sheet_name(name)], wb_filled[sheet_name(name)]
        header = [c.value for c in target[1]]
        origin_header = [c.value for c in origin[1]]
        for row in origin.iter_rows(min_row=2, values_only=True):
            by_name = dict(zip(origin_header, row, strict=False))
            target.append([by_name.get(column) for column in header])
    for row in wb["scenario"].iter_rows(min_row=2):
        if row[0].value == "name":
            row[1].value = source.settings.name
        if row[0].value == "month":
            row[1].value = source.settings.month
    wb.save(template)
    loaded = load_scenario(template)  # the template's empty `wishes` sheet makes wishes an objective
    assert loaded.has_wishes_file and not loaded.wishes
    assert loaded.model_copy(update={"has_wishes_file": False}) == source
    # and a workbook copied from a workbook is the same scenario again
    again = as_workbook(filled, tmp_path / "again.xlsx")
    assert load_scenario(again) == source


def test_the_planning_workbook_has_names_real_dates_and_widths(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    assert run_cli("solve", str(SMALL), "--out", str(plan), "-q", "--workers", "1").exit_code == 0
    target = tmp_path / "planning.xlsx"
    run = run_cli("export", str(plan), "--scenario", str(SMALL), "--format", "xlsx", "--out", str(target))
    assert run.exit_code == 0, run.output
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == list(SHEETS)
    planning = load_planning(plan)
    scenario = load_scenario(SMALL)
    names = {d.doctor_id: d.name for d in scenario.doctors}
    by_doctor = list(wb["by doctor"].iter_rows(min_row=2, values_only=True))
    assert len(by_doctor) == len(planning.assignments)
    header = [c.value for c in wb["by doctor"][1]]
    for row in by_doctor:
        record = dict(zip(header, row, strict=True))
        assert isinstance(record["date"], dt.datetime) and record["date"].strftime("%Y-%m") == "2025-10"
        assert record["doctor"] == names[record["doctor_id"]]
    assert wb["by doctor"]["C2"].number_format == "DD/MM/YYYY"
    assert all(wb[s].column_dimensions["A"].width >= 6 for s in SHEETS)
    kpis = dict(wb["KPIs"].iter_rows(min_row=2, values_only=True))
    summary = json.loads((plan / "summary.json").read_text())
    assert kpis["coverage_score"] == pytest.approx(summary["coverage_score"], rel=1e-14)
    assert kpis["status"] == summary["status"]
    coverage = list(wb["coverage"].iter_rows(min_row=2, values_only=True))
    assert len(coverage) == len(scenario.zones)
    # a folder as --out receives planning.xlsx; an existing file needs --force
    folder = tmp_path / "out"
    folder.mkdir()
    assert (
        run_cli(
            "export", str(plan), "--scenario", str(SMALL), "--format", "xlsx", "--out", str(folder)
        ).exit_code
        == 0
    )
    assert (folder / "planning.xlsx").is_file()
    again = run_cli("export", str(plan), "--scenario", str(SMALL), "--format", "xlsx", "--out", str(target))
    assert again.exit_code == 2 and "--force" in flat(again.output)
    mixed = run_cli(
        "export", str(plan), "--scenario", str(SMALL), "--format", "ics,xlsx", "--out", str(folder)
    )
    assert mixed.exit_code == 2


def test_cells_are_never_written_as_formulas(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    doctors = (folder / "doctors.csv").read_text(encoding="utf-8").splitlines()
    first = doctors[1].split(",")
    first[1] = '"=HYPERLINK(""http://x"",""y"")"'
    doctors[1] = ",".join(first)
    (folder / "doctors.csv").write_text("\n".join(doctors) + "\n", encoding="utf-8")
    evil = '=HYPERLINK("http://x","y")'
    assert load_scenario(folder).doctors[0].name == evil
    book = as_workbook(folder, tmp_path / "scn.xlsx")
    wb = openpyxl.load_workbook(book)
    cell = wb["doctors"]["B2"]
    assert cell.value == evil and cell.data_type == "s" and cell.quotePrefix
    assert load_scenario(book).doctors[0].name == evil
    plan = tmp_path / "plan"
    assert run_cli("solve", str(book), "--out", str(plan), "-q", "--workers", "1").exit_code == 0
    exported = tmp_path / "p.xlsx"
    assert (
        run_cli(
            "export", str(plan), "--scenario", str(book), "--format", "xlsx", "--out", str(exported)
        ).exit_code
        == 0
    )
    for ws in openpyxl.load_workbook(exported).worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate)


def test_settings_sheet_accepts_spreadsheet_values(tmp_path: Path) -> None:
    book = as_workbook(SMALL, tmp_path / "small.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["scenario"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "month":
            row[1].value = dt.datetime(2025, 10, 1)  # Excel turned "2025-10" into a date
        if row[0].value == "road_factor":
            row[1].value = "1,3"
    ws.append(["holidays", dt.datetime(2025, 10, 14)])
    ws.append(["holidays", "15/10/2025 16/10/2025"])
    wb.save(book)
    scenario = load_scenario(book)
    assert scenario.settings.month == "2025-10" and scenario.settings.road_factor == 1.3
    assert set(scenario.settings.holidays) == {
        dt.date(2025, 10, 14),
        dt.date(2025, 10, 15),
        dt.date(2025, 10, 16),
    }


def test_a_copy_of_a_golden_folder_and_the_workbook_copy_agree_on_every_golden(tmp_path: Path) -> None:
    for golden in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        folder = copy_golden(golden.name, tmp_path / golden.name)
        book = as_workbook(folder, tmp_path / f"{golden.name}.xlsx")
        assert load_scenario(book) == load_scenario(folder), golden.name
        shutil.rmtree(folder)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=scenarios(max_zones=3, max_sites=4, max_doctors=5, max_practices=2, max_locums=2, days=10),
       day_first=st.booleans())  # fmt: skip
def test_generated_scenarios_are_the_same_as_a_workbook_and_with_french_dates(
    spec, day_first, tmp_path
) -> None:
    folder = spec.write(tmp_path / f"scn-{uuid.uuid4().hex}")
    expected = load_scenario(folder)
    if day_first:
        path = folder / "availability.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        converted = [lines[0]]
        for line in lines[1:]:
            person, day = line.rsplit(",", 1)
            converted.append(f"{person},{dt.date.fromisoformat(day).strftime('%d/%m/%Y')}")
        path.write_text("\n".join(converted) + "\n", encoding="utf-8")
        assert load_scenario(folder) == expected
    book = folder.with_suffix(".xlsx")
    scenario_workbook(folder).save(book)
    assert load_scenario(book) == expected


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_both_readers_give_the_same_sheets_and_excel_row_numbers(engine: str, tmp_path: Path) -> None:
    from roster.scenarios.errors import IssueLog
    from roster.scenarios.workbook import ScenarioWorkbook

    book = as_workbook(SMALL, tmp_path / "small.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["sites"]
    ws.insert_rows(1, amount=2)  # the header now on row 3, a blank row inside the data
    ws.insert_rows(5)
    ws["F6"] = -1
    wb["availability"]["B2"] = dt.datetime(2025, 10, 3)
    wb.save(book)
    log = IssueLog()
    read = ScenarioWorkbook.open(book, log, engine=engine)
    reference = ScenarioWorkbook.open(book, log, engine="openpyxl")
    assert read is not None and reference is not None and not log
    for name in TABLES:
        if read.present(name):
            required = TABLES[name][1]
            table, expected = read.table(name, required, (), log), reference.table(name, required, (), log)
            assert table == expected, name
    assert read.settings(log)[0] == reference.settings(log)[0]
    sites = read.table("sites.csv", TABLES["sites.csv"][1], (), log)
    assert sites.rows[0].line == 4 and sites.rows[1].line == 6
    with pytest.raises(ScenarioError) as caught:
        load_scenario(book)
    assert f"{book}[sites]:6: column 'capacity'" in str(caught.value)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert ScenarioWorkbook.open(broken, log, engine=engine) is None
    assert "cannot be read as an Excel workbook" in str(log.issues[-1])


def test_template_refuses_a_bad_target_or_source(tmp_path: Path) -> None:
    assert run_cli("template", str(tmp_path / "out.csv")).exit_code == 2
    existing = tmp_path / "exists.xlsx"
    existing.write_bytes(b"keep")
    run = run_cli("template", str(existing))
    assert run.exit_code == 2 and "--force" in flat(run.output) and existing.read_bytes() == b"keep"
    assert run_cli("template", str(existing), "--force").exit_code == 0
    broken = copy_golden("occitanie-small", tmp_path / "scn")
    (broken / "zones.csv").unlink()
    target = tmp_path / "from-broken.xlsx"
    run = run_cli("template", str(target), "--from", str(broken))
    assert run.exit_code == 2 and "zones.csv" in run.output and not target.exists()


def test_wishes_dates_are_read_day_first_too() -> None:
    from roster.scenarios.csvtable import Row, Table
    from roster.scenarios.errors import IssueLog
    from roster.scenarios.spreadsheet_cells import normalise_tables

    columns = ("doctor_id", "site_id", "zone_id", "weekday", "date", "weight")
    rows = (Row(2, dict(zip(columns, ["D1", "", "", "", "03/10/2025", "1"], strict=True))),
            Row(3, dict(zip(columns, ["D1", "S1", "", "Mon", "", "2"], strict=True))))  # fmt: skip
    log = IssueLog()
    table = normalise_tables({"wishes.csv": Table(Path("wishes.csv"), columns, rows, ",")}, "2025-10", log)
    assert [r.cells["date"] for r in table["wishes.csv"].rows] == ["2025-10-03", ""] and not log


CELL_VALUES = [
    None, "", 0, -1, 3, 2.5, 1e308, True, dt.datetime(2025, 10, 3), dt.datetime(2025, 10, 3, 8, 30),
    dt.date(1999, 1, 1), dt.time(8, 30), "03/10/2025", "10/13/2025", "=1+1", "#N/A", "x" * 300, "Mon",
    "2A", "2", " 7 ",
]  # fmt: skip


@pytest.fixture(scope="module")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return as_workbook(SMALL, tmp_path_factory.mktemp("book") / "small.xlsx")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_cell_edit_gives_a_scenario_or_problems_naming_the_workbook(small_book, data, tmp_path) -> None:
    wb = openpyxl.load_workbook(small_book)
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        ws = wb[data.draw(st.sampled_from(wb.sheetnames), label="sheet")]
        row = data.draw(st.integers(1, max(ws.max_row, 1) + 1), label="row")
        column = data.draw(st.integers(1, max(ws.max_column, 1) + 1), label="column")
        ws.cell(row=row, column=column).value = data.draw(st.sampled_from(CELL_VALUES), label="value")
    book = tmp_path / f"{uuid.uuid4().hex}.xlsx"
    wb.save(book)
    try:
        load_scenario(book)
    except ScenarioError as exc:
        assert exc.issues and all(i.path.startswith(f"{book}[") for i in exc.issues), exc.issues
        assert all(i.line is None or i.line >= 1 for i in exc.issues)
