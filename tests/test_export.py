"""Calendars of a planning: Google/Outlook CSV and iCalendar, per doctor, site and zone."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from roster.cli import app
from roster.export import FORMATS, GROUPS, render_calendars
from roster.export.csv_calendars import GCAL_HEADER, OUTLOOK_HEADER
from roster.export.events import LOCUM_PREFIX, slug
from roster.i18n import FRENCH
from roster.models import Planning, Scenario
from roster.outputs.planning_folder import load_planning, save_planning
from roster.scenarios import load_scenario
from roster.solvers import SolveOptions, solve

GOLDEN = Path(__file__).parent / "golden"
# Both have locum days; november-holidays has accents ("Maison de santé") and holidays.
SCENARIOS = ("november-holidays", "aura-distances")
IDS = re.compile(r"Doctor: .*? \(([^()]+)\).*Site: .*? \(([^()]+)\)", re.S)

Mission = tuple[dt.date, str, str]


@cache
def solved(name: str) -> tuple[Scenario, Planning]:
    scenario = load_scenario(GOLDEN / name)
    return scenario, solve(scenario, SolveOptions(time_limit_s=10, workers=1))


def missions(planning: Planning) -> Counter[Mission]:
    return Counter((a.date, a.doctor_id, a.site_id) for a in planning.assignments)


def mission_files(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: content for name, content in files.items() if not name.startswith(LOCUM_PREFIX)}


def csv_missions(files: dict[str, bytes], fmt: str) -> Counter[Mission]:
    """Parse every mission CSV back with pandas: (date, doctor id, site id) per row."""
    encoding, date_format = ("utf-8-sig", "%m/%d/%Y") if fmt == "outlook-csv" else ("utf-8", "%m/%d/%Y")
    found: Counter[Mission] = Counter()
    for content in mission_files(files).values():
        frame = pd.read_csv(io.BytesIO(content), encoding=encoding, dtype=str, keep_default_na=False)
        for _, row in frame.iterrows():
            start = dt.datetime.strptime(row["Start Date"], date_format).date()
            assert dt.datetime.strptime(row["End Date"], date_format).date() == start
            match = IDS.search(row["Description"])
            assert match, row["Description"]
            found[(start, match.group(1), match.group(2))] += 1
    return found


def ics_events(content: bytes) -> list:
    return list(Calendar.from_ical(content).walk("VEVENT"))


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("group", GROUPS)
def test_one_file_per_entity_with_missions_plus_one_per_locum(name: str, group: str) -> None:
    scenario, planning = solved(name)
    ids = {
        "doctor": {a.doctor_id for a in planning.assignments},
        "site": {a.site_id for a in planning.assignments},
        "zone": {a.zone_id for a in planning.assignments},
    }[group]
    assert planning.locum_days, "the golden scenario should exercise locum days"
    for fmt in FORMATS:
        files = render_calendars(scenario, planning, fmt, group)
        ext = "ics" if fmt == "ics" else "csv"
        locums = {r.replacement_id for r in planning.locum_days}
        assert sorted(n for n in files if n.startswith(LOCUM_PREFIX)) == sorted(
            f"{LOCUM_PREFIX}{slug(r.replacement_id, r.name)}.{ext}"
            for r in scenario.replacements
            if r.replacement_id in locums
        )
        stems = sorted(file_name.split("-")[0] for file_name in mission_files(files))
        assert stems == sorted(slug(i) for i in ids)
        assert all(re.fullmatch(rf"[a-z0-9-]+\.{ext}", n) for n in files), list(files)


def test_slug_is_ascii_lowercase_id_and_name() -> None:
    assert slug("D00012", "Dr Marie Dupont") == "d00012-dr-marie-dupont"
    assert (
        slug("S0005", "Maison de santé Saint-Frézal-d'Albuges")
        == "s0005-maison-de-sante-saint-frezal-d-albuges"
    )


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("group", GROUPS)
def test_gcal_csv_parses_back_into_the_same_missions(name: str, group: str) -> None:
    scenario, planning = solved(name)
    files = render_calendars(scenario, planning, "gcal-csv", group)
    for content in files.values():
        assert not content.startswith(b"\xef\xbb\xbf"), "Google CSV must not carry a BOM"
        assert content.decode("utf-8").splitlines()[0] == ",".join(GCAL_HEADER)
        frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
        assert set(frame["All Day Event"]) == {"True"}
        assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", d) for d in frame["Start Date"])
    assert csv_missions(files, "gcal-csv") == missions(planning)


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("group", GROUPS)
def test_outlook_csv_has_bom_standard_header_and_same_missions(name: str, group: str) -> None:
    scenario, planning = solved(name)
    files = render_calendars(scenario, planning, "outlook-csv", group)
    for content in files.values():
        assert content.startswith(b"\xef\xbb\xbf"), "Outlook CSV needs a BOM for Excel"
        assert content.decode("utf-8-sig").splitlines()[0] == ",".join(OUTLOOK_HEADER)
        frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert list(frame.columns) == list(OUTLOOK_HEADER)
        assert set(frame["All day event"]) == {"True"}
        assert all(re.fullmatch(r"[1-9]\d?/[1-9]\d?/\d{4}", d) for d in frame["Start Date"])
    assert csv_missions(files, "outlook-csv") == missions(planning)


def test_outlook_csv_keeps_french_accents() -> None:
    scenario, planning = solved("november-holidays")
    text = b"".join(render_calendars(scenario, planning, "outlook-csv", "site").values()).decode("utf-8")
    assert "Maison de santé" in text


OUTLOOK_STANDARD = (
    "Subject,Start Date,Start Time,End Date,End Time,All day event,Reminder on/off,Reminder Date,"
    "Reminder Time,Meeting Organizer,Required Attendees,Optional Attendees,Meeting Resources,"
    "Billing Information,Categories,Description,Location,Mileage,Priority,Private,Sensitivity,Show time as"
)


def test_csv_headers_are_the_importers_ones() -> None:
    assert ",".join(GCAL_HEADER) == (
        "Subject,Start Date,Start Time,End Date,End Time,All Day Event,Description,Location,Private"
    )
    assert ",".join(OUTLOOK_HEADER) == OUTLOOK_STANDARD


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("group", GROUPS)
def test_ics_parses_back_into_all_day_events_on_the_same_dates(name: str, group: str) -> None:
    scenario, planning = solved(name)
    files = render_calendars(scenario, planning, "ics", group)
    found: Counter[Mission] = Counter()
    stamp = dt.datetime(*scenario.settings.first_day.timetuple()[:3], tzinfo=dt.UTC)
    for file_name, content in mission_files(files).items():
        assert b"DTSTART;VALUE=DATE:" in content and b"DTEND;VALUE=DATE:" in content
        calendar = Calendar.from_ical(content)
        assert str(calendar["VERSION"]) == "2.0" and "roster" in str(calendar["PRODID"])
        for event in calendar.walk("VEVENT"):
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            assert type(start) is dt.date and end == start + dt.timedelta(days=1), file_name
            assert event.decoded("DTSTAMP") == stamp
            doctor_id, site_id = IDS.search(str(event["DESCRIPTION"])).groups()
            found[(start, doctor_id, site_id)] += 1
            site = next(s for s in scenario.sites if s.site_id == site_id)
            doctor = next(d for d in scenario.doctors if d.doctor_id == doctor_id)
            zone = next(z for z in scenario.zones if z.zone_id == site.zone_id)
            assert str(event["SUMMARY"]) == f"Mission {doctor.name} - {site.name}"
            assert site.name in str(event["LOCATION"]) and zone.name in str(event["LOCATION"])
            description = str(event["DESCRIPTION"])
            assert zone.name in description and " km" in description
            assert f"{scenario.settings.daily_indemnity_eur:.0f} EUR" in description
    assert found == missions(planning)


@pytest.mark.parametrize("name", SCENARIOS)
def test_locum_calendar_lists_every_locum_day(name: str) -> None:
    scenario, planning = solved(name)
    practices = {p.practice_id: p.name for p in scenario.practices}
    names = {r.replacement_id: r.name for r in scenario.replacements}
    for lang, word in ((None, "Locum"), (FRENCH, "Remplacement")):
        files = render_calendars(scenario, planning, "ics", "doctor", **({"lang": lang} if lang else {}))
        got = []
        for file_name, content in files.items():
            if file_name.startswith(LOCUM_PREFIX):
                calendar = Calendar.from_ical(content)
                events = list(calendar.walk("VEVENT"))
                person = {str(e["SUMMARY"]).split(" - ")[0][len(word) + 1 :] for e in events}
                assert len(person) == 1, "one calendar per locum"
                assert person.pop() in str(calendar["X-WR-CALNAME"]), "the calendar carries the locum's name"
                got += [(e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events]
        assert sorted(got) == sorted(
            (r.date, f"{word} {names[r.replacement_id]} - {practices[r.practice_id]}")
            for r in planning.locum_days
        )
    csv_files = render_calendars(scenario, planning, "gcal-csv", "site")
    rows = sum(len(pd.read_csv(io.BytesIO(c))) for n, c in csv_files.items() if n.startswith(LOCUM_PREFIX))
    assert rows == len(planning.locum_days)


def test_a_planning_without_missions_or_locums_gives_no_file() -> None:
    scenario, planning = solved("november-holidays")
    empty = planning.model_copy(update={"assignments": (), "locum_days": ()})
    assert all(render_calendars(scenario, empty, fmt, group) == {} for fmt in FORMATS for group in GROUPS)


def test_no_locum_file_without_locum_days() -> None:
    scenario, planning = solved("november-holidays")
    bare = planning.model_copy(update={"locum_days": ()})
    for fmt in FORMATS:
        assert not any(n.startswith(LOCUM_PREFIX) for n in render_calendars(scenario, bare, fmt, "zone"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_reexport_from_the_saved_planning_is_byte_identical(fmt: str, tmp_path: Path) -> None:
    scenario, planning = solved("aura-distances")
    save_planning(tmp_path / "plan", planning, scenario)
    reloaded = load_planning(tmp_path / "plan")
    for group in GROUPS:
        first = render_calendars(scenario, planning, fmt, group)
        assert render_calendars(scenario, planning, fmt, group) == first
        assert render_calendars(scenario, reloaded, fmt, group) == first


def test_uids_are_unique_per_file_shared_across_groups_and_stable_when_others_change() -> None:
    scenario, planning = solved("aura-distances")

    def uids(p: Planning, group: str) -> dict[tuple[dt.date, str], str]:
        result: dict[tuple[dt.date, str], str] = {}
        for content in mission_files(render_calendars(scenario, p, "ics", group)).values():
            events = ics_events(content)
            file_uids = [str(e["UID"]) for e in events]
            assert len(set(file_uids)) == len(file_uids)
            for e in events:
                doctor_id = IDS.search(str(e["DESCRIPTION"])).group(1)
                result[(e.decoded("DTSTART"), doctor_id)] = str(e["UID"])
        return result

    by_doctor, by_site = uids(planning, "doctor"), uids(planning, "site")
    assert by_doctor == by_site
    assert len(set(by_doctor.values())) == len(planning.assignments)
    assert all(re.fullmatch(r"[0-9a-f]{40}@roster", uid) for uid in by_doctor.values())
    smaller = planning.model_copy(update={"assignments": planning.assignments[1:]})
    kept = uids(smaller, "doctor")
    assert kept == {k: v for k, v in by_doctor.items() if k in kept} and len(kept) == len(by_doctor) - 1


def test_unknown_format_or_group_is_refused() -> None:
    scenario, planning = solved("november-holidays")
    with pytest.raises(ValueError, match="format"):
        render_calendars(scenario, planning, "pdf", "doctor")
    with pytest.raises(ValueError, match="group"):
        render_calendars(scenario, planning, "ics", "department")


# --- command line ---------------------------------------------------------------------------------

runner = CliRunner()


def test_solve_with_export_writes_calendars_inside_the_planning_folder(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    args = ["solve", str(GOLDEN / "november-holidays"), "--out", str(plan), "-t", "10", "-w", "1", "-q"]
    result = runner.invoke(app, [*args, "--export", "ics,gcal-csv"])
    assert result.exit_code == 0, result.output
    scenario, planning = load_scenario(GOLDEN / "november-holidays"), load_planning(plan)
    for fmt in ("ics", "gcal-csv"):
        for group in GROUPS:
            folder = plan / "calendars" / fmt / group
            expected = render_calendars(scenario, planning, fmt, group, lang=FRENCH)
            assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
            assert all((folder / n).read_bytes() == c for n, c in expected.items())
    assert not (plan / "calendars" / "outlook-csv").exists()


def test_export_command_writes_every_format_and_group_and_protects_existing_output(tmp_path: Path) -> None:
    scenario_dir = GOLDEN / "november-holidays"
    scenario, planning = solved("november-holidays")
    save_planning(tmp_path / "plan", planning, scenario)
    out = tmp_path / "cals"
    base = ["export", str(tmp_path / "plan"), "--scenario", str(scenario_dir), "--out", str(out)]
    result = runner.invoke(app, [*base, "--format", "gcal-csv,outlook-csv,ics", "--by", "doctor,site,zone"])
    assert result.exit_code == 0, result.output
    for fmt in FORMATS:
        for group in GROUPS:
            expected = render_calendars(scenario, planning, fmt, group, lang=FRENCH)
            assert {p.name: p.read_bytes() for p in (out / fmt / group).iterdir()} == expected
    refused = runner.invoke(app, [*base, "--format", "ics"])
    assert refused.exit_code == 2 and "--force" in flat(refused.output)
    assert (out / "outlook-csv").is_dir(), "a refused export must leave the folder untouched"
    forced = runner.invoke(app, [*base, "--format", "ics", "--by", "zone", "--force"])
    assert forced.exit_code == 0, forced.output
    assert sorted(p.name for p in out.iterdir()) == ["ics"]
    assert (tmp_path / "cals.prev" / "outlook-csv").is_dir(), "the replaced folder is kept as a backup"
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_export_command_rejects_unknown_format(tmp_path: Path) -> None:
    scenario, planning = solved("november-holidays")
    save_planning(tmp_path / "plan", planning, scenario)
    args = ["export", str(tmp_path / "plan"), "--scenario", str(GOLDEN / "november-holidays")]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "c"), "--format", "pdf"])
    assert result.exit_code == 2 and "pdf" in result.output
    assert not (tmp_path / "c").exists()


def flat(text: str) -> str:
    """The console wraps long lines at 80 columns: compare without whitespace."""
    return "".join(text.split())


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2025-11-31,D00000,S0001,241200914,1.0", "bad row"),
        ("2025-11-03,NOBODY,S0001,241200914,1.0", "doctor_id 'NOBODY' is not in the scenario"),
        ("2025-11-03,D00000,S9999,241200914,1.0", "site_id 'S9999' is not in the scenario"),
    ],
)
def test_export_command_reports_bad_planning_rows_as_file_line_and_exits_2(
    row: str, message: str, tmp_path: Path
) -> None:
    scenario, planning = solved("november-holidays")
    plan = tmp_path / "plan"
    save_planning(plan, planning, scenario)
    lines = (plan / "assignments.csv").read_text().splitlines()
    lines[2] = row
    (plan / "assignments.csv").write_text("\n".join(lines) + "\n")
    out = tmp_path / "cals"
    args = ["export", str(plan), "--scenario", str(GOLDEN / "november-holidays"), "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert flat(f"{plan / 'assignments.csv'}:3: {message}") in flat(result.output)
    assert not out.exists()


def test_export_command_with_a_planning_of_another_scenario_exits_2(tmp_path: Path) -> None:
    scenario, planning = solved("november-holidays")
    save_planning(tmp_path / "plan", planning, scenario)
    args = ["export", str(tmp_path / "plan"), "--scenario", str(GOLDEN / "rules-bind")]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert flat(f"{tmp_path / 'plan' / 'assignments.csv'}:2: date") in flat(result.output)
    assert flat("outside the scenario's month 2025-10") in flat(result.output)
    assert not (tmp_path / "c").exists()


def test_export_command_with_missing_folders_exits_2(tmp_path: Path) -> None:
    args = ["export", str(tmp_path / "nope"), "--scenario", str(GOLDEN / "rules-bind")]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "c")])
    assert result.exit_code == 2 and "summary.json" in flat(result.output)
    scenario, planning = solved("november-holidays")
    save_planning(tmp_path / "plan", planning, scenario)
    args = ["export", str(tmp_path / "plan"), "--scenario", str(tmp_path / "missing")]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "c")])
    assert result.exit_code == 2 and flat(str(tmp_path / "missing")) in flat(result.output)
