"""`roster generate` and the bundled Occitanie pilot: real places, deterministic files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roster.cli import app
from roster.scenarios import load_scenario
from roster.scenarios.bundled import pilot_spec
from roster.scenarios.generator import GeneratorSpec, generate, zone_demand, zone_priority
from roster.scenarios.geodata import communes
from roster.scenarios.writer import write_scenario

ROOT = Path(__file__).resolve().parents[1]
PILOT = ROOT / "scenarios" / "occitanie-pilot"
runner = CliRunner()
NAMED_SITES = [  # EPCI named in the Occitanie sources -> communes of the consultation sites they name
    ("200035632", "Riscle"),
    ("200070795", "Castelnau-Magnoac"),
    ("200040418", "Montaigu-de-Quercy"),
    ("200066553", "La Salvetat-sur-Agout"),
    ("200042463", "Mas-Cabardès"),
    ("243000270", "Le Vigan"),
    ("243200508", "Marciac"),
    ("243200508", "Plaisance"),
]


def files(folder: Path) -> dict[str, bytes]:
    """The generated files of a scenario folder (the sign-up example export is not generated)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != "signups-example.csv"}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run_generate(out: Path, *extra: str) -> None:
    args = [
        "generate",
        str(out),
        "--region",
        "84",
        "--zones",
        "17",
        "--doctors",
        "120",
        "--practices",
        "60",
        "--replacements",
        "15",
        "--month",
        "2025-11",
        *extra,
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output


def test_same_seed_gives_byte_identical_files_and_another_seed_differs(tmp_path: Path) -> None:
    run_generate(tmp_path / "a", "--seed", "3", "--distances")
    run_generate(tmp_path / "b", "--seed", "3", "--distances")
    run_generate(tmp_path / "c", "--seed", "4", "--distances")
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a")["doctors.csv"] != files(tmp_path / "c")["doctors.csv"]
    assert files(tmp_path / "a")["availability.csv"] != files(tmp_path / "c")["availability.csv"]


def test_generated_scenarios_are_valid_and_use_november_holidays(tmp_path: Path) -> None:
    run_generate(tmp_path / "aura", "--seed", "1", "--distances")
    assert runner.invoke(app, ["validate", str(tmp_path / "aura")]).exit_code == 0
    scenario = load_scenario(tmp_path / "aura")
    assert {d.isoformat() for d in scenario.settings.holidays} == {"2025-11-01", "2025-11-11"}
    assert all(
        d.isoformat() not in ("2025-11-01", "2025-11-11") for v in scenario.availability.values() for d in v
    )
    assert len(scenario.zones) == 17 and len(scenario.distances) > 0
    assert {z.department for z in scenario.zones} <= {
        "01",
        "03",
        "07",
        "15",
        "26",
        "38",
        "42",
        "43",
        "63",
        "69",
        "73",
        "74",
    }


def test_zones_are_the_lowest_apl_epci_with_documented_priority_and_demand(tmp_path: Path) -> None:
    scenario = generate(GeneratorSpec(region="76", zones=10, doctors=5, practices=2, replacements=1))
    zones = scenario.tables["zones.csv"]
    assert list(zones.apl_mg_2023) == sorted(zones.apl_mg_2023)
    assert list(zone_priority(zones.apl_mg_2023.to_numpy())) == list(zones.priority)
    assert zone_priority([0.5, 1.0, 2.5, 4.0, 6.0]).tolist() == [5.0, 5.0, 3.0, 1.0, 1.0]
    assert zone_demand([500, 7400, 60000]).tolist() == [2, 7, 20]


def test_the_national_benchmark_size_is_generated(tmp_path: Path) -> None:
    spec = GeneratorSpec(region="all", zones=151, doctors=3000, practices=1500, replacements=400, seed=1)
    write_scenario(tmp_path / "fr", generate(spec))
    scenario = load_scenario(tmp_path / "fr")
    assert (
        len(scenario.zones),
        len(scenario.doctors),
        len(scenario.practices),
        len(scenario.replacements),
    ) == (151, 3000, 1500, 400)
    assert 240 <= len(scenario.sites) <= 300


def test_pilot_is_valid_and_rebuilt_byte_for_byte_by_its_recipe(tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", str(PILOT)]).exit_code == 0
    write_scenario(tmp_path / "pilot", generate(pilot_spec()))
    assert files(tmp_path / "pilot") == files(PILOT)


def test_pilot_has_the_21_named_occitanie_zones_first_and_7_proxies() -> None:
    scenario = load_scenario(PILOT)
    assert scenario.settings.month == "2025-10" and len(scenario.zones) == 28
    designations = [z.designation for z in scenario.zones]
    assert all(d in ("official", "uncertain") for d in designations[:21])
    assert designations[21:] == ["proxy"] * 7
    zone_ids = {z.zone_id for z in scenario.zones}
    assert {siren for siren, _ in NAMED_SITES} <= {z.zone_id for z in scenario.zones[:21]}
    c = communes().set_index("insee_code")
    assert set(c.loc[c.epci_siren.isin(zone_ids), "region"]) == {"76"}
    readme = (PILOT / "README.md").read_text(encoding="utf-8")
    assert "7 proxies" in readme and "Riscle: 1 volunteer from 13 Oct. 2025" in readme


@pytest.mark.parametrize(("siren", "commune"), NAMED_SITES)
def test_named_sites_sit_at_their_communes_real_coordinates(siren: str, commune: str) -> None:
    site = next(r for r in rows(PILOT / "sites.csv") if r["zone_id"] == siren and r["commune"] == commune)
    real = communes()
    real = real[(real.name == commune) & (real.epci_siren == siren)].iloc[0]
    assert (float(site["latitude"]), float(site["longitude"])) == (real.latitude, real.longitude)


def test_people_and_practices_sit_at_real_communes_of_the_region() -> None:
    c = communes()
    region = c[c.region == "76"]
    points = set(zip(region.latitude, region.longitude, strict=True))
    for name in ("doctors.csv", "practices.csv", "replacements.csv", "sites.csv"):
        for row in rows(PILOT / name):
            assert (float(row["latitude"]), float(row["longitude"])) in points, (name, row)


def test_an_installed_package_without_the_checkout_rebuilds_the_pilot_in_its_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roster.scenarios import bundled

    monkeypatch.setattr(bundled, "bundled_root", lambda: tmp_path / "no-checkout")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = bundled.default_scenario()
    assert folder == tmp_path / "cache" / "roster" / "occitanie-pilot"
    assert files(folder) == files(PILOT)


def test_the_count_mode_still_rebuilds_the_earlier_pilot_byte_for_byte(tmp_path: Path) -> None:
    """`--zones 28` with `--include` (the recipe of the pilot before `--zones official`)
    gives the same bytes as before: sha256 over the sorted file names and contents."""
    import hashlib

    spec = GeneratorSpec(
        region="76", zones=28, doctors=200, practices=100, replacements=30, month="2025-10", seed=2025,
        name="occitanie-pilot",
        include=(
            ("200035632", "32344"), ("200070795", "65129"), ("200040418", "82117"),
            ("200066553", "34293"), ("200042463", "11222"), ("200072643", None),
        ),
    )  # fmt: skip
    write_scenario(tmp_path / "old", generate(spec))
    digest = hashlib.sha256()
    for path in sorted((tmp_path / "old").iterdir()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    assert digest.hexdigest() == "21e3a4a19f0a6bf559a7da64d4b6ce80ac0d213c7a73dfe0d344a9edc3469c09"
