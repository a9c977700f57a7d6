"""`roster.app.generate` and `roster.app.signups`: scenarios written, or refused with nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from app_helpers import tree

from roster.app.errors import BadInput, InvalidOption, OutputRefused
from roster.app.generate import check_month, generate_scenario, month_hardening, zone_choice
from roster.app.loading import open_scenario
from roster.app.signups import import_signup_export
from roster.scenarios.generator import GeneratorSpec

PILOT = Path(__file__).resolve().parents[2] / "scenarios" / "occitanie-pilot"
SMALL = GeneratorSpec(region="76", zones=4, doctors=15, practices=8, replacements=2, seed=5)


def test_months_and_zone_counts_are_checked() -> None:
    check_month("2025-12")
    for bad in ("2025-13", "25-10", "2025-1"):
        with pytest.raises(InvalidOption, match="--month must look like YYYY-MM"):
            check_month(bad)
    assert zone_choice("12") == (False, 12)
    assert zone_choice("official") == (True, 0)
    with pytest.raises(InvalidOption):
        zone_choice("some")


def test_a_generated_month_is_a_valid_scenario(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    generated = generate_scenario(out, SMALL)
    assert len(generated.tables["zones.csv"]) == 4 and len(generated.tables["doctors.csv"]) == 15
    scenario = open_scenario(out).scenario
    assert len(scenario.zones) == 4 and len(scenario.doctors) == 15
    hard = generate_scenario(tmp_path / "hard", SMALL, hardening=month_hardening(site_capacity=1))
    assert set(hard.tables["sites.csv"]["capacity"]) == {1}


def test_an_existing_folder_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    generate_scenario(out, SMALL)
    before = tree(out)
    with pytest.raises(OutputRefused, match="use --force to replace it"):
        generate_scenario(out, GeneratorSpec(region="76", zones=4, doctors=20, practices=8, seed=6))
    assert tree(out) == before
    with pytest.raises(InvalidOption):
        generate_scenario(tmp_path / "bad", SMALL, hardening=month_hardening(locum_days="3-1"))
    assert not (tmp_path / "bad").exists()


def test_sign_ups_are_merged_into_the_scenario(tmp_path: Path) -> None:
    into = Path(shutil.copytree(PILOT, tmp_path / "pilot"))
    doctors = len(open_scenario(into).scenario.doctors)
    summary = import_signup_export(PILOT / "signups-example.csv", into)
    assert summary.volunteers > 0 and summary.new + summary.updated == summary.volunteers
    assert len(open_scenario(into).scenario.doctors) == doctors + summary.new


def test_an_export_without_volunteers_writes_nothing(tmp_path: Path) -> None:
    into = Path(shutil.copytree(PILOT, tmp_path / "pilot"))
    before = tree(into)
    header = (PILOT / "signups-example.csv").read_text(encoding="utf-8").splitlines()[0]
    export = tmp_path / "export.csv"
    export.write_text(header + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        import_signup_export(export, into)
    assert caught.value.what == "sign-up import"
    assert caught.value.problems == (f"{export}:1: no volunteer in the export (only a header)",)
    assert tree(into) == before
