"""`roster.app.calendars`, `report` and `workbooks`: files written, or refused with nothing written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from app_helpers import tree

from roster.app.calendars import (
    calendar_files,
    calendars_zip,
    cancellations,
    check_calendar_folder,
    solve_calendar_files,
    write_calendar_folder,
)
from roster.app.errors import BadInput, InvalidOption, OutputRefused
from roster.app.loading import open_planning, open_scenario
from roster.app.replan import changes_file
from roster.app.report import report_target, write_report
from roster.app.verification import CheckedPlanning, check_planning
from roster.app.workbooks import planning_workbook_target, write_planning_workbook, write_template
from roster.export import FORMATS, GROUPS
from roster.i18n import ENGLISH, FRENCH


def checked(month: tuple[Path, Path], force: bool = False) -> CheckedPlanning:
    scenario_dir, planning_dir = month
    return check_planning(open_scenario(scenario_dir).scenario, planning_dir, force)


def test_calendars_of_a_solve_go_under_calendars(month: tuple[Path, Path]) -> None:
    c = checked(month)
    files = solve_calendar_files(c.scenario, c.planning, ["ics"], ["doctor", "zone"])
    doctors = {a.doctor_id for a in c.planning.assignments}
    assert {name.split("/")[2] for name in files} == {"doctor", "zone"}
    assert all(name.startswith("calendars/ics/") and name.endswith(".ics") for name in files)
    assert len([n for n in files if n.startswith("calendars/ics/doctor/")]) >= len(doctors)


def test_the_calendars_zip_holds_every_format_and_group_deterministically(month: tuple[Path, Path]) -> None:
    c = checked(month)
    data = calendars_zip(c.scenario, c.planning)
    assert data == calendars_zip(c.scenario, c.planning)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert {tuple(n.split("/")[:2]) for n in names} == {(f, g) for f in FORMATS for g in GROUPS}


def test_a_folder_holding_other_files_is_refused_for_calendars(tmp_path: Path) -> None:
    assert check_calendar_folder(tmp_path / "new", force=False) is False
    (tmp_path / "empty").mkdir()
    assert check_calendar_folder(tmp_path / "empty", force=False) is True
    (tmp_path / "empty" / "mine.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputRefused, match="exists and is not an empty folder"):
        check_calendar_folder(tmp_path / "empty", force=False)
    assert check_calendar_folder(tmp_path / "empty", force=True) is False


def test_exported_calendars_replace_an_earlier_export(month: tuple[Path, Path], tmp_path: Path) -> None:
    c = checked(month)
    out = tmp_path / "cal"
    files = calendar_files(c, ["ics"], ["site"], ENGLISH)
    write_calendar_folder(out, files, empty=False)
    assert tree(out) == files
    write_calendar_folder(out, calendar_files(c, ["gcal-csv"], ["site"], ENGLISH), empty=False)
    assert all(name.startswith("gcal-csv/site/") for name in tree(out))
    backup = tree(out.with_name("cal.prev"))
    assert backup.pop(".roster-backup") and backup == files


def test_an_unverified_planning_has_marked_calendars(month: tuple[Path, Path]) -> None:
    c = checked(month)
    marked = CheckedPlanning(c.scenario, c.planning, verified=False, violations=("x",))
    text = next(iter(calendar_files(marked, ["ics"], ["doctor"], FRENCH).values())).decode("utf-8")
    assert "[NON VÉRIFIÉ]" in text
    plain = next(iter(calendar_files(c, ["ics"], ["doctor"], FRENCH).values())).decode("utf-8")
    assert "VÉRIFIÉ" not in plain


def test_cancellations_come_from_the_previous_planning_or_changes_csv(month: tuple[Path, Path]) -> None:
    _, planning_dir = month
    planning = open_planning(planning_dir)
    assert cancellations(planning_dir, planning) == ((), 0)
    dropped = planning.assignments[0]
    fewer = planning.model_copy(update={"assignments": planning.assignments[1:]})
    (planning_dir / "changes.csv").write_bytes(changes_file(planning, fewer))
    removed, sequence = cancellations(planning_dir, fewer)
    assert sequence == 1 and [(r.doctor_id, r.date) for r in removed] == [(dropped.doctor_id, dropped.date)]
    removed, sequence = cancellations(planning_dir, fewer, previous=planning_dir)
    assert sequence == 1 and [(r.doctor_id, r.date) for r in removed] == [(dropped.doctor_id, dropped.date)]
    assert cancellations(planning_dir, planning, previous=planning_dir)[0] == ()  # nothing is gone


def test_an_unreadable_previous_planning_is_bad_input(month: tuple[Path, Path], tmp_path: Path) -> None:
    _, planning_dir = month
    with pytest.raises(BadInput) as caught:
        cancellations(planning_dir, open_planning(planning_dir), previous=tmp_path)
    assert caught.value.what == "planning"


def test_the_report_is_written_once_and_a_foreign_file_kept(month: tuple[Path, Path], tmp_path: Path) -> None:
    c = checked(month)
    _, planning_dir = month
    target = report_target(planning_dir, None)
    assert target == planning_dir / "report.html"
    write_report(c, target, ENGLISH, force=False)
    assert '<meta name="generator" content="roster report">' in target.read_text(encoding="utf-8")
    write_report(c, target, FRENCH, force=False)  # an earlier report is replaced
    mine = tmp_path / "mine.html"
    mine.write_text("<p>my notes</p>", encoding="utf-8")
    with pytest.raises(OutputRefused, match="is not a previous roster report"):
        write_report(c, mine, ENGLISH, force=False)
    assert mine.read_text(encoding="utf-8") == "<p>my notes</p>"
    with pytest.raises(InvalidOption, match="is a folder; give a file name to --out"):
        report_target(planning_dir, tmp_path)


def test_the_planning_workbook_target_and_sheets(month: tuple[Path, Path], tmp_path: Path) -> None:
    assert planning_workbook_target(tmp_path, ["xlsx"], force=False) == tmp_path / "planning.xlsx"
    assert planning_workbook_target(tmp_path / "p.xlsx", ["xlsx"], force=False) == tmp_path / "p.xlsx"
    with pytest.raises(InvalidOption, match="writes one workbook"):
        planning_workbook_target(tmp_path, ["xlsx", "ics"], force=False)
    c = checked(month)
    target = tmp_path / "p.xlsx"
    write_planning_workbook(CheckedPlanning(c.scenario, c.planning, verified=False), target)
    titles = openpyxl.load_workbook(target).sheetnames
    assert titles and all(t.endswith("NOT VERIFIED") or len(t) == 31 for t in titles)
    with pytest.raises(OutputRefused, match="exists; choose another name or add --force"):
        planning_workbook_target(target, ["xlsx"], force=False)


def test_a_template_from_a_broken_scenario_writes_nothing(month: tuple[Path, Path], tmp_path: Path) -> None:
    scenario_dir, _ = month
    (scenario_dir / "zones.csv").write_text("zone_id\n", encoding="utf-8")
    with pytest.raises(BadInput):
        write_template(tmp_path / "t.xlsx", scenario_dir, force=False)
    assert not (tmp_path / "t.xlsx").exists()
    with pytest.raises(InvalidOption, match=r"give a file name ending in \.xlsx"):
        write_template(tmp_path / "t.csv", None, force=False)
    write_template(tmp_path / "t.xlsx", None, force=False)
    assert "zones" in [s.lower() for s in openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames]
