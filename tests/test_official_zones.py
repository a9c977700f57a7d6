"""`roster generate --zones official`: the named priority zones first, proxies after,
the designation column, and the bundled scenarios built on them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from roster.cli import app
from roster.explain.reasons import Explainer
from roster.explain.report import explain_markdown
from roster.models import Planning, Scenario
from roster.report.coverage import coverage_section
from roster.scenarios import load_scenario
from roster.scenarios.bundled import RECIPES
from roster.scenarios.generator import GeneratorSpec, generate
from roster.scenarios.geodata import communes, epcis
from roster.scenarios.official_zones import REGION_COUNTS, named_zones
from roster.scenarios.scenario_files import scenario_tables
from roster.scenarios.writer import table_csv, write_scenario
from roster.scenarios.zones_option import parse_zones
from roster.solvers import SolveOptions, solve

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
runner = CliRunner()
NO_PROXY_DEPARTMENTS = {"48", "31", "81", "84"}  # Lozère, Haute-Garonne, Tarn, Vaucluse: all named
AURA_DEPARTMENTS = {"03", "07", "15", "42", "43", "63"}  # where the sources place AuRA's 17 zones
UNCERTAIN = {"200027548", "243000270", "244200820", "249740085"}  # Savanes, Viganais, Urfé, CA du Sud


def official(region: str, zones: int = 0) -> pd.DataFrame:
    spec = GeneratorSpec(region=region, zones=zones, official=True, doctors=5, practices=2, replacements=1)
    return generate(spec).tables["zones.csv"]


def files(folder: Path) -> dict[str, bytes]:
    """The generated files of a scenario folder (the pilot also ships a sign-up example)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != "signups-example.csv"}


# --- the packaged list ------------------------------------------------------------------------


def test_the_packaged_list_names_65_epci_with_a_source_each() -> None:
    listed = named_zones()
    assert len(listed) == 65 and listed.epci_siren.is_unique
    assert set(listed.epci_siren) <= set(epcis().epci_siren)
    assert listed.source_url.str.startswith("https://").all()
    per_region = listed.region.value_counts().to_dict()
    assert (per_region["76"], per_region["84"], per_region["28"], per_region["32"], per_region["94"]) == (
        21, 10, 7, 4, 2,
    )  # fmt: skip


def test_flagged_matches_are_uncertain_unless_a_further_source_confirms_them() -> None:
    listed = named_zones()
    flagged = listed.match_note.str.contains("UNCERTAIN|probable|CONFLICT")
    assert set(listed[listed.designation == "uncertain"].epci_siren) == UNCERTAIN
    assert ((listed.designation == "uncertain") == (flagged & (listed.confirmed_by == ""))).all()
    assert set(listed[listed.confirmed_by != ""].epci_siren) == {"200042463", "200066553"}


def test_named_site_communes_belong_to_their_zone() -> None:
    c = communes().set_index("insee_code")
    for row in named_zones().itertuples():
        for insee in filter(None, row.site_insee.split(";")):
            assert c.loc[insee, "epci_siren"] == row.epci_siren, (row.name, insee)


# --- official-first selection -----------------------------------------------------------------


@pytest.mark.parametrize(("region", "named", "total"), [("76", 21, 28), ("84", 10, 17), ("28", 7, 7)])
def test_a_region_gets_its_named_zones_first_then_lowest_apl_proxies(
    region: str, named: int, total: int
) -> None:
    zones = official(region)
    assert len(zones) == total == REGION_COUNTS[region]
    assert (zones.designation.iloc[:named] != "proxy").all() and (
        zones.designation.iloc[named:] == "proxy"
    ).all()
    assert set(zones.zone_id.iloc[:named]) == set(named_zones().query("region == @region").epci_siren)
    e = epcis()
    pool = e[(e.region == region) & e.apl.notna() & (e.population > 0) & ~e.epci_siren.isin(zones.zone_id)]
    pool = pool[~pool.main_department.isin(NO_PROXY_DEPARTMENTS)]
    if region == "84":
        pool = pool[pool.main_department.isin(AURA_DEPARTMENTS)]
    proxies = e.set_index("epci_siren").loc[zones.zone_id.iloc[named:], "apl"]
    assert proxies.empty or proxies.max() <= pool.apl.min()


def test_proxies_avoid_departments_named_in_full_and_stay_where_the_sources_place_zones() -> None:
    for region in ("76", "93", "all"):
        zones = official(region)
        proxies = zones[zones.designation == "proxy"]
        assert not set(proxies.department) & NO_PROXY_DEPARTMENTS, region
    aura = official("84")
    assert set(aura.department) <= AURA_DEPARTMENTS
    readme = (SCENARIOS / "occitanie-pilot" / "README.md").read_text(encoding="utf-8")
    assert "no proxy is taken there: Lozère (1), Haute-Garonne (1), Tarn (4)." in readme


def test_france_has_the_65_named_zones_and_86_proxies_regions_completed_to_their_count() -> None:
    zones = official("all")
    assert len(zones) == 151 and zones.zone_id.is_unique
    assert (zones.designation != "proxy").sum() == 65 and (zones.designation == "proxy").sum() == 86
    region = zones.zone_id.map(epcis().set_index("epci_siren").region)
    for code, count in REGION_COUNTS.items():
        assert (region == code).sum() == count, code
    assert (zones.designation[region.isin(["01", "02", "03", "04", "06"])] != "proxy").all()
    assert len(official("metro")) == 143


def test_uncertain_matches_are_flagged_in_zones_csv_and_the_readme() -> None:
    scenario = generate(
        GeneratorSpec(region="all", official=True, zones=0, doctors=5, practices=2, replacements=1)
    )
    zones = scenario.tables["zones.csv"]
    assert set(zones[zones.designation == "uncertain"].zone_id) == UNCERTAIN
    for siren in UNCERTAIN:
        assert any(
            line.startswith(f"| {siren} |") and line.endswith("| uncertain |")
            for line in scenario.readme.splitlines()
        )


def test_mayotte_zones_have_no_apl_and_the_highest_priority() -> None:
    zones = official("06")
    assert len(zones) == 4 and (zones.priority == 5.0).all() and (zones.apl_mg_2023 == "").all()


def test_official_n_completes_to_n_and_refuses_fewer_than_the_named() -> None:
    assert len(official("76", 30)) == 30
    with pytest.raises(ValueError, match="fewer than the 21 named"):
        official("76", 5)
    with pytest.raises(ValueError, match="official:N"):
        official("44")
    assert len(official("44", 6)) == 6 and (official("44", 6).designation == "proxy").all()
    with pytest.raises(ValueError, match="official count 0"):
        official("11")


def test_an_included_epci_joins_the_named_zones_with_its_site() -> None:
    spec = GeneratorSpec(
        region="76", official=True, zones=0, doctors=5, practices=2, replacements=1,
        include=(("241200914", "12223"),),
    )  # fmt: skip
    tables = generate(spec).tables
    zones = tables["zones.csv"]
    assert len(zones) == 28 and list(zones.zone_id).index("241200914") == 21
    assert zones.set_index("zone_id").designation["241200914"] == "official"
    first = tables["sites.csv"].query("zone_id == '241200914'").iloc[0]
    assert first.insee_code == "12223"


@pytest.mark.parametrize(
    ("text", "parsed"), [("28", (False, 28)), ("official", (True, 0)), ("Official:30", (True, 30))]
)
def test_zones_option_parses_a_count_or_official(text: str, parsed: tuple[bool, int]) -> None:
    assert parse_zones(text) == parsed


def test_generate_official_from_the_command_line(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["generate", str(tmp_path / "aura"), "--region", "84", "--zones", "official", "--doctors", "20"]
    )
    assert result.exit_code == 0, result.output
    assert "17 zones (10 named, 7 proxies)" in result.output
    assert len(load_scenario(tmp_path / "aura").zones) == 17


@pytest.mark.parametrize("bad", ["0", "officiel", "official:0", "-3", ""])
def test_a_bad_zones_option_exits_2_and_writes_nothing(tmp_path: Path, bad: str) -> None:
    result = runner.invoke(app, ["generate", str(tmp_path / "out"), "--zones", bad])
    assert result.exit_code == 2 and "--zones must be" in result.output
    assert not (tmp_path / "out").exists()


def test_the_default_zones_option_is_unchanged_and_writes_no_designation() -> None:
    zones = generate(GeneratorSpec(region="76", zones=5, doctors=5, practices=2, replacements=1)).tables[
        "zones.csv"
    ]
    assert "designation" not in zones.columns


# --- designation column -----------------------------------------------------------------------


def test_designation_column_round_trips_through_load_and_write(tmp_path: Path) -> None:
    scenario = load_scenario(SCENARIOS / "auvergne-rhone-alpes")
    assert [z.designation for z in scenario.zones] == list(
        pd.read_csv(SCENARIOS / "auvergne-rhone-alpes" / "zones.csv", dtype=str).designation
    )
    tables = scenario_tables(scenario)
    folder = tmp_path / "again"
    folder.mkdir()
    for name, frame in tables.items():
        (folder / name).write_text(table_csv(frame), encoding="utf-8")
    (folder / "scenario.toml").write_bytes(
        (SCENARIOS / "auvergne-rhone-alpes" / "scenario.toml").read_bytes()
    )
    again = load_scenario(folder)
    assert [(z.zone_id, z.designation) for z in again.zones] == [
        (z.zone_id, z.designation) for z in scenario.zones
    ]


def test_an_unknown_designation_is_refused_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for p in (SCENARIOS / "auvergne-rhone-alpes").iterdir():
        (folder / p.name).write_bytes(p.read_bytes())
    text = (folder / "zones.csv").read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace(",official,", ",maybe,")
    (folder / "zones.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    assert "zones.csv:3: column 'designation': must be official, uncertain, proxy or empty" in result.output


# --- bundled scenarios ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_bundled_scenario_is_rebuilt_byte_for_byte_by_its_recipe(tmp_path: Path, name: str) -> None:
    write_scenario(tmp_path / name, generate(RECIPES[name]()))
    assert files(tmp_path / name) == files(SCENARIOS / name)
    assert runner.invoke(app, ["validate", str(SCENARIOS / name)]).exit_code == 0


@pytest.mark.parametrize(
    ("name", "zones", "named", "doctors"),
    [("occitanie-pilot", 28, 21, 200), ("auvergne-rhone-alpes", 17, 10, 120), ("france", 151, 65, 300)],
)
def test_bundled_scenarios_have_the_named_zones_and_say_which_are_proxies(
    name: str, zones: int, named: int, doctors: int
) -> None:
    scenario = load_scenario(SCENARIOS / name)
    assert len(scenario.zones) == zones and len(scenario.doctors) == doctors
    assert sum(z.designation != "proxy" for z in scenario.zones) == named
    readme = (SCENARIOS / name / "README.md").read_text(encoding="utf-8")
    assert f"{zones - named} proxies" in readme and "--zones official" in readme


def test_france_readme_documents_the_3000_doctors_variant() -> None:
    readme = (SCENARIOS / "france" / "README.md").read_text(encoding="utf-8")
    assert "--doctors 3000" in readme


# --- report and explain say which zones are proxies ------------------------------------------


@cache
def aura_solved() -> tuple[Scenario, Planning]:
    scenario = load_scenario(SCENARIOS / "auvergne-rhone-alpes")
    return scenario, solve(scenario, SolveOptions(time_limit_s=20, workers=1))


def test_report_coverage_table_marks_proxy_zones() -> None:
    scenario, planning = aura_solved()
    html = coverage_section(scenario, planning)
    assert html.count('<span class="badge proxy"') == 7
    assert "10 official" not in html and "9 official, 1 uncertain" in html


def test_explain_says_which_zones_are_proxies() -> None:
    scenario, planning = aura_solved()
    e = Explainer(scenario, planning)
    proxy = next(i for i, z in enumerate(scenario.zones) if z.designation == "proxy")
    text = explain_markdown(e, [(e.facts(proxy), [])], "aura")
    assert "Zones: 9 official, 1 uncertain" in text and "7 proxies" in text
    assert f"## {scenario.zones[proxy].zone_id} {scenario.zones[proxy].name} [proxy]" in text


def test_zone_without_designation_gets_no_marker() -> None:
    scenario, planning = aura_solved()
    plain = scenario.model_copy(
        update={"zones": tuple(z.model_copy(update={"designation": ""}) for z in scenario.zones)}
    )
    assert "designation" not in coverage_section(plain, planning)


# --- the pilot against the October 2025 figures (README.md, quick start) ---------------------

PILOT_SITES = {  # commune -> (doctor-days, doctors, from day, doctor-days from then, doctors from then)
    "Riscle": (7, 5, 13, 5, 5),
    "Castelnau-Magnoac": (7, 4, 13, 4, 3),
    "Montaigu-de-Quercy": (8, 5, 27, 1, 1),
    "Le Vigan": (10, 8, 1, 10, 8),
    "Marciac": (3, 2, 1, 3, 2),
    "Plaisance": (4, 3, 1, 4, 3),
}


def test_default_pilot_solve_is_optimal_and_matches_the_readme_reality_check(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["solve", str(SCENARIOS / "occitanie-pilot"), "--out", str(tmp_path / "p"), "-q"]
    )
    assert result.exit_code == 0, result.output
    summary = pd.read_json(tmp_path / "p" / "summary.json", typ="series")
    assert summary["status"] == "OPTIMAL" and summary["wall_time_s"] < 10
    missions = pd.read_csv(tmp_path / "p" / "assignments.csv", dtype=str)
    sites = pd.read_csv(SCENARIOS / "occitanie-pilot" / "sites.csv", dtype=str)
    missions = missions.merge(sites[["site_id", "commune"]], on="site_id")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for commune, (days, doctors, start, late_days, late_doctors) in PILOT_SITES.items():
        here = missions[missions.commune == commune]
        late = here[here.date.str[8:].astype(int) >= start]
        got = (len(here), here.doctor_id.nunique(), start, len(late), late.doctor_id.nunique())
        assert got == (days, doctors, start, late_days, late_doctors), commune
        line = next(x for x in readme.splitlines() if x.startswith("| ") and commune in x.split("|")[1])
        said = f"{days} doctor-days by {doctors} doctors"
        if start > 1:
            said += f" ({late_days} by {late_doctors} from {start} Oct.)"
        assert said in line, (commune, line)
    far = missions[missions.commune.isin(["Riscle", "Plaisance"])].groupby("commune").km
    assert (far.min().astype(float).round().tolist(), far.max().astype(float).round().tolist()) == (
        [145, 147],
        [145, 158],
    )
    assert "all from 147-158 km" in readme and "all from 145 km" in readme
