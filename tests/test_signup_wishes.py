"""`roster generate --wishes`: wishes as the sign-up form gives them, the rest of the month unchanged."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from roster.cli import app
from roster.scenarios import load_scenario
from roster.scenarios.generator import GeneratorSpec, generate
from roster.scenarios.signup_wishes import NEAREST_SITES, add_wishes, nearest_sites

SPEC = GeneratorSpec(region="76", zones=12, doctors=400, practices=150, replacements=20, seed=3)


def test_wishes_are_near_the_volunteer_of_every_kind_with_a_few_rather_nots() -> None:
    month = add_wishes(generate(SPEC), SPEC.seed)
    wishes, doctors, sites = (month.tables[n] for n in ("wishes.csv", "doctors.csv", "sites.csv"))
    per_doctor = wishes.groupby("doctor_id").size()
    assert per_doctor.max() <= 3 and 0.9 * 1.5 * 400 <= len(wishes) <= 1.1 * 1.5 * 400
    kinds = Counter(
        ("site" if s else "") + ("zone" if z else "") + ("weekday" if w else "")
        for s, z, w in zip(wishes.site_id != "", wishes.zone_id != "", wishes.weekday != "", strict=True)
    )
    assert set(kinds) == {"site", "zone", "weekday", "siteweekday"} and min(kinds.values()) > 0.15 * len(
        wishes
    )
    weights = Counter(wishes.weight.tolist())
    assert set(weights) == {1, 2, 5, -3} and 0.05 < weights[-3] / len(wishes) < 0.15
    assert set(wishes.weekday) <= {"", "Mon", "Tue", "Wed", "Thu", "Fri"} and (wishes.date == "").all()
    near = nearest_sites(doctors, sites, NEAREST_SITES)
    index = {d: i for i, d in enumerate(doctors.doctor_id)}
    zone_of = dict(zip(sites.site_id, sites.zone_id, strict=True))
    for row in wishes.itertuples():
        nearby = set(sites.site_id.to_numpy()[near[index[row.doctor_id]]])
        assert (
            (row.site_id in nearby)
            if row.site_id
            else (not row.zone_id or row.zone_id in {zone_of[s] for s in nearby})
        )


def test_one_volunteer_in_twenty_takes_only_their_wishes_and_has_a_positive_one() -> None:
    month = add_wishes(generate(SPEC), SPEC.seed)
    doctors, wishes = month.tables["doctors.csv"], month.tables["wishes.csv"]
    only = set(doctors.doctor_id[doctors.only_wished == 1])
    assert len(only) == 20 and only <= set(wishes.doctor_id[wishes.weight > 0])


def test_the_rest_of_the_month_is_unchanged_and_the_same_seed_gives_the_same_wishes() -> None:
    plain = generate(SPEC)
    wished = add_wishes(copy.deepcopy(plain), SPEC.seed)
    for name, table in plain.tables.items():
        other = wished.tables[name]
        assert other.drop(columns=["only_wished"], errors="ignore").equals(table), name
    again = add_wishes(generate(SPEC), SPEC.seed)
    assert again.tables["wishes.csv"].equals(wished.tables["wishes.csv"])
    assert (
        not add_wishes(generate(SPEC), SPEC.seed + 1).tables["wishes.csv"].equals(wished.tables["wishes.csv"])
    )


def test_the_command_writes_a_valid_month_and_its_rebuild_command(tmp_path: Path) -> None:
    args = [
        "generate",
        str(tmp_path / "m"),
        "--zones",
        "6",
        "--doctors",
        "80",
        "--practices",
        "30",
        "--wishes",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    scenario = load_scenario(tmp_path / "m")
    assert (
        scenario.has_wishes_file
        and len(scenario.wishes) > 40
        and sum(d.only_wished for d in scenario.doctors) == 4
    )
    assert "--wishes" in (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
