"""`roster compare` and `roster sweep`: grids, overrides, local processes vs a Dask cluster."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from roster.cli import app
from roster.models import Scenario
from roster.scenarios import load_scenario
from roster.scenarios.generator import GeneratorSpec, generate
from roster.scenarios.scenario_files import scenario_files
from roster.scenarios.writer import write_scenario
from roster.verify import verify_planning
from roster.whatif.grid import MAX_SLUG, expand_grid, parse_axes, variant_scenario
from roster.whatif.kpis import KPI_BY_KEY
from roster.whatif.overrides import OverrideError

runner = CliRunner()
CAPS = (1, 2, 4)
SOLVE = ("--time-limit", "20", "--workers-per-job", "1", "--seed", "0")


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("whatif") / "base"
    spec = GeneratorSpec(region="76", zones=8, doctors=60, practices=30, replacements=8, seed=1)
    write_scenario(folder, generate(spec))
    return folder


@pytest.fixture(scope="module")
def base(base_dir: Path) -> Scenario:
    return load_scenario(base_dir)


@pytest.fixture(scope="module")
def local_sweep(base_dir: Path) -> Path:
    out = base_dir.parent / "local-sweep"
    code, output = invoke(
        "sweep", str(base_dir), "--set", "max_days_per_doctor=1,2,4", "--out", str(out), "--jobs", "2", *SOLVE
    )
    assert code == 0, output
    return out


def sweep_rows(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "sweep.csv", dtype={"variant": str})


def test_raising_the_monthly_cap_never_loses_coverage_and_every_variant_verifies(
    local_sweep: Path, base: Scenario
) -> None:
    rows = sweep_rows(local_sweep)
    assert list(rows["status"]) == ["OPTIMAL"] * 3
    # sorted by coverage_score, best first
    assert list(rows["coverage_score"]) == sorted(rows["coverage_score"], reverse=True)
    by_cap = rows.set_index("max_days_per_doctor").loc[list(CAPS)]
    coverage = list(by_cap["coverage_score"])
    assert coverage == sorted(coverage) and coverage[0] < coverage[-1]
    assert list(by_cap["variant"]) == [f"max_days_per_doctor={cap}" for cap in CAPS]
    for cap, row in by_cap.iterrows():
        folder = local_sweep / row["variant"]
        variant = load_scenario(folder / "scenario")
        assert variant == base.model_copy(
            update={"settings": base.settings.model_copy(update={"max_days_per_doctor": cap})}
        )
        verdict, problems = verify_planning(variant, folder)
        assert problems == [] and verdict.violations == []
        assert math.isclose(verdict.coverage_score, row["coverage_score"], rel_tol=1e-9)
        assert verdict.doctor_days == row["doctor_days"]
        summary = json.loads((folder / "summary.json").read_text())
        assert summary["total_km"] == pytest.approx(row["total_km"], abs=1e-6)
    assert not [p.name for p in local_sweep.iterdir() if ".tmp-" in p.name or p.name.endswith(".prev")]


def test_a_dask_cluster_gives_the_same_kpis_as_local_processes(local_sweep: Path, base_dir: Path) -> None:
    from dask.distributed import LocalCluster

    out = base_dir.parent / "dask-sweep"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        code, output = invoke(
            "sweep", str(base_dir), "--set", "max_days_per_doctor=1,2,4", "--out", str(out),
            "--executor", "dask", "--scheduler", cluster.scheduler_address, *SOLVE,
        )  # fmt: skip
    assert code == 0, output
    local = sweep_rows(local_sweep).set_index("variant")
    remote = sweep_rows(out).set_index("variant")
    assert sorted(remote.index) == sorted(local.index)
    assert list(remote.index) == list(local.index)  # same sort order too
    for slug in local.index:
        assert local.loc[slug, "status"] == remote.loc[slug, "status"] == "OPTIMAL"
        for kpi in ("coverage_score", "doctor_days", "total_km"):
            assert abs(local.loc[slug, kpi] - remote.loc[slug, kpi]) <= 1e-6, (slug, kpi)
        verdict, problems = verify_planning(load_scenario(out / slug / "scenario"), out / slug)
        assert problems == [] and verdict.violations == []


def test_column_overrides_multiply_add_set_then_round_and_clip(base: Scenario) -> None:
    axes = parse_axes(
        [
            "doctors.max_km=*1.5",
            "sites.lodging=1",
            "sites.capacity=x0.1",
            "doctors.max_days=+1",
            "practices.min_present=-5",
            "zones.demand_days=*1.5",
            "replacements.max_km=120",
            "road_factor=*2",
        ]
    )
    (variant,) = expand_grid(axes)
    assert variant.slug.startswith("doctors.max_km=x1.5__sites.lodging=1__sites.capacity=x0.1__")
    assert len(variant.slug) <= MAX_SLUG  # cut, with a hash of the full name
    changed = variant_scenario(base, variant)
    for old, new in zip(base.doctors, changed.doctors, strict=True):
        assert new.max_km == pytest.approx(old.max_km * 1.5) and new.max_days == old.max_days + 1
        assert new.model_copy(update={"max_km": old.max_km, "max_days": old.max_days}) == old
    assert all(s.lodging for s in changed.sites) and not all(s.lodging for s in base.sites)
    assert all(s.capacity == 1 for s in changed.sites)  # 1..3 x 0.1 rounds to 0, clipped to 1
    assert all(p.min_present == 0 for p in changed.practices)
    for old_zone, new_zone in zip(base.zones, changed.zones, strict=True):
        assert new_zone.demand_days == math.floor(old_zone.demand_days * 1.5 + 0.5)
    assert {r.max_km for r in changed.replacements} == {120.0}
    assert changed.settings.road_factor == pytest.approx(2 * base.settings.road_factor)
    assert changed.availability == base.availability and changed.settings.month == base.settings.month


def test_a_scenario_written_from_its_object_reads_back_identical(base: Scenario, tmp_path: Path) -> None:
    (variant,) = expand_grid(parse_axes(["doctors.max_km=*1.1", "max_days_per_doctor=3"]))
    changed = variant_scenario(base, variant)
    for name, data in scenario_files(changed).items():
        (tmp_path / name).write_bytes(data)
    assert load_scenario(tmp_path) == changed
    assert Scenario.model_validate(changed.model_dump(mode="python")) == changed


def test_settings_are_clipped_and_long_grids_get_short_slugs(base: Scenario) -> None:
    (variant,) = expand_grid(parse_axes(["max_days_per_doctor=-5", "day_trip_max_km=+1000000"]))
    changed = variant_scenario(base, variant)
    assert changed.settings.max_days_per_doctor == 0 and changed.settings.day_trip_max_km == 100_000.0
    with pytest.raises(OverrideError, match="road_factor"):
        variant_scenario(base, expand_grid(parse_axes(["road_factor=-5"]))[0])
    keys = ["doctors.max_km=*1", "doctors.max_days=+0", "replacements.max_km=*1", "replacements.max_days=+0"]
    long = expand_grid(parse_axes([*keys, "sites.capacity=+0", "zones.demand_days=+0"]))[0].slug
    assert len(long) <= MAX_SLUG


def test_sweep_applies_column_overrides_and_replaces_its_previous_run(base_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    args = [
        "sweep",
        str(base_dir),
        "--set",
        "doctors.max_km=*1.5",
        "--set",
        "sites.lodging=1",
        "--out",
        str(out),
    ]
    for _ in range(2):
        code, output = invoke(*args, "--jobs", "1", "-q", *SOLVE)
        assert code == 0, output
    slug = "doctors.max_km=x1.5__sites.lodging=1"
    assert sorted(p.name for p in out.iterdir()) == sorted([slug, "sweep.csv", "sweep.html"])
    base = load_scenario(base_dir)
    variant = load_scenario(out / slug / "scenario")
    assert [d.max_km for d in variant.doctors] == pytest.approx([1.5 * d.max_km for d in base.doctors])
    assert all(s.lodging for s in variant.sites)
    verdict, problems = verify_planning(variant, out / slug)
    assert problems == [] and verdict.violations == []
    row = sweep_rows(out).iloc[0]
    assert row["doctors.max_km"] == "*1.5" and str(row["sites.lodging"]) == "1"


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("doctors.salary=*2", "unknown key 'doctors.salary'"),
        ("holidays=2025-10-01", "'holidays' cannot be swept"),
        ("max_days_per_doctor=abc", "bad value 'abc'"),
        ("max_days_per_doctor=1.5", "is an integer"),
        ("sites.lodging=2", "expected 0 or 1"),
        ("sites.capacity=0", "must be >= 1"),
        ("doctors.max_km=*1,x1", "given twice"),
        ("max_days_per_doctor", "expects KEY=V1,V2"),
    ],
)
def test_bad_keys_and_values_exit_2_before_anything_is_written(
    base_dir: Path, tmp_path: Path, setting: str, message: str
) -> None:
    out = tmp_path / "never"
    code, output = invoke("sweep", str(base_dir), "--set", setting, "--out", str(out))
    assert code == 2
    assert message in " ".join(output.split())
    assert not out.exists()


def test_bad_sort_and_missing_dask_exit_2(
    base_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["sweep", str(base_dir), "--set", "max_days_per_doctor=1", "--out", str(tmp_path / "o")]
    code, output = invoke(*args, "--sort", "happiness")
    assert code == 2 and "unknown KPI 'happiness'" in output
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    code, output = invoke(*args, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2 and "pip install roster[dask]" in output
    assert not (tmp_path / "o").exists()


def test_compare_shows_and_writes_the_differences_to_the_first_input(
    local_sweep: Path, base_dir: Path, tmp_path: Path
) -> None:
    first, second = local_sweep / "max_days_per_doctor=1", local_sweep / "max_days_per_doctor=4"
    csv_file = tmp_path / "cmp" / "compare.csv"
    code, output = invoke(
        "compare", str(first), str(second), str(base_dir), "--csv", str(csv_file), "--workers", "1", "-q"
    )
    assert code == 0, output
    summaries = [json.loads((f / "summary.json").read_text()) for f in (first, second)]
    frame = pd.read_csv(csv_file)
    assert list(frame["input"]) == [str(first), str(second), str(base_dir)]
    assert list(frame["kind"]) == ["planning", "planning", "scenario"]
    for key in ("coverage_score", "doctor_days", "total_km", "indemnity_eur", "zones_reached"):
        assert list(frame[key][:2]) == pytest.approx([s[key] for s in summaries])
        assert frame[f"{key}_delta"][0] == 0
        assert frame[f"{key}_delta"][1] == pytest.approx(summaries[1][key] - summaries[0][key], abs=1e-8)
    total = [s["indemnity_eur"] + s["travel_eur"] for s in summaries]
    assert frame["total_eur_delta"][1] == pytest.approx(total[1] - total[0], abs=1e-6)
    # the bundled scenario (cap 2) solved by compare gives the cap-2 variant's optimum
    cap2 = sweep_rows(local_sweep).set_index("variant").loc["max_days_per_doctor=2"]
    assert frame["coverage_score"][2] == pytest.approx(cap2["coverage_score"], rel=1e-9)
    days = summaries[1]["doctor_days"] - summaries[0]["doctor_days"]
    assert days > 0 and f"{summaries[1]['doctor_days']} ({days:+d})" in output
    assert KPI_BY_KEY["coverage_score"].show_delta(frame["coverage_score_delta"][1]) in output


def test_compare_reports_bad_inputs_as_file_and_line(base_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in base_dir.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    lines = (broken / "zones.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("priority")] = "-1"
    lines[2] = ",".join(cells)
    (broken / "zones.csv").write_text("\n".join(lines) + "\n")
    csv_file = tmp_path / "c.csv"
    code, output = invoke("compare", str(base_dir), str(broken), "--csv", str(csv_file))
    assert code == 2
    assert f"{broken / 'zones.csv'}:3: column 'priority'" in " ".join(output.split())
    assert not csv_file.exists()


def test_the_local_executor_never_imports_dask(base_dir: Path, tmp_path: Path) -> None:
    code = f"""
import sys
from typer.testing import CliRunner
from roster.cli import app
result = CliRunner().invoke(app, ["sweep", {str(base_dir)!r}, "--set", "max_days_per_doctor=1",
    "--out", {str(tmp_path / "o")!r}, "-j", "1", "-t", "10", "-q"])
assert result.exit_code == 0, result.output
loaded = [m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")]
assert not loaded, loaded
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o" / "max_days_per_doctor=1" / "summary.json").is_file()
