"""`roster.app.compare` and `roster.app.sweep`: inputs and outputs checked first, variants written."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from app_helpers import replace_in, tree

from roster.app.compare import (
    check_compare_csv,
    kpi_comparison,
    read_compare_inputs,
    verify_input,
    write_compare_csv,
)
from roster.app.errors import (
    BadInput,
    InvalidOption,
    NoScenarioToVerify,
    OutputRefused,
    PlanningFailsVerification,
)
from roster.app.loading import open_planning, open_scenario
from roster.app.sweep import check_sweep_folder, solve_variants, sweep_axes, sweep_variants, write_sweep_files


def test_the_compare_csv_must_be_a_new_file_or_an_earlier_comparison(tmp_path: Path) -> None:
    check_compare_csv(None, force=False)
    check_compare_csv(tmp_path / "new.csv", force=False)
    with pytest.raises(InvalidOption, match="is a folder; give a file name"):
        check_compare_csv(tmp_path, force=True)
    mine = tmp_path / "mine.csv"
    mine.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(OutputRefused, match="exists and is not a previous comparison"):
        check_compare_csv(mine, force=False)
    check_compare_csv(mine, force=True)


def test_unreadable_inputs_are_listed_together(month: tuple[Path, Path], tmp_path: Path) -> None:
    _, planning_dir = month
    (tmp_path / "empty").mkdir()
    with pytest.raises(BadInput) as caught:
        read_compare_inputs([planning_dir, tmp_path / "empty", tmp_path / "missing"])
    assert caught.value.what == "inputs"
    assert f"{tmp_path / 'missing'}: no such scenario folder" in caught.value.problems
    assert f"{tmp_path / 'empty' / 'zones.csv'}:1: required file is missing" in caught.value.problems


def test_a_planning_input_is_verified_against_the_scenario_given(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    [planning, scenario] = read_compare_inputs([planning_dir, scenario_dir])
    assert (planning.kind, scenario.kind) == ("planning", "scenario")
    assert verify_input(scenario, None, force=False) == (scenario, ())
    with pytest.raises(NoScenarioToVerify, match="no scenario to verify it against"):
        verify_input(planning, None, force=False)
    marked, violations = verify_input(planning, None, force=True)
    assert marked.label == f"{planning_dir} [NOT VERIFIED]" and violations == ()
    assert verify_input(planning, scenario_dir, force=False) == (planning, ())


def test_a_planning_input_breaking_rules_is_refused_unless_forced(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    first = open_planning(planning_dir).assignments[0]
    replace_in(planning_dir / "assignments.csv", f"{first.km:.6f}\n", "999.000000\n")
    [planning] = read_compare_inputs([planning_dir])
    with pytest.raises(PlanningFailsVerification):
        verify_input(planning, scenario_dir, force=False)
    marked, violations = verify_input(planning, scenario_dir, force=True)
    assert marked.label.endswith(" [NOT VERIFIED]") and violations


def test_the_comparison_csv_has_one_row_per_input(month: tuple[Path, Path], tmp_path: Path) -> None:
    _, planning_dir = month
    inputs = read_compare_inputs([planning_dir, planning_dir])
    target = tmp_path / "cmp.csv"
    write_compare_csv(target, inputs, force=False)
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["input"] for r in rows] == [str(planning_dir)] * 2
    assert rows[1]["coverage_score_delta"] in ("0", "0.0")
    write_compare_csv(target, inputs, force=False)  # an earlier comparison is replaced


def test_kpis_of_two_plannings_side_by_side(month: tuple[Path, Path]) -> None:
    _, planning_dir = month
    a = open_planning(planning_dir).summary
    b = a.model_copy(update={"total_km": a.total_km + 10.0, "coverage_score": a.coverage_score - 1.0})
    rows = {row["key"]: row for row in kpi_comparison(a, b)}
    assert rows["total_km"]["delta"] == pytest.approx(10.0) and rows["total_km"]["better"] is False
    assert rows["coverage_score"]["delta_text"] == "-1.00" and rows["coverage_score"]["better"] is False
    assert rows["status"]["delta"] is None and rows["status"]["b_text"] == a.status


def test_a_bad_set_option_is_refused_before_any_solve(month: tuple[Path, Path]) -> None:
    scenario_dir, _ = month
    with pytest.raises(InvalidOption, match="needs at least one --set"):
        sweep_axes([], 10)
    with pytest.raises(InvalidOption, match="more than --max-variants 2"):
        sweep_axes(["max_days_per_doctor=1,2,3"], 2)
    base = open_scenario(scenario_dir).scenario
    axes = sweep_axes(["max_days_per_doctor=1,2"], 10)
    assert [v.slug for v in sweep_variants(base, axes)] == ["max_days_per_doctor=1", "max_days_per_doctor=2"]
    with pytest.raises(InvalidOption, match=r"budget_eur is not set in scenario\.toml"):
        sweep_variants(base, sweep_axes(["budget_eur=*2"], 10))


def test_a_sweep_folder_must_be_new_empty_or_an_earlier_sweep(tmp_path: Path) -> None:
    check_sweep_folder(tmp_path / "new", ["a"], force=False)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(InvalidOption, match="exists and is not a folder"):
        check_sweep_folder(tmp_path / "file", ["a"], force=True)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputRefused, match="is not a sweep folder"):
        check_sweep_folder(mine, ["a"], force=False)
    (mine / "sweep.csv").write_text("variant,\n", encoding="utf-8")  # an earlier sweep
    check_sweep_folder(mine, ["a"], force=False)
    (mine / "a").mkdir()
    (mine / "a" / "x.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputRefused, match="a exists and is not a planning folder"):
        check_sweep_folder(mine, ["a"], force=False)


def test_a_sweep_writes_each_variant_and_its_summary(month: tuple[Path, Path], tmp_path: Path) -> None:
    scenario_dir, _ = month
    base = open_scenario(scenario_dir).scenario
    axes = sweep_axes(["max_days_per_doctor=1,2"], 10)
    variants = sweep_variants(base, axes)
    out = tmp_path / "sweep"
    outcomes = list(solve_variants(base, variants, out, 20.0, 1, 0, jobs=1))
    assert sorted(o.variant.slug for o in outcomes) == [v.slug for v in variants]
    assert all(o.summary is not None and o.summary.status == "OPTIMAL" for o in outcomes)
    for v in variants:
        files = tree(out / v.slug)
        assert "summary.json" in files and "scenario/scenario.toml" in files
        cap = v.slug.split("=")[1]
        assert f"max_days_per_doctor = {cap}" in files["scenario/scenario.toml"].decode("utf-8")
    ranked = write_sweep_files(out, axes, outcomes, "coverage_score", "Sweep of test")
    scores = [o.summary.coverage_score for o in ranked if o.summary is not None]
    assert scores == sorted(scores, reverse=True)
    with (out / "sweep.csv").open(encoding="utf-8") as handle:
        assert [r["variant"] for r in csv.DictReader(handle)] == [o.variant.slug for o in ranked]
    assert "Sweep of test" in (out / "sweep.html").read_text(encoding="utf-8")
