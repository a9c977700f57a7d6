"""What spreadsheets do to cells: French dates JJ/MM/AAAA and department codes read as numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers_inputs import append_row, copy_golden, edit_toml, flat, read_rows, run_cli, set_cell, write_rows

from roster.scenarios import ScenarioError, load_scenario
from roster.scenarios.spreadsheet_cells import day_first, month_first_only, restore_department
from roster.scenarios.workbook_writer import typed_cell


def french(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return day.strftime("%d/%m/%Y")


def rewrite_dates(folder: Path, file: str, convert) -> int:
    rows = read_rows(folder / file)
    index = rows[0].index("date")
    for row in rows[1:]:
        row[index] = convert(row[index])
    write_rows(folder / file, rows)
    return len(rows) - 1


def test_french_dates_in_availability_give_the_same_scenario(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    before = load_scenario(folder)
    rewrite_dates(folder, "availability.csv", french)
    assert load_scenario(folder) == before


def test_french_excel_availability_with_semicolons_and_french_dates(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    before = load_scenario(folder)
    rows = read_rows(folder / "availability.csv")
    rows = [rows[0]] + [[person, french(day)] for person, day in rows[1:]]
    write_rows(folder / "availability.csv", rows, delimiter=";", newline="\r\n")
    assert load_scenario(folder) == before


def test_month_first_dates_are_refused_with_one_grouped_message(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    count = rewrite_dates(
        folder, "availability.csv", lambda iso: dt.date.fromisoformat(iso).strftime("%m/%d/%Y")
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    issues = caught.value.issues
    assert len(issues) == 1, issues  # one message for the column, not one per row
    message = str(issues[0])
    assert "availability.csv:" in message and "MM/DD/YYYY" in message and "JJ/MM/AAAA" in message
    assert count > 10 and "more" in message


def test_a_day_first_date_outside_the_month_is_reported_on_its_row(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    rewrite_dates(folder, "availability.csv", french)
    set_cell(folder, "availability.csv", 4, "date", "03/11/2025")  # both readings are outside October
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert [str(i) for i in caught.value.issues] == [
        f"{folder / 'availability.csv'}:4: column 'date': 2025-11-03 is outside the planned month 2025-10"
    ]


def test_pins_history_and_holidays_accept_french_dates(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    scenario = load_scenario(folder)
    doctor, site = scenario.doctors[0].doctor_id, scenario.sites[0].site_id
    day = sorted(scenario.available(doctor))[0]
    (folder / "pins.csv").write_text(f"date,doctor_id,site_id\n{french(day.isoformat())},{doctor},{site}\n")
    (folder / "history.csv").write_text(f"date,doctor_id,site_id\n14/09/2025,{doctor},{site}\n")
    edit_toml(folder, "holidays", '["31/10/2025", "2025-11-01"]')
    loaded = load_scenario(folder)
    assert loaded.pins[0].date == day and loaded.history[0].date == dt.date(2025, 9, 14)
    assert loaded.settings.holidays == (dt.date(2025, 10, 31), dt.date(2025, 11, 1))


def test_month_first_holidays_and_history_are_refused(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    edit_toml(folder, "holidays", '["10/31/2025"]')
    run = run_cli("validate", str(folder))
    assert run.exit_code == 2 and "scenario.toml:" in run.output and "MM/DD/YYYY" in flat(run.output)
    folder2 = copy_golden("occitanie-small", tmp_path / "scn2")
    scenario = load_scenario(folder2)
    doctor, site = scenario.doctors[0].doctor_id, scenario.sites[0].site_id
    (folder2 / "history.csv").write_text(f"date,doctor_id,site_id\n09/14/2025,{doctor},{site}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder2)
    assert "history.csv:2:" in str(caught.value) and "months before 2025-10" in str(caught.value)


def test_department_codes_read_as_numbers_are_restored(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    set_cell(folder, "zones.csv", 2, "department", "9")
    warnings: list[str] = []
    scenario = load_scenario(folder, warnings)
    assert scenario.zones[0].department == "09"
    assert any("9 -> 09" in w and "zones.csv:2" in w for w in warnings)
    set_cell(folder, "zones.csv", 3, "department", "2")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert "zones.csv:3: column 'department': department '2' is ambiguous: 2A" in str(caught.value)


def test_units() -> None:
    assert day_first("3/10/2025") == dt.date(2025, 10, 3)
    assert day_first("31/02/2025") is None and day_first("2025-10-03") is None
    in_october = lambda d: d.month == 10  # noqa: E731
    assert month_first_only("10/13/2025", in_october) and month_first_only("10/03/2025", in_october)
    assert not month_first_only("03/10/2025", in_october) and not month_first_only("10/10/2025", in_october)
    assert restore_department("3") == ("03", None) and restore_department("32") == ("32", None)
    assert restore_department("2A") == ("2A", None) and restore_department("2")[1] is not None
    assert typed_cell("km", "12.5") == 12.5 and typed_cell("max_days", "2") == 2
    assert typed_cell("km", "0.12345678901234567") == "0.12345678901234567"  # kept exact, as text
    assert (
        typed_cell("date", "2025-10-03") == dt.date(2025, 10, 3) and typed_cell("zone_id", "0123") == "0123"
    )


def test_an_appended_french_date_row_is_validated_like_any_row(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    line = append_row(folder, "availability.csv", {"person_id": "UNKNOWN", "date": "05/10/2025"})
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert f"availability.csv:{line}: column 'person_id': unknown person 'UNKNOWN'" in str(caught.value)
