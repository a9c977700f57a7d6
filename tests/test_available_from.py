"""doctors.csv `available_from` (no mission before the date a volunteer is registered from) and
sites.csv `am_hours` / `pm_hours` / `address` / `commune`: read, solved, verified, explained."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

from brute_force import best_planning, search_size
from helpers_inputs import flat, run_cli
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scenario_builder import Spec, doctor, site, solve_and_verify, write_planning_rows, zone
from strategies import scenarios

from roster.explain.reasons import Explainer
from roster.explain.report import explain_markdown
from roster.i18n import ENGLISH
from roster.scenarios import load_scenario
from roster.solvers import SolveOptions, solve
from roster.verify import verify_planning

OPTIONS = SolveOptions(time_limit_s=20, workers=1, seed=0)


def late_doctor_month(available_from: str = "2025-10-04") -> Spec:
    """One zone wanting 4 days, one doctor available from the 1st to the 6th, registered from the 4th."""
    return Spec(
        zones=[zone("Z", demand=4)],
        sites=[site("S1", "Z", capacity=1)],
        doctors=[{**doctor("D1", max_days=4), "available_from": available_from}],
        available={"D1": [1, 2, 3, 4, 5, 6]},
        settings={"max_days_per_doctor": 4},
    )


def test_no_mission_before_available_from_and_the_verifier_agrees(tmp_path: Path) -> None:
    folder = late_doctor_month().write(tmp_path / "scn")
    scenario, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok, verdict.violations
    days = sorted(a.date.day for a in planning.assignments)
    assert days == [4, 5, 6]  # the 1st to the 3rd are before the registration date
    assert scenario.doctors[0].available_from == dt.date(2025, 10, 4)


def test_the_verifier_flags_a_mission_before_available_from(tmp_path: Path) -> None:
    folder = late_doctor_month().write(tmp_path / "scn")
    scenario = load_scenario(folder)
    plan = write_planning_rows(tmp_path / "plan", [("2025-10-02", "D1", "S1", "Z", 0.0)])
    verdict, problems = verify_planning(scenario, plan)
    assert problems == []
    flagged = [v for v in verdict.violations if v.startswith("available_from:")]
    assert flagged == [
        "available_from: assignments.csv:2: D1 on 2025-10-02 is before 2025-10-04, the date they are "
        "registered from"
    ]


def test_an_empty_column_gives_the_same_planning_as_no_column(tmp_path: Path) -> None:
    spec = late_doctor_month()
    spec.doctors = [doctor("D1", max_days=4)]
    plain = spec.write(tmp_path / "plain")
    spec.doctors = [{**doctor("D1", max_days=4), "available_from": ""}]
    empty = spec.write(tmp_path / "empty")
    for name, folder in (("a", plain), ("b", empty)):
        solve_and_verify(folder, tmp_path / name)
    for file in ("assignments.csv", "replacements.csv", "coverage.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_french_dates_bad_dates_and_a_registration_after_the_month(tmp_path: Path) -> None:
    folder = late_doctor_month("04/10/2025").write(tmp_path / "fr")
    assert load_scenario(folder).doctors[0].available_from == dt.date(2025, 10, 4)
    bad = late_doctor_month("4 octobre").write(tmp_path / "bad")
    run = run_cli("validate", str(bad))
    assert run.exit_code == 2
    assert "doctors.csv:2: column 'available_from': must be a date YYYY-MM-DD or JJ/MM/AAAA" in flat(
        run.output
    )
    late = late_doctor_month("2025-11-03").write(tmp_path / "late")
    warnings: list[str] = []
    load_scenario(late, warnings)
    assert any("registered only from 2025-11-03" in w and "doctors.csv:2" in w for w in warnings)
    assert solve(load_scenario(late), OPTIONS).assignments == ()


def test_explain_counts_volunteers_only_available_before_their_registration(tmp_path: Path) -> None:
    spec = late_doctor_month("2025-10-20")  # registered after every available day
    folder = spec.write(tmp_path / "scn")
    scenario = load_scenario(folder)
    planning = solve(scenario, OPTIONS)
    e = Explainer(scenario, planning)
    facts = e.facts(0)
    assert (facts.can_reach, facts.available_on_open_days, facts.not_registered) == (1, 0, 1)
    text = explain_markdown(e, [(facts, [])], "t", ENGLISH)
    assert "1 more volunteer(s) in reach are available on its open days only before" in text


def test_a_pin_before_available_from_is_infeasible_and_names_the_rule(tmp_path: Path) -> None:
    folder = late_doctor_month().write(tmp_path / "scn")
    (folder / "pins.csv").write_text("date,doctor_id,site_id\n2025-10-02,D1,S1\n", encoding="utf-8")
    planning = solve(load_scenario(folder), OPTIONS)
    assert planning.summary.status == "INFEASIBLE"
    assert any("available_from" in c for c in planning.summary.conflicts), planning.summary.conflicts


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spec=scenarios(max_zones=2, max_sites=2, max_doctors=3, max_practices=1, max_locums=1, days=4),
    firsts=st.lists(st.sampled_from(["", "2025-10-02", "2025-10-03", "2025-10-05"]), min_size=3, max_size=3),
)
def test_solves_with_registration_dates_reach_the_brute_force_optimum(spec, firsts) -> None:
    spec.doctors = [{**d, "available_from": first} for d, first in zip(spec.doctors, firsts, strict=False)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = spec.write(Path(tmp) / "scn")
        scenario, planning, verdict = solve_and_verify(folder, Path(tmp) / "plan")
        assert verdict.ok, verdict.violations
        assume(search_size(scenario) <= 20000)
        score, _ = best_planning(scenario)
        assert planning.summary.coverage_score == float(score)


# --- sites.csv: hours and where patients go ------------------------------------------------


def sites_with(tmp_path: Path, **cells: str) -> Path:
    spec = late_doctor_month()
    spec.sites = [{**site("S1", "Z"), **cells}]
    return spec.write(tmp_path / "scn")


def test_site_hours_default_and_are_read_in_several_spellings(tmp_path: Path) -> None:
    plain = load_scenario(late_doctor_month().write(tmp_path / "plain")).sites[0]
    assert plain.half_days() == (("08:30", "12:30"), ("13:30", "18:00"))
    given_hours = sites_with(tmp_path, am_hours="9h - 12h15", pm_hours="14:00-17:30", address="2 rue X\nAuch")
    s = load_scenario(given_hours).sites[0]
    assert (s.am_hours, s.pm_hours, s.address) == ("09:00-12:15", "14:00-17:30", "2 rue X Auch")


def test_bad_site_hours_are_refused_with_file_and_line(tmp_path: Path) -> None:
    for cells, message in (
        ({"am_hours": "12:30-08:30"}, "column 'am_hours': must be hours like 08:30-12:30"),
        ({"pm_hours": "midi"}, "column 'pm_hours': must be hours like 08:30-12:30"),
        (
            {"am_hours": "08:00-14:00"},
            "column 'pm_hours': 13:30-18:00 begins before am_hours 08:00-14:00 ends",
        ),
    ):
        run = run_cli("validate", str(sites_with(tmp_path / message[:12].replace(" ", "_"), **cells)))
        assert run.exit_code == 2, run.output
        assert f"sites.csv:2: {message}" in flat(run.output)


def test_a_snapshot_of_the_scenario_keeps_the_new_columns(tmp_path: Path) -> None:
    from roster.scenarios.scenario_files import scenario_files

    folder = sites_with(tmp_path, am_hours="09:00-12:00", commune="Auch")
    files = scenario_files(load_scenario(folder))
    sites = list(csv.DictReader(files["sites.csv"].decode().splitlines()))
    doctors = list(csv.DictReader(files["doctors.csv"].decode().splitlines()))
    assert (sites[0]["am_hours"], sites[0]["commune"], "pm_hours" in sites[0]) == (
        "09:00-12:00",
        "Auch",
        False,
    )
    assert doctors[0]["available_from"] == "2025-10-04"


# --- the sign-up import ----------------------------------------------------------------------


def test_the_sign_up_import_reads_the_registration_date(tmp_path: Path) -> None:
    import shutil

    pilot = Path(__file__).resolve().parents[1] / "scenarios" / "occitanie-pilot"
    into = tmp_path / "pilot"
    shutil.copytree(pilot, into, ignore=shutil.ignore_patterns("signups-example.csv"))
    header = "Nom,Prénom,Numéro RPPS,Commune d'exercice,Disponibilités,Disponible à partir du\n"
    rows = ["Fictif,Jeanne,10099123456,Auch,\"06/10/2025, 20/10/2025\",13/10/2025\n",
            "Autre,Paul,10099123457,Auch,06/10/2025,\n"]  # fmt: skip
    export = tmp_path / "export.csv"
    export.write_text(header + "".join(rows), encoding="utf-8")
    run = run_cli("signups", str(export), "--into", str(into))
    assert run.exit_code == 0, run.output
    doctors = {d.name: d for d in load_scenario(into).doctors}
    assert doctors["Dr Jeanne Fictif"].available_from == dt.date(2025, 10, 13)
    assert doctors["Dr Paul Autre"].available_from is None
    before = {p.name: p.read_bytes() for p in into.iterdir()}
    export.write_text(header + rows[0].replace("13/10/2025", "mi-octobre"), encoding="utf-8")
    run = run_cli("signups", str(export), "--into", str(into))
    assert run.exit_code == 2
    assert "export.csv:2: column 'Disponible à partir du': 'mi-octobre' is not a date JJ/MM/AAAA" in flat(
        run.output
    )
    assert {p.name: p.read_bytes() for p in into.iterdir()} == before  # nothing written
