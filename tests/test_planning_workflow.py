"""A planning as a French planner handles it: saved from a French spreadsheet, hand-edited,
refreshed, verified before any output, re-planned and re-sent to calendars."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from typer.testing import CliRunner

from roster.cli import app
from roster.i18n import ENGLISH, FRENCH
from roster.models import Planning, Scenario
from roster.outputs.planning_folder import load_planning, save_planning
from roster.scenarios import load_scenario
from roster.solvers import SolveOptions, solve
from roster.verify import verify_planning
from tests.scenario_builder import Spec, doctor, site, zone

GOLDEN = Path(__file__).parent / "golden"
NAME = "november-holidays"
runner = CliRunner()


@cache
def solved(name: str = NAME) -> tuple[Scenario, Planning]:
    scenario = load_scenario(GOLDEN / name)
    return scenario, solve(scenario, SolveOptions(time_limit_s=10, workers=1))


def flat(text: str) -> str:
    return "".join(text.split())


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def saved(tmp_path: Path, name: str = "plan") -> Path:
    scenario, planning = solved()
    save_planning(tmp_path / name, planning, scenario)
    return tmp_path / name


def resave_french(folder: Path) -> None:
    """What LibreOffice/Excel with a French profile writes: `;`, decimal comma, BOM, CRLF."""
    for name in ("assignments.csv", "replacements.csv", "coverage.csv"):
        path = folder / name
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        for i, row in enumerate(rows):
            writer.writerow(
                row if i == 0 else [cell.replace(".", ",") if _number(cell) else cell for cell in row]
            )
        path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return "." in cell


def break_rules(folder: Path, scenario: Scenario) -> None:
    """A hand edit that sends a doctor to a site on a day it is closed and twice on one day."""
    a = load_planning(folder).assignments[0]
    other = next(s for s in scenario.sites if s.site_id != a.site_id)
    with (folder / "assignments.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{a.date.isoformat()},{a.doctor_id},{other.site_id},{other.zone_id},1.0\n")


# --- one reader for every command ----------------------------------------------------------------


def test_load_planning_reads_a_french_saved_planning_like_the_original(tmp_path: Path) -> None:
    folder = saved(tmp_path)
    original = load_planning(folder)
    resave_french(folder)
    assert (folder / "assignments.csv").read_bytes().startswith(b"\xef\xbb\xbfdate;doctor_id")
    assert b"," in (folder / "assignments.csv").read_bytes().split(b"\r\n")[1]
    assert load_planning(folder) == original


def test_every_command_reads_a_french_saved_planning(tmp_path: Path) -> None:
    _, planning = solved()
    scenario_dir = GOLDEN / NAME
    folder = saved(tmp_path)
    resave_french(folder)
    assert invoke("verify", scenario_dir, folder)[0] == 0
    code, output = invoke("report", folder, "-s", scenario_dir, "-o", tmp_path / "r.html")
    assert code == 0, output
    code, output = invoke("export", folder, "-s", scenario_dir, "-o", tmp_path / "cals")
    assert code == 0, output
    code, output = invoke("explain", scenario_dir, folder, "--no-check-changes", "-o", tmp_path / "e.md")
    assert code == 0, output
    code, output = invoke("compare", folder, folder, "--scenario", scenario_dir, "-q")
    assert code == 0, output
    a = planning.assignments[0]
    code, output = invoke(
        "replan", scenario_dir, "-p", folder, "--cancel", f"{a.doctor_id}@{a.date}", "-o", tmp_path / "re",
        "-q", "-t", "10", "-w", "1",
    )  # fmt: skip
    assert code == 0, output
    assert invoke("refresh", scenario_dir, folder)[0] == 0


# --- verified before any output --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["report", "export", "explain", "compare"])
def test_a_planning_that_breaks_a_hard_rule_is_refused_and_nothing_written(
    tmp_path: Path, command: str
) -> None:
    scenario, _ = solved()
    folder = saved(tmp_path)
    break_rules(folder, scenario)
    target = tmp_path / "out"
    args = {
        "report": ("report", folder, "-s", GOLDEN / NAME, "-o", target),
        "export": ("export", folder, "-s", GOLDEN / NAME, "-o", target),
        "explain": ("explain", GOLDEN / NAME, folder, "--no-check-changes", "-o", target),
        "compare": ("compare", folder, "--scenario", GOLDEN / NAME, "--csv", target),
    }[command]
    code, output = invoke(*args)
    assert code == 1, output
    assert "rule 1" in output and "--force" in flat(output)
    assert not target.exists()
    code, output = invoke(*args, "--force")
    assert code == 0, output
    assert target.exists()


def test_forced_outputs_are_marked_not_verified_on_every_page_and_file(tmp_path: Path) -> None:
    scenario, _ = solved()
    folder = saved(tmp_path)
    break_rules(folder, scenario)
    assert invoke("report", folder, "-s", GOLDEN / NAME, "-o", tmp_path / "r.html", "--force")[0] == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<title>[NON VÉRIFIÉ]" in page and 'class="unverified"' in page and "rule 1" in page
    assert (
        invoke("report", folder, "-s", GOLDEN / NAME, "-o", tmp_path / "en.html", "--force", "--lang", "en")[
            0
        ]
        == 0
    )
    assert "NOT VERIFIED" in (tmp_path / "en.html").read_text(encoding="utf-8")
    args = ("export", folder, "-s", GOLDEN / NAME, "-o", tmp_path / "c", "--force", "-f", "ics,gcal-csv")
    assert invoke(*args)[0] == 0
    files = [p for p in (tmp_path / "c").rglob("*") if p.is_file()]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".ics":
            calendar = Calendar.from_ical(text)
            assert str(calendar["X-WR-CALNAME"]).startswith("[NON VÉRIFIÉ]")
            assert all(str(e["SUMMARY"]).startswith("[NON VÉRIFIÉ]") for e in calendar.walk("VEVENT"))
        else:
            lines = text.splitlines()[1:]
            assert lines and all("[NON VÉRIFIÉ]" in line for line in lines)
    assert (
        invoke("explain", GOLDEN / NAME, folder, "--no-check-changes", "-o", tmp_path / "e.md", "--force")[0]
        == 0
    )
    assert "NON VÉRIFIÉ" in (tmp_path / "e.md").read_text(encoding="utf-8")
    code, _ = invoke("compare", folder, "--scenario", GOLDEN / NAME, "--force", "--csv", tmp_path / "c.csv")
    assert code == 0 and "NOT VERIFIED" in (tmp_path / "c.csv").read_text(encoding="utf-8")


def test_compare_refuses_a_planning_it_cannot_verify_unless_forced(tmp_path: Path) -> None:
    folder = saved(tmp_path)
    code, output = invoke("compare", folder, "-q")
    assert code == 1 and "--scenario" in flat(output)
    shutil.copytree(GOLDEN / NAME, folder / "scenario")
    assert invoke("compare", folder, "-q")[0] == 0, "a planning's own scenario/ folder is used"


# --- refresh after a hand edit ---------------------------------------------------------------------


def test_refresh_after_a_valid_hand_edit_makes_verify_pass(tmp_path: Path) -> None:
    scenario, planning = solved()
    folder = saved(tmp_path)
    lines = (folder / "assignments.csv").read_text(encoding="utf-8").splitlines()
    (folder / "assignments.csv").write_text("\n".join(lines[:1] + lines[2:]) + "\n", encoding="utf-8")
    resave_french(folder)
    code, output = invoke("verify", GOLDEN / NAME, folder)
    assert code == 1 and "coverage.csv" in output, "stale figures fail verification"
    assert invoke("report", folder, "-s", GOLDEN / NAME, "-o", tmp_path / "r.html")[0] == 1
    code, output = invoke("refresh", GOLDEN / NAME, folder)
    assert code == 0 and "OK" in output, output
    assert invoke("verify", GOLDEN / NAME, folder)[0] == 0
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    verdict, _ = verify_planning(scenario, folder)
    assert summary["status"] == "EDITED" and summary["proof"] == {} and summary["best_bound"] is None
    assert summary["gap"] is None and summary["doctor_days"] == len(planning.assignments) - 1
    assert summary["coverage_score"] == pytest.approx(verdict.coverage_score, rel=1e-9)
    assert summary["total_eur"] == pytest.approx(summary["indemnity_eur"] + summary["travel_eur"]
                                                 + summary["locum_eur"] + summary["lodging_eur"])  # fmt: skip
    assert invoke("report", folder, "-s", GOLDEN / NAME, "-o", tmp_path / "r.html")[0] == 0
    assert "MODIFIÉ" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_refresh_of_an_invalid_edit_exits_1_naming_the_rule(tmp_path: Path) -> None:
    scenario, _ = solved()
    folder = saved(tmp_path)
    break_rules(folder, scenario)
    code, output = invoke("refresh", GOLDEN / NAME, folder)
    assert code == 1 and "rule 1" in output and "INVALID" in output


# --- re-planning and calendars ---------------------------------------------------------------------


def ics_by_uid(folder: Path) -> dict[str, tuple[str, int, str]]:
    """UID -> (STATUS, SEQUENCE, file) over every .ics of an export folder."""
    found = {}
    for path in folder.rglob("*.ics"):
        for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            found[str(event["UID"])] = (
                str(event.get("STATUS", "CONFIRMED")), int(event.get("SEQUENCE", 0)), path.name,
            )  # fmt: skip
    return found


def test_replan_then_export_cancels_the_removed_mission_in_an_imported_calendar(tmp_path: Path) -> None:
    _, planning = solved()
    folder = saved(tmp_path)
    assert invoke("export", folder, "-s", GOLDEN / NAME, "-o", tmp_path / "sent")[0] == 0
    imported = ics_by_uid(tmp_path / "sent")
    a = planning.assignments[0]
    code, output = invoke(
        "replan", GOLDEN / NAME, "-p", folder, "--cancel", f"{a.doctor_id}@{a.date}", "-o", tmp_path / "new",
        "-q", "-t", "10", "-w", "1",
    )  # fmt: skip
    assert code == 0, output
    new = load_planning(tmp_path / "new")
    removed = {(x.date, x.doctor_id, x.site_id) for x in planning.assignments} - {
        (x.date, x.doctor_id, x.site_id) for x in new.assignments
    }
    assert (a.date, a.doctor_id, a.site_id) in removed
    removed_locum_days = {(x.date, x.replacement_id, x.practice_id) for x in planning.locum_days} - {
        (x.date, x.replacement_id, x.practice_id) for x in new.locum_days
    }  # a locum day is an event too: the one that covered the cancelled mission goes with it
    code, output = invoke(
        "export", tmp_path / "new", "-s", tmp_path / "new" / "scenario", "-o", tmp_path / "upd"
    )
    assert code == 0, output
    updated = ics_by_uid(tmp_path / "upd")
    cancelled = {uid for uid, (status, _, _) in updated.items() if status == "CANCELLED"}
    assert len(cancelled) == len(removed) + len(removed_locum_days) >= 1
    for uid in cancelled:
        status, sequence, file_name = updated[uid]
        assert uid in imported, "same UID as the event already imported"
        assert sequence > imported[uid][1] and file_name == imported[uid][2]
    for uid, (status, _, _) in updated.items():
        if status != "CANCELLED":
            assert uid not in cancelled
    # the same cancellations from an explicit --previous planning
    code, _ = invoke("export", tmp_path / "new", "-s", tmp_path / "new" / "scenario", "-o", tmp_path / "p",
                     "--previous", folder)  # fmt: skip
    assert code == 0
    assert {u for u, v in ics_by_uid(tmp_path / "p").items() if v[0] == "CANCELLED"} == cancelled


def test_replan_cancel_of_a_day_without_mission_is_an_error_naming_it(tmp_path: Path) -> None:
    scenario, planning = solved()
    folder = saved(tmp_path)
    busy = {(a.doctor_id, a.date) for a in planning.assignments}
    free = next(
        (d.doctor_id, day)
        for d in scenario.doctors
        for day in scenario.settings.dates()
        if (d.doctor_id, day) not in busy
    )
    value = f"{free[0]}@{free[1]}"
    code, output = invoke(
        "replan", GOLDEN / NAME, "-p", folder, "--cancel", value, "-o", tmp_path / "re", "-q"
    )
    assert code == 2 and value in output and "no such mission" in output
    assert not (tmp_path / "re").exists()


def test_far_missions_say_lodging_and_the_night_before(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z", demand=1)],
        sites=[site("S", "Z", lat=43.6, lon=0.0, lodging=1)],
        doctors=[doctor("D", lat=44.4, lon=0.0, max_km=200)],  # ~89 km x road factor: beyond 80
        available={"D": [8]},
        settings={"day_trip_max_km": 80, "lodging_night_eur": 70},
    )
    folder = spec.write(tmp_path / "scn")
    assert invoke("solve", folder, "-o", tmp_path / "plan", "-q", "-t", "10", "-w", "1")[0] == 0
    assert invoke("export", tmp_path / "plan", "-s", folder, "-o", tmp_path / "c")[0] == 0
    (ics,) = list((tmp_path / "c").rglob("*.ics"))
    (event,) = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert "Hébergement" in description and "nuit de la veille" in description
    assert "mardi 7 octobre 2025" in description and "70\u00a0€" in description
    scenario, planning = load_scenario(folder), load_planning(tmp_path / "plan")
    from roster.export import render_calendars

    english = render_calendars(scenario, planning, "ics", "doctor", lang=ENGLISH)
    assert b"the night before" in next(iter(english.values())).replace(b"\r\n ", b"")
    near = planning.model_copy(
        update={"assignments": tuple(a.model_copy(update={"km": 10.0}) for a in planning.assignments)}
    )
    assert b"nuit" not in b"".join(render_calendars(scenario, near, "ics", "doctor", lang=FRENCH).values())


def test_export_reads_no_cancellation_without_changes(tmp_path: Path) -> None:
    folder = saved(tmp_path)
    assert invoke("export", folder, "-s", GOLDEN / NAME, "-o", tmp_path / "c")[0] == 0
    assert all(status != "CANCELLED" and seq == 0 for status, seq, _ in ics_by_uid(tmp_path / "c").values())


def test_a_bad_changes_csv_is_reported_with_its_line(tmp_path: Path) -> None:
    folder = saved(tmp_path)
    (folder / "changes.csv").write_text(
        "change,kind,date,person_id,place_id,zone_id,km\nremoved,mission,2025-13-01,D,S,Z,1\n",
        encoding="utf-8",
    )
    code, output = invoke("export", folder, "-s", GOLDEN / NAME, "-o", tmp_path / "c")
    assert code == 2 and "changes.csv:2" in flat(output)


def test_dates_in_french() -> None:
    assert FRENCH.date(dt.date(2025, 10, 1)) == "1er octobre 2025"
    assert FRENCH.date(dt.date(2025, 10, 6), weekday=True) == "lundi 6 octobre 2025"
    assert FRENCH.number(14285.4, 1) == "14\u202f285,4" and ENGLISH.number(14285.4, 1) == "14,285.4"
    assert FRENCH.eur(1250) == "1\u202f250\u00a0€" and FRENCH.percent(0.125) == "12,5\u00a0%"


def test_explain_is_french_by_default(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z", demand=3)],
        sites=[site("S1", "Z", capacity=1, days="Wed")],
        doctors=[doctor(f"D{i}") for i in range(3)],
        available={f"D{i}": [1] for i in range(3)},
    )
    folder = spec.write(tmp_path / "scn")
    assert invoke("solve", folder, "--out", tmp_path / "plan", "-q")[0] == 0
    code, output = invoke("explain", folder, tmp_path / "plan", "--workers", "1")
    assert code == 0, output
    text = (tmp_path / "plan" / "explain.md").read_text(encoding="utf-8")
    assert text.startswith("# Pourquoi ces zones manquent de médecins : inline octobre 2025")
    assert "## Z Zone Z (priorité 1) : 1 jour(s)-médecin sur 3 demandés, manque 2" in text
    assert "2 le lieu était complet ce jour-là" in text
    assert "[oui] porter la capacité de Site S1 (S1) de 1 à 2" in text


def test_a_second_replan_raises_the_sequence_again(tmp_path: Path) -> None:
    folder = saved(tmp_path)
    steps = [(folder, GOLDEN / NAME)]
    exports = []
    for n in (1, 2):
        previous, scenario_dir = steps[-1]
        assert invoke("export", previous, "-s", scenario_dir, "-o", tmp_path / f"sent{n}")[0] == 0
        exports.append(ics_by_uid(tmp_path / f"sent{n}"))
        a = load_planning(previous).assignments[0]
        out = tmp_path / f"re{n}"
        code, output = invoke("replan", scenario_dir, "-p", previous, "--cancel", f"{a.doctor_id}@{a.date}",
                              "-o", out, "-q", "-t", "10", "-w", "1")  # fmt: skip
        assert code == 0, output
        assert f",{n}\n" in (out / "changes.csv").read_text(encoding="utf-8"), "revision column"
        steps.append((out, out / "scenario"))
    last, scenario_dir = steps[-1]
    assert invoke("export", last, "-s", scenario_dir, "-o", tmp_path / "sent3")[0] == 0
    final = ics_by_uid(tmp_path / "sent3")
    cancelled = {uid for uid, (status, _, _) in final.items() if status == "CANCELLED"}
    assert cancelled
    for uid in cancelled:
        assert final[uid][1] == 2 and uid in exports[1] and exports[1][uid][1] == 1
    events = [
        e
        for p in (tmp_path / "sent3").rglob("*.ics")
        for e in Calendar.from_ical(p.read_bytes()).walk("VEVENT")
    ]
    summaries = [str(e["SUMMARY"]) for e in events if str(e.get("STATUS", "")) == "CANCELLED"]
    assert summaries and all(s.startswith("ANNULÉ - Mission ") for s in summaries)


@settings(max_examples=25, deadline=None)
@given(french=st.booleans(), bom=st.booleans(), crlf=st.booleans(), blank=st.booleans())
def test_any_spreadsheet_dialect_reads_back_the_same_planning(
    french: bool, bom: bool, crlf: bool, blank: bool
) -> None:
    scenario, planning = solved()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plan"
        save_planning(folder, planning, scenario)
        original = load_planning(folder)
        for name in ("assignments.csv", "replacements.csv", "coverage.csv"):
            rows = list(csv.reader(io.StringIO((folder / name).read_text(encoding="utf-8"))))
            out = io.StringIO()
            writer = csv.writer(
                out, delimiter=";" if french else ",", lineterminator="\r\n" if crlf else "\n"
            )
            for i, row in enumerate(rows):
                cells = [c.replace(".", ",") if french and i and _number(c) else c for c in row]
                writer.writerow(cells)
                if blank and i == 1:
                    out.write("\r\n" if crlf else "\n")
            (folder / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))
        assert load_planning(folder) == original
        verdict, problems = verify_planning(scenario, folder)
        assert not problems and verdict.ok, verdict.violations[:3]
