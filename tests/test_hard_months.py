"""`roster generate --hard` and its options: months where home-practice continuity binds."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from roster.cli import app
from roster.scenarios import load_scenario
from roster.scenarios.generator import GeneratorSpec, generate
from roster.scenarios.hard_months import HardMonth, harden

runner = CliRunner()
ARGS = ["--region", "84", "--zones", "12", "--doctors", "80", "--practices", "40", "--replacements", "8"]


def run(out: Path, *extra: str) -> None:
    result = runner.invoke(app, ["generate", str(out), *ARGS, "--seed", "2", *extra])
    assert result.exit_code == 0, result.output


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype={"practice_id": str, "zone_id": str}, keep_default_na=False)


def test_hard_preset_makes_continuity_bind_and_is_rebuilt_from_its_readme(tmp_path: Path) -> None:
    run(tmp_path / "easy")
    run(tmp_path / "hard", "--hard")
    run(tmp_path / "again", "--hard")
    hard, easy = tmp_path / "hard", tmp_path / "easy"
    assert files(hard) == files(tmp_path / "again")
    doctors = table(hard, "doctors.csv")
    practices = table(hard, "practices.csv")
    volunteers = practices.practice_id.map(doctors[doctors.practice_id != ""].groupby("practice_id").size())
    total = practices.other_doctors + volunteers.fillna(0).astype(int)
    slack = total - practices.min_present
    assert set(slack[total > 0]) <= {0, 1} and (slack[total > 0] == 0).any() and (slack[total > 0] == 1).any()
    assert set(table(hard, "replacements.csv").max_days) <= {1, 2, 3}
    assert set(table(hard, "sites.csv").capacity) == {1}
    assert (table(hard, "zones.csv").demand_days == 4 * table(easy, "zones.csv").demand_days).all()
    priorities = table(hard, "zones.csv").priority
    assert (priorities.round(4) == priorities).all() and (priorities.round(1) != priorities).any()
    assert table(hard, "doctors.csv").equals(table(easy, "doctors.csv"))  # people unchanged
    assert "--seed 2 \\\n    --hard\n```" in (hard / "README.md").read_text()
    load_scenario(hard)


def test_each_hard_option_alone(tmp_path: Path) -> None:
    run(tmp_path / "d", "--demand-factor", "3", "--locum-days", "2", "--site-capacity", "2")
    assert set(table(tmp_path / "d", "replacements.csv").max_days) == {2}
    assert table(tmp_path / "d", "sites.csv").capacity.max() <= 2
    assert (table(tmp_path / "d", "zones.csv").demand_days % 3 == 0).all()
    readme = (tmp_path / "d" / "README.md").read_text()
    assert "--locum-days 2-2" in readme and "--demand-factor 3" in readme and "--site-capacity 2" in readme
    run(tmp_path / "t", "--tight-practices", "--keep-all-share", "1")
    practices = table(tmp_path / "t", "practices.csv")
    assert "--tight-practices \\\n    --keep-all-share 1" in (tmp_path / "t" / "README.md").read_text()
    assert (practices.min_present >= practices.other_doctors).all()


def test_bad_hard_options_exit_2_and_write_nothing(tmp_path: Path) -> None:
    bad = (
        ["--locum-days", "3-1"], ["--locum-days", "x"], ["--keep-all-share", "2", "--tight-practices"],
        ["--demand-factor", "0"], ["--site-capacity", "0"], ["--priority-decimals", "9"],
    )  # fmt: skip
    for extra in bad:
        result = runner.invoke(app, ["generate", str(tmp_path / "bad"), *ARGS, *extra])
        assert result.exit_code == 2, (extra, result.output)
        assert not (tmp_path / "bad").exists()


def test_default_hard_month_changes_nothing() -> None:
    spec = GeneratorSpec(region="76", zones=5, doctors=10, practices=5, replacements=2)
    plain, hardened = generate(spec), harden(generate(spec), HardMonth(), seed=0)
    assert plain.readme == hardened.readme
    assert all(plain.tables[k].equals(hardened.tables[k]) for k in plain.tables)
