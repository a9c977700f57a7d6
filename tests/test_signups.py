"""`roster signups`: a form export into a scenario's doctors, availability and wishes.

The example export ships with the pilot; malformed exports are refused with file:line,
exit 2 and nothing written; contact data never reaches a calendar, the report or an export.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from helpers_inputs import copy_golden, flat, run_cli
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from roster.export import FORMATS, GROUPS, render_calendars
from roster.export.workbook import planning_workbook
from roster.outputs.planning_folder import load_planning
from roster.report import render_report
from roster.scenarios import load_scenario
from roster.signups.communes import CommuneIndex, name_key
from roster.signups.merge import safe_text
from roster.signups.volunteers import doctor_id_for
from roster.verify import verify_planning

ROOT = Path(__file__).resolve().parents[1]
PILOT = ROOT / "scenarios" / "occitanie-pilot"
EXAMPLE = PILOT / "signups-example.csv"
RISCLE = next(  # the pilot's site at Riscle, whatever the pilot's recipe names it
    line.split(",")[2] for line in (PILOT / "sites.csv").read_text("utf-8").splitlines() if "Riscle" in line
)
HEADER = [
    "Nom", "Prénom", "Email", "Téléphone", "Numéro RPPS", "Commune d'exercice", "Lieux souhaités",
    "Créneaux souhaités", "Disponibilités", "Jours maximum", "Distance maximale (km)",
]  # fmt: skip


def example_script():
    spec = importlib.util.spec_from_file_location(
        "make_signups_example", ROOT / "scripts" / "make_signups_example.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pilot_copy(tmp_path: Path) -> Path:
    target = tmp_path / "pilot"
    shutil.copytree(PILOT, target, ignore=shutil.ignore_patterns("signups-example.csv"))
    return target


def example_for(pilot: Path, tmp_path: Path) -> Path:
    """The shipped example; if the pilot's sites or month changed since, the same export made for them."""
    sites = {row["name"] for row in csv.DictReader(io.StringIO((pilot / "sites.csv").read_text("utf-8")))}
    wished = {
        name.strip()
        for row in csv.DictReader(io.StringIO(EXAMPLE.read_text("utf-8")))
        for name in row["Lieux souhaités"].split(",")
    }
    month = load_scenario(pilot).settings.month
    months = {
        f"{day[6:10]}-{day[3:5]}"
        for row in csv.DictReader(io.StringIO(EXAMPLE.read_text("utf-8")))
        for day in row["Disponibilités"].split(", ")
    }
    if wished <= sites and months == {month}:
        return EXAMPLE
    target = tmp_path / "signups-example.csv"
    target.write_text(example_script().example_csv(pilot), encoding="utf-8")
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_export(path: Path, rows: list[dict[str, str]], header: list[str] = HEADER) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def volunteer(**changes: str) -> dict[str, str]:
    row = {
        "Nom": "Fictif", "Prénom": "Jeanne", "Email": "jeanne.fictif@example.org",
        "Téléphone": "06 39 98 00 01", "Numéro RPPS": "10099123456", "Commune d'exercice": "Auch",
        "Lieux souhaités": RISCLE, "Créneaux souhaités": "lundi",
        "Disponibilités": "06/10/2025, 13/10/2025", "Jours maximum": "2", "Distance maximale (km)": "120",
    }  # fmt: skip
    row.update(changes)
    return row


def import_ok(export: Path, into: Path, *extra: str) -> str:
    run = run_cli("signups", str(export), "--into", str(into), *extra)
    assert run.exit_code == 0, run.output
    return flat(run.output)


# --- the example export ------------------------------------------------------------------


def test_the_example_export_imports_validates_and_solves(tmp_path: Path) -> None:
    pilot = pilot_copy(tmp_path)
    before = load_scenario(pilot)
    output = import_ok(example_for(pilot, tmp_path), pilot)
    assert "40 volunteer(s) imported" in output and "40 new" in output
    assert "same RPPS number as line" in output  # the volunteer who signed up twice
    assert "commune 'Castres' is ambiguous; took Castres (81" in output
    after = load_scenario(pilot)
    assert len(after.doctors) == len(before.doctors) + 40
    assert after.sites == before.sites and after.zones == before.zones and after.practices == before.practices
    assert after.replacements == before.replacements
    assert {d.doctor_id for d in before.doctors} <= {d.doctor_id for d in after.doctors}
    imported = [d for d in after.doctors if d.doctor_id.startswith("D-")]
    assert all(d.rpps and d.email.endswith("@example.org") and d.phone for d in imported)
    assert all(after.available(d.doctor_id) for d in imported)
    wishes = list(csv.DictReader(io.StringIO((pilot / "wishes.csv").read_text("utf-8"))))
    assert wishes and {w["doctor_id"] for w in wishes} == {d.doctor_id for d in imported}
    site_ids = {s.site_id for s in after.sites}
    assert {w["site_id"] for w in wishes if w["site_id"]} <= site_ids
    assert {w["weekday"] for w in wishes if w["weekday"]} <= {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
    plan = tmp_path / "plan"
    run = run_cli("solve", str(pilot), "--out", str(plan), "-q", "--workers", "1")
    assert run.exit_code == 0, run.output
    verdict, problems = verify_planning(after, plan)
    assert not problems and not verdict.violations
    planning = load_planning(plan)
    assert any(a.doctor_id.startswith("D-") for a in planning.assignments)
    assert planning.summary.coverage_score >= load_planning_score(tmp_path, PILOT)


def load_planning_score(tmp_path: Path, scenario: Path) -> float:
    plan = tmp_path / "plan-before"
    assert run_cli("solve", str(scenario), "--out", str(plan), "-q", "--workers", "1").exit_code == 0
    return load_planning(plan).summary.coverage_score


def test_the_shipped_example_is_the_scripts_export_for_the_pilot() -> None:
    """After the pilot is rebuilt: `python scripts/make_signups_example.py` regenerates it."""
    assert EXAMPLE.read_text(encoding="utf-8") == example_script().example_csv(PILOT)


def test_importing_again_replaces_the_volunteers_rows_and_keeps_the_others(tmp_path: Path) -> None:
    pilot = pilot_copy(tmp_path)
    export = write_export(tmp_path / "export.csv", [volunteer()])
    import_ok(export, pilot)
    first = snapshot(pilot)
    assert "1 updated" in import_ok(export, pilot)  # same export: same files
    assert snapshot(pilot) == first
    write_export(export, [volunteer(**{"Disponibilités": "20/10/2025", "Créneaux souhaités": "mardi"})])
    assert "1 updated" in import_ok(export, pilot)
    scenario = load_scenario(pilot)
    doctor_id = doctor_id_for("10099123456")
    assert sorted(d.isoformat() for d in scenario.available(doctor_id)) == ["2025-10-20"]
    wishes = (pilot / "wishes.csv").read_text("utf-8")
    assert f"{doctor_id},,,Tue,,1" in wishes and f"{doctor_id},,,Mon,,1" not in wishes
    planner = [d for d in scenario.doctors if not d.doctor_id.startswith("D-")]
    assert len(planner) == len(load_scenario(PILOT).doctors)


def test_a_volunteer_the_planner_already_entered_keeps_the_planners_id(tmp_path: Path) -> None:
    pilot = pilot_copy(tmp_path)
    lines = (pilot / "doctors.csv").read_text("utf-8").splitlines()
    lines[0] += ",rpps"
    lines[1] += ",10099123456"
    lines[2:] = [line + "," for line in lines[2:]]
    (pilot / "doctors.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    planner_id = lines[1].split(",")[0]
    output = import_ok(write_export(tmp_path / "e.csv", [volunteer(**{"Nom": "Nouveau"})]), pilot)
    assert "1 updated" in output
    scenario = load_scenario(pilot)
    doctor = next(d for d in scenario.doctors if d.doctor_id == planner_id)
    assert doctor.name == "Dr Jeanne Nouveau" and doctor.practice_id  # the planner's practice is kept
    assert not any(d.doctor_id.startswith("D-") for d in scenario.doctors)


def test_a_mapping_file_reads_another_form_and_a_workbook_export(tmp_path: Path) -> None:
    pilot = pilot_copy(tmp_path)
    renamed = {"Nom": "Nom de famille", "Commune d'exercice": "Ville du cabinet", "Disponibilités": "Dates"}
    header = [renamed.get(h, h) for h in HEADER]
    row = {
        renamed.get(k, k): v
        for k, v in volunteer(**{"Jours maximum": "", "Distance maximale (km)": ""}).items()
    }
    export = tmp_path / "autre.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dossiers"
    ws.append(header)
    ws.append([row[h] for h in header])
    ws["I2"] = dt.datetime(2025, 10, 6)  # a date cell
    wb.save(export)
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\nlast_name = "nom de famille"\ncommune = "Ville du cabinet"\navailability = "Dates"\n'
        '[defaults]\nmax_km = 55\n[export]\nsheet = "Dossiers"\n',
        encoding="utf-8",
    )
    refused = run_cli("signups", str(export), "--into", str(pilot))
    assert refused.exit_code == 2 and f"{export}[Dossiers]:1: missing column 'Nom'" in flat(refused.output)
    import_ok(export, pilot, "--mapping", str(mapping))
    doctor = next(d for d in load_scenario(pilot).doctors if d.doctor_id == doctor_id_for("10099123456"))
    assert doctor.max_km == 55 and doctor.max_days == load_scenario(PILOT).settings.max_days_per_doctor


def test_a_scenario_workbook_can_receive_the_import(tmp_path: Path) -> None:
    book = tmp_path / "pilot.xlsx"
    assert run_cli("template", str(book), "--from", str(PILOT)).exit_code == 0
    import_ok(write_export(tmp_path / "e.csv", [volunteer()]), book)
    scenario = load_scenario(book)
    assert doctor_id_for("10099123456") in {d.doctor_id for d in scenario.doctors}
    assert "wishes" in openpyxl.load_workbook(book, read_only=True).sheetnames


# --- malformed exports: file:line, exit 2, nothing written ---------------------------------


@dataclass(frozen=True)
class Bad:
    id: str
    rows: Callable[[], list[dict[str, str]]]
    line: int
    words: tuple[str, ...]
    header: tuple[str, ...] = tuple(HEADER)


BAD_EXPORTS = [
    Bad("unknown-commune",
        lambda: [volunteer(), volunteer(**{"Numéro RPPS": "10099000002", "Commune d'exercice": "Auche"})],
        3, ("unknown commune 'Auche'", "did you mean", "Auch (32)")),
    Bad("date-outside-month", lambda: [volunteer(**{"Disponibilités": "06/10/2025, 03/11/2025"})],
        2, ("Disponibilités", "03/11/2025 is outside the planned month 2025-10")),
    Bad("unknown-site", lambda: [volunteer(**{"Lieux souhaités": RISCLE.replace("Riscle", "Risle")})],
        2, (f"unknown site '{RISCLE.replace('Riscle', 'Risle')}'", f"did you mean '{RISCLE}'")),
    Bad("bad-rpps", lambda: [volunteer(**{"Numéro RPPS": "1234"})], 2, ("Numéro RPPS", "11 digits")),
    Bad("unknown-slot", lambda: [volunteer(**{"Créneaux souhaités": "lundy"})],
        2, ("unknown slot 'lundy'", "did you mean 'lundi'")),
    Bad("bad-max-days", lambda: [volunteer(**{"Jours maximum": "deux"})],
        2, ("Jours maximum", "whole number")),
    Bad("not-a-date", lambda: [volunteer(**{"Disponibilités": "le 6 octobre"})],
        2, ("not a date JJ/MM/AAAA",)),
    Bad("month-first-dates", lambda: [volunteer(**{"Disponibilités": "10/13/2025, 10/20/2025"})],
        2, ("MM/DD/YYYY", "JJ/MM/AAAA")),
    Bad("missing-column", lambda: [{k: v for k, v in volunteer().items() if k != "Numéro RPPS"}],
        1, ("missing column 'Numéro RPPS'", "--mapping"),
        tuple(h for h in HEADER if h != "Numéro RPPS")),
    Bad("unknown-insee-code", lambda: [volunteer(**{"Commune d'exercice": "99999"})],
        2, ("unknown INSEE code",)),
    Bad("missing-name", lambda: [volunteer(**{"Nom": ""})], 2, ("'Nom'", "value is missing")),
]  # fmt: skip


@pytest.mark.parametrize("bad", BAD_EXPORTS, ids=lambda b: b.id)
def test_a_malformed_export_is_refused_with_file_and_line_and_nothing_is_written(
    bad: Bad, tmp_path: Path
) -> None:
    scenario = copy_golden("occitanie-small", tmp_path / "scn")
    pilot_sites = (PILOT / "sites.csv").read_text("utf-8").splitlines()
    riscle = next(line for line in pilot_sites if "Riscle" in line)
    (scenario / "sites.csv").write_text(
        (scenario / "sites.csv").read_text("utf-8") + _as_small_site(riscle, scenario)
    )
    export = write_export(tmp_path / "export.csv", bad.rows(), list(bad.header))
    before = snapshot(scenario)
    run = run_cli("signups", str(export), "--into", str(scenario))
    text = flat(run.output)
    assert run.exit_code == 2, run.output
    assert f"{export}:{bad.line}:" in text, text
    for word in bad.words:
        assert word in text, (word, text)
    assert "nothing was written" in text and not run.crashed
    assert snapshot(scenario) == before


def _as_small_site(line: str, scenario: Path) -> str:
    """The pilot's Riscle site, moved into the small scenario's first zone (so wishes can name it)."""
    fields = line.split(",")
    zone = next(csv.DictReader(io.StringIO((scenario / "zones.csv").read_text("utf-8"))))["zone_id"]
    return f"SRISCLE,{zone},{fields[2]},{fields[3]},{fields[4]},2,Mon Tue Wed Thu Fri,1\n"


def test_a_bad_mapping_file_is_refused(tmp_path: Path) -> None:
    pilot = pilot_copy(tmp_path)
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\nsurname = "Nom"\n[defaults]\nmax_km = -3\n', encoding="utf-8")
    run = run_cli("signups", str(write_export(tmp_path / "e.csv", [volunteer()])), "--into", str(pilot),
                  "--mapping", str(mapping))  # fmt: skip
    text = flat(run.output)
    assert run.exit_code == 2 and f"{mapping}:2: unknown field 'surname'" in text and f"{mapping}:4:" in text


def test_a_bad_scenario_is_refused_before_the_export_is_read(tmp_path: Path) -> None:
    scenario = copy_golden("occitanie-small", tmp_path / "scn")
    (scenario / "zones.csv").unlink()
    run = run_cli("signups", str(write_export(tmp_path / "e.csv", [volunteer()])), "--into", str(scenario))
    assert run.exit_code == 2 and "zones.csv" in run.output


# --- contact data stays private -------------------------------------------------------------


def test_contact_data_never_reaches_calendars_the_report_or_exports(tmp_path: Path) -> None:
    pilot = pilot_copy(tmp_path)
    import_ok(example_for(pilot, tmp_path), pilot)
    scenario = load_scenario(pilot)
    secrets = [s for d in scenario.doctors for s in (d.email, d.phone, d.rpps) if s]
    assert len(secrets) >= 120
    plan = tmp_path / "plan"
    assert run_cli("solve", str(pilot), "--out", str(plan), "-q", "--workers", "1").exit_code == 0
    planning = load_planning(plan)
    outputs: list[str] = [render_report(scenario, planning)]
    for fmt in FORMATS:
        for group in GROUPS:
            outputs += [c.decode("utf-8") for c in render_calendars(scenario, planning, fmt, group).values()]
    book = planning_workbook(scenario, planning)
    outputs += [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert run_cli("explain", str(pilot), str(plan)).exit_code == 0
    outputs += [
        p.read_text("utf-8") for p in plan.rglob("*") if p.is_file() and p.suffix in (".csv", ".json", ".md")
    ]
    text = "\n".join(outputs)
    phones = {s.replace(" ", "") for s in secrets}
    leaked = [s for s in secrets if s in text] + [p for p in phones if p in text.replace(" ", "")]
    assert not leaked, leaked[:5]


# --- parts --------------------------------------------------------------------------------------


def test_communes_by_name_code_postcode_and_ambiguous_names() -> None:
    index = CommuneIndex({"32", "81"})
    assert index.find("32013").commune.name == "Auch"
    assert index.find("1053").commune.insee_code == "01053"
    assert index.find("auch (32000)").commune.insee_code == "32013"
    assert index.find("St Gaudens").commune.name == "Saint-Gaudens"
    castres = index.find("Castres")
    assert castres.commune.department == "81" and "ambiguous" in castres.note
    assert CommuneIndex({"02"}).find("Castres").commune.department == "02"
    assert CommuneIndex({"02"}).find("Castres (81)").commune.department == "81"
    assert "did you mean" in index.find("Toulouze").problem
    assert name_key("Sainte-Croix-Volvestre") == name_key("ste croix volvestre")


def test_untrusted_text_is_never_a_formula_in_a_csv() -> None:
    assert safe_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_text("@SUM(A1)") == "'@SUM(A1)" and safe_text("-2+3") == "'-2+3"
    assert safe_text("+33 6 39 98 00 01") == "06 39 98 00 01"
    assert safe_text("Dr Jeanne Fictif") == "Dr Jeanne Fictif"


def test_a_merge_that_would_break_the_scenario_writes_nothing_and_names_the_target(tmp_path: Path) -> None:
    from roster.scenarios import ScenarioError
    from roster.signups.merge import Merged, Sheet, write_merged

    scenario = copy_golden("occitanie-small", tmp_path / "scn")
    before = snapshot(scenario)
    columns = ["doctor_id", "name", "practice_id", "latitude", "longitude", "max_days", "max_km"]
    bad = Sheet(columns, [dict(zip(columns, ["D-1", "Dr X", "", "123", "1.0", "2", "50"], strict=True))])
    with pytest.raises(ScenarioError) as caught:
        write_merged(scenario, Merged({"doctors.csv": bad}, 1, 0, 0, 0))
    assert f"{scenario / 'doctors.csv'}:2: column 'latitude'" in str(caught.value)
    assert snapshot(scenario) == before and not list(tmp_path.glob(".scn*"))


def test_a_phone_read_as_a_number_gets_its_leading_zero_back() -> None:
    from roster.signups.volunteers import _phone

    assert _phone("639980001") == "0639980001" and _phone("06 39 98 00 01") == "06 39 98 00 01"


TRICKY = {
    "Nom": ["Fictif", "", "=cmd|' /C calc'!A0", "O'Brien, Jr", "x" * 300],
    "Prénom": ["Jeanne", "", "@SUM(1)"],
    "Email": ["", "a@example.org", "+33 6 39 98 00 01", "=1+1"],
    "Téléphone": ["", "639980001", "+33 6 39 98 00 01", "-1"],
    "Numéro RPPS": ["10099123456", "10099123457", "100 991 234 58", "", "1e10", "abc"],
    "Commune d'exercice": ["Auch", "32013", "1053", "Castres", "auch (32000)", "Nowhere", "", "2A004"],
    "Lieux souhaités": ["", RISCLE, "SRISCLE; Riscle", f"{RISCLE},,",
                        "Z9"],
    "Créneaux souhaités": ["", "lundi", "LUNDIS, week-end", "06/10/2025", "mardi matin", "01/01/2025",
                           "jamais"],
    "Disponibilités": ["", "06/10/2025", "06/10/2025; 2025-10-07", "10/13/2025", "31/02/2025",
                       "06/10/2025\n07/10/2025"],
    "Jours maximum": ["", "0", "2", "-1", "2.5", "3 jours"],
    "Distance maximale (km)": ["", "60", "60,5 km", "1e9", "nan"],
}  # fmt: skip


@st.composite
def export_rows(draw: st.DrawFn) -> dict[str, str]:
    """A valid volunteer with up to two cells replaced by tricky values (valid or not)."""
    row = volunteer(**{"Numéro RPPS": draw(st.sampled_from(TRICKY["Numéro RPPS"][:3]))})
    for column in draw(st.lists(st.sampled_from(sorted(TRICKY)), max_size=2, unique=True)):
        row[column] = draw(st.sampled_from(TRICKY[column]))
    return row


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(export_rows(), min_size=1, max_size=3))
def test_any_export_is_either_imported_into_a_valid_scenario_or_refused_with_nothing_written(
    rows, tmp_path
) -> None:
    from roster.scenarios import ScenarioError
    from roster.signups import import_signups

    base = tmp_path / f"case-{uuid.uuid4().hex}"
    scenario = copy_golden("occitanie-small", base / "scn")
    riscle = next(line for line in (PILOT / "sites.csv").read_text("utf-8").splitlines() if "Riscle" in line)
    (scenario / "sites.csv").write_text(
        (scenario / "sites.csv").read_text("utf-8") + _as_small_site(riscle, scenario)
    )
    export = write_export(base / "export.csv", rows)
    before = snapshot(scenario)
    try:
        summary = import_signups(export, scenario)
    except ScenarioError as exc:
        assert exc.issues and all(str(export) in i.path for i in exc.issues), exc.issues
        assert snapshot(scenario) == before
        event("refused")
        return
    event("imported")
    loaded = load_scenario(scenario)
    assert summary.volunteers == len({d.doctor_id for d in loaded.doctors if d.doctor_id.startswith("D-")})
    for row in csv.DictReader(io.StringIO((scenario / "doctors.csv").read_text("utf-8"))):
        texts = [row[c] for c in ("name", "email", "phone")]
        assert not any(text.startswith(("=", "+", "-", "@")) for text in texts), row
