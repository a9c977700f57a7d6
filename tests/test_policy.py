"""Budget, stays and the cost objective: solver against an exhaustive oracle, verifier
against hand-made plannings, and the policy curves' monotonicity."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from months import far_lodging_month
from policy_oracle import policy_optimum, policy_search_size
from scenario_builder import Spec, doctor, locum, practice, site, solve_and_verify, write_planning_rows, zone
from strategies import policy_scenarios, scenarios

from roster.scenarios import load_scenario
from roster.verify import verify_planning


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=policy_scenarios())
def test_budget_and_stays_optima_equal_the_exhaustive_enumeration(spec: Spec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = spec.write(Path(tmp) / "scn")
        assume(policy_search_size(load_scenario(folder)) <= 12_000)
        scenario, planning, verdict = solve_and_verify(folder, Path(tmp) / "plan")
        assert verdict.ok, verdict.violations
        optimum = policy_optimum(scenario)
        assert optimum is not None  # the empty planning always fits (budget >= 0)
        s = planning.summary
        event(f"stays: {min(s.stays, 2)}+, budget: {scenario.settings.budget_eur}")
        assert s.status == "OPTIMAL"
        assert s.coverage_score == float(optimum[0])
        second = s.total_eur if scenario.settings.secondary == "cost" else s.total_km
        assert math.isclose(second, optimum[1], abs_tol=1e-3), (second, optimum)
        assert math.isclose(s.total_eur, verdict.total_eur, abs_tol=0.011)
        if scenario.settings.budget_eur is not None:
            assert verdict.total_eur <= scenario.settings.budget_eur + 1e-6


@st.composite
def larger_policy_scenarios(draw: st.DrawFn) -> Spec:
    """Two weeks, up to 8 volunteers: beyond the oracle, checked by the verifier only."""
    spec = draw(scenarios(max_zones=3, max_sites=4, max_doctors=8, max_practices=3, max_locums=2, days=14))
    for x in spec.sites:
        x["lodging"] = draw(st.sampled_from([0, 1, 1]))
    for d in spec.doctors:
        d["max_days"] = draw(st.sampled_from([1, 2, 4, 6]))
        d["max_km"] = draw(st.sampled_from([60, 150]))
        if draw(st.booleans()):
            spec.available[d["doctor_id"]] = list(range(1, 15))
    for z in spec.zones:
        z["demand_days"] = draw(st.sampled_from([2, 5, 8]))
    spec.settings |= {
        "day_trip_max_km": draw(st.sampled_from([20, 30])),
        "max_stay_days": draw(st.sampled_from([1, 3, 5])),
        "lodging_night_eur": draw(st.sampled_from([0, 60])),
        "locum_daily_eur": draw(st.sampled_from([0, 250])),
        "round_trip": draw(st.booleans()),
        "secondary": draw(st.sampled_from(["km", "cost"])),
    }
    budget = draw(st.sampled_from([None, 300, 1000, 2500]))
    if budget is not None:
        spec.settings["budget_eur"] = budget
    return spec


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=larger_policy_scenarios())
def test_every_policy_planning_passes_the_verifier(spec: Spec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = spec.write(Path(tmp) / "scn")
        _, planning, verdict = solve_and_verify(folder, Path(tmp) / "plan")
        assert verdict.ok, verdict.violations
        s = planning.summary
        event(f"status {s.status}, stays: {min(s.stays, 2)}+")
        assert (s.stays, s.lodging_nights) == (verdict.stays, verdict.lodging_nights)
        assert math.isclose(s.total_eur, verdict.total_eur, abs_tol=0.011)


def test_a_stay_carries_its_km_on_the_first_day_and_pays_the_nights_between(tmp_path: Path) -> None:
    folder = far_lodging_month(max_stay_days=5).write(tmp_path / "scn")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok, verdict.violations
    assert [a.km for a in planning.assignments] == [120, 0, 0, 0, 0]
    s = planning.summary
    assert (s.stays, s.lodging_nights, s.lodging_eur) == (1, 5, 250)  # the night before + 4 between
    assert s.total_eur == 5 * 200 + 120 * 0.35 + 250


def test_without_stays_the_cap_holds_and_each_far_day_is_a_trip(tmp_path: Path) -> None:
    folder = far_lodging_month().write(tmp_path / "scn")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok
    assert [a.km for a in planning.assignments] == [120, 120]
    assert (planning.summary.stays, planning.summary.lodging_nights) == (0, 2)


def _verify_rows(tmp_path: Path, spec: Spec, rows: list[tuple], summary: dict | None = None) -> list[str]:
    scenario = load_scenario(spec.write(tmp_path / "scn"))
    plan = write_planning_rows(tmp_path / "plan", rows)
    if summary is not None:  # the contract's fields recomputed, then the figures under test
        verdict, _ = verify_planning(scenario, plan)
        settings = scenario.settings
        contract = {
            "status": "FEASIBLE",
            "objective": verdict.coverage_score,
            "best_bound": None,
            "wall_time_s": 0.0,
            "coverage_score": verdict.coverage_score,
            "total_km": verdict.total_km,
            "doctor_days": verdict.doctor_days,
            "indemnity_eur": verdict.doctor_days * settings.daily_indemnity_eur,
            "travel_eur": verdict.total_km * settings.km_rate_eur * (2 if settings.round_trip else 1),
        }
        (plan / "summary.json").write_text(json.dumps({**contract, **summary}), encoding="utf-8")
    verdict, problems = verify_planning(scenario, plan)
    assert not problems
    return verdict.violations


def test_verifier_flags_a_planning_over_budget(tmp_path: Path) -> None:
    rows = [("2025-10-06", "D", "S", "Z", 120), ("2025-10-07", "D", "S", "Z", 120)]
    violations = _verify_rows(tmp_path, far_lodging_month(budget_eur=400), rows)
    assert any(v.startswith("budget:") and "584.00 EUR" in v for v in violations), violations


def test_verifier_flags_a_broken_stay(tmp_path: Path) -> None:
    rows = [("2025-10-06", "D", "S", "Z", 120), ("2025-10-08", "D", "S", "Z", 0)]  # a day skipped
    violations = _verify_rows(tmp_path, far_lodging_month(max_stay_days=5), rows)
    assert any(v.startswith("stay:") and "previous open date" in v for v in violations), violations
    assert any("km 0 differs from the road distance 120" in v for v in violations)


def test_verifier_flags_a_stay_longer_than_allowed_and_beyond_the_cap(tmp_path: Path) -> None:
    rows = [(f"2025-10-0{d}", "D", "S", "Z", 120 if d == 6 else 0) for d in (6, 7, 8, 9)]
    violations = _verify_rows(tmp_path, far_lodging_month(max_stay_days=3), rows)
    assert any("stay of 4 days, max_stay_days 3" in v for v in violations), violations
    assert any(v.startswith("rule 1: D has 4 missions") for v in violations)


def test_verifier_flags_a_stay_when_stays_are_off_and_wrong_stay_km(tmp_path: Path) -> None:
    rows = [("2025-10-06", "D", "S", "Z", 120), ("2025-10-07", "D", "S", "Z", 0)]
    off = _verify_rows(tmp_path / "off", far_lodging_month(), rows)
    assert any("max_stay_days is 1" in v for v in off), off
    wrong = [("2025-10-06", "D", "S", "Z", 0), ("2025-10-07", "D", "S", "Z", 120)]  # km on the wrong day
    violations = _verify_rows(tmp_path / "wrong", far_lodging_month(max_stay_days=3), wrong)
    assert any("km 0 differs from the road distance 120" in v for v in violations), violations


def test_verifier_accepts_a_valid_stay_and_checks_every_cost_field(tmp_path: Path) -> None:
    rows = [(f"2025-10-0{d}", "D", "S", "Z", 120 if d == 6 else 0) for d in (6, 7, 8)]
    good = {"total_eur": 792, "lodging_eur": 150, "lodging_nights": 3, "stays": 1, "locum_eur": 0}
    assert _verify_rows(tmp_path / "good", far_lodging_month(max_stay_days=3), rows, good) == []
    bad = {"total_eur": 600, "lodging_eur": 0, "lodging_nights": 1, "stays": 0, "travel_eur": 84}
    bad["locum_eur"] = 9
    violations = _verify_rows(tmp_path / "bad", far_lodging_month(max_stay_days=3), rows, bad)
    for key in bad:
        assert any(v.startswith(f"summary.json: {key} is") for v in violations), (key, violations)


def test_secondary_cost_prefers_the_cheaper_planning_over_the_shorter_one(tmp_path: Path) -> None:
    """D1 is 10 km away but leaving needs a locum (300 EUR); D2 is 50 km away, no practice."""
    spec = Spec(
        zones=[zone("Z", demand=1)],
        sites=[site("S", "Z")],
        doctors=[doctor("D1", practice_id="P"), doctor("D2")],
        practices=[practice("P", min_present=1, other=0)],
        locums=[locum("R")],
        available={"D1": [6], "D2": [6], "R": [6]},
        distances=[{"from_id": "D1", "to_id": "S", "km": 10}, {"from_id": "D2", "to_id": "S", "km": 50}],
        settings={"locum_daily_eur": 300},
    )
    _, by_km, _ = solve_and_verify(spec.write(tmp_path / "km"), tmp_path / "plan-km")
    spec.settings["secondary"] = "cost"
    _, by_cost, verdict = solve_and_verify(spec.write(tmp_path / "cost"), tmp_path / "plan-cost")
    assert verdict.ok
    assert [a.doctor_id for a in by_km.assignments] == ["D1"]
    assert (by_km.summary.locum_eur, by_km.summary.total_eur) == (300, 503.5)
    assert [a.doctor_id for a in by_cost.assignments] == ["D2"]
    assert (by_cost.summary.locum_eur, by_cost.summary.total_eur) == (0, 217.5)
    assert by_cost.summary.coverage_score == by_km.summary.coverage_score


CURVE_KM = [("D1", "S1", 150), ("D1", "S2", 200), ("D2", "S1", 90)]
CURVE_KM += [("D2", "S2", 120), ("D3", "S1", 30), ("D3", "S2", 60)]
CURVES = [("budget_eur", "0,500,1000,2000,4000"), ("max_stay_days", "1,2,3,5")]


@pytest.mark.parametrize(("key", "values"), CURVES)
def test_coverage_is_non_decreasing_in_budget_and_stays(tmp_path: Path, key: str, values: str) -> None:
    from typer.testing import CliRunner

    from roster.cli import app

    spec = Spec(
        zones=[zone("Z1", demand=5), zone("Z2", priority=2, demand=3)],
        sites=[site("S1", "Z1", lodging=1), site("S2", "Z2", lodging=1, days="Mon Tue Wed Thu Fri")],
        doctors=[doctor("D1", max_days=5, max_km=300), doctor("D2", max_days=3, max_km=300), doctor("D3")],
        available={"D1": [6, 7, 8, 9, 10], "D2": [6, 7, 8, 13], "D3": [9, 10]},
        distances=[{"from_id": d, "to_id": s, "km": km} for d, s, km in CURVE_KM],
        settings={"lodging_night_eur": 60, "max_stay_days": 3},
    )
    folder = spec.write(tmp_path / "scn")
    out = tmp_path / "sweep"
    result = CliRunner().invoke(app, ["sweep", str(folder), "--set", f"{key}={values}", "--out", str(out),
                                      "--time-limit", "20", "--jobs", "1", "--quiet"])  # fmt: skip
    assert result.exit_code == 0, result.output
    scenario = load_scenario(folder)
    import pandas as pd

    frame = pd.read_csv(out / "sweep.csv")
    frame[key] = frame[key].astype(float)
    frame = frame.sort_values(key)
    assert (frame["status"] == "OPTIMAL").all()
    scores = frame["coverage_score"].tolist()
    assert scores == sorted(scores) and scores[0] < scores[-1], scores
    for slug in frame["variant"]:
        variant = load_scenario(out / slug / "scenario") if (out / slug / "scenario").exists() else scenario
        verdict, problems = verify_planning(variant, out / slug)
        assert not problems and verdict.ok, (slug, verdict.violations)
    html = (out / "sweep.html").read_text(encoding="utf-8")
    assert html.count("<svg") == (5 if key == "budget_eur" else 4)
    assert ("Coverage bought per extra 10,000 EUR" in html) == (key == "budget_eur")


def test_marginal_coverage_per_10000_eur_is_the_slope_between_budgets() -> None:
    from roster.whatif.sweep_curves import marginal_per_10k

    points = [(0.0, 0.0, True), (20_000.0, 10.0, True), (40_000.0, 12.0, False)]
    assert marginal_per_10k(points) == [(10_000.0, 5.0, True), (30_000.0, 1.0, False)]


def test_a_stay_is_one_multi_day_calendar_event(tmp_path: Path) -> None:
    from icalendar import Calendar

    from roster.export.events import grouped_events
    from roster.export.ics import render_ics
    from roster.outputs.stays import stays_of

    folder = far_lodging_month(max_stay_days=5).write(tmp_path / "scn")
    scenario, planning, _ = solve_and_verify(folder, tmp_path / "plan")
    trips = stays_of(planning.assignments)
    assert [(t.days, t.km, t.nights_between) for t in trips] == [(5, 120, 4)]
    events = grouped_events(scenario, planning, "doctor")
    (event,) = next(iter(events.values()))
    assert event.days == 5 and "Stay: 5 mission days" in event.description
    import datetime as dt

    parsed = Calendar.from_ical(render_ics([event], "t", dt.datetime(2025, 1, 1, tzinfo=dt.UTC)))
    (vevent,) = parsed.walk("VEVENT")
    assert vevent.decoded("dtend") - vevent.decoded("dtstart") == dt.timedelta(days=5)


def _pilot_with(tmp_path: Path, extra: str) -> Path:
    import shutil

    folder = tmp_path / "pilot"
    shutil.copytree(Path(__file__).resolve().parent.parent / "scenarios" / "occitanie-pilot", folder)
    with (folder / "scenario.toml").open("a", encoding="utf-8") as handle:
        handle.write(extra)
    return folder


def test_a_budget_month_starts_from_the_lp_rounded_down_and_its_support(tmp_path: Path) -> None:
    """The budget makes the pilot's LP fractional: rounded down to fit, then a CP-SAT dive."""
    folder = _pilot_with(tmp_path, "budget_eur = 20000\nlodging_night_eur = 60\nround_trip = true\n")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan", time_limit=60)
    assert verdict.ok, verdict.violations
    phases = {p["phase"]: p for p in planning.summary.phases}
    assert phases["lp-coverage"]["integral"] is False and phases["lp-coverage"]["rounded_down"] > 0
    assert "coverage-lp-dive" in phases and "flow" not in phases
    assert planning.summary.total_eur <= 20000 and verdict.total_eur <= 20000
    assert planning.summary.coverage_score >= phases["lp-coverage"]["rounded_down"]


def test_a_stays_month_starts_from_the_contract_month_and_joins_days_into_stays(tmp_path: Path) -> None:
    folder = _pilot_with(tmp_path, "max_stay_days = 5\nlodging_night_eur = 60\n")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan", time_limit=10)
    assert verdict.ok, verdict.violations
    phases = {p["phase"]: p for p in planning.summary.phases}
    start = phases["contract-start"]  # the pilot without stays: 200.81, 12,512.7 km (its optimum)
    assert start["integral"] and math.isclose(start["coverage"], 200.8073054134548)
    assert start["km"] <= 12512.667 + 0.01 and planning.summary.total_km <= start["km"]
    assert "flow" not in phases and "stays-polish" in phases and "km-support-dive" in phases
    assert planning.summary.stays == verdict.stays > 0
    assert planning.summary.proof["coverage"].startswith("LP relaxation")


def test_fit_budget_drops_the_dearest_missions_until_the_planning_fits(tmp_path: Path) -> None:
    import numpy as np

    from roster.solvers.data.arrays import ScenarioArrays
    from roster.solvers.engines.budget_fit import fit_budget
    from roster.solvers.model.budget import cost_terms, within_budget
    from roster.solvers.model.mission_model import build_model

    spec = far_lodging_month(budget_eur=450)  # the two days cost 207 + 292 EUR
    spec.sites.append(site("T", "Z", lodging=1))
    spec.distances.append({"from_id": "D", "to_id": "T", "km": 20})
    scenario = load_scenario(spec.write(tmp_path / "scn"))
    m = build_model(ScenarioArrays.from_scenario(scenario))
    o = m.space.missions
    near_mondays = ((o.site == 1) & (o.date == 5)).astype(np.int64)  # 2025-10-06 at T
    far_tuesday = ((o.site == 0) & (o.date == 6)).astype(np.int64)  # 2025-10-07 at S
    values = fit_budget(m, near_mondays | far_tuesday, lambda v: True)
    assert values is not None and within_budget(m, values)
    kept = np.flatnonzero(values[m.x])
    assert [(int(o.site[i]), int(o.date[i])) for i in kept] == [(1, 5)]  # the 120 km day went
    assert int(cost_terms(m)[1] @ values[cost_terms(m)[0]]) == 200 * 100 + 20 * 35
    assert fit_budget(m, near_mondays, lambda v: False) is None  # the caller's check decides


def test_the_report_shows_a_stay_as_one_trip(tmp_path: Path) -> None:
    from roster.report.month_grid import site_calendar

    folder = far_lodging_month(max_stay_days=5).write(tmp_path / "scn")
    scenario, planning, _ = solve_and_verify(folder, tmp_path / "plan")
    html = site_calendar(scenario, planning, scenario.sites[0])
    assert "D stay 1/5" in html and "D stay 5/5" in html
    assert "Stays: Dr D: 2025-10-06 to 2025-10-10 (5 days)" in html


def test_without_the_lp_a_budget_month_starts_from_the_flow_fitted_to_the_budget(tmp_path: Path) -> None:
    from roster.outputs.planning_folder import save_planning
    from roster.solvers import SolveOptions, solve

    folder = _pilot_with(tmp_path, "budget_eur = 20000\nlodging_night_eur = 60\n")
    scenario = load_scenario(folder)
    planning = solve(scenario, SolveOptions(time_limit_s=15, workers=1, seed=1, use_lp=False))
    save_planning(tmp_path / "plan", planning, scenario, force=True)
    verdict, problems = verify_planning(scenario, tmp_path / "plan")
    assert not problems and verdict.ok, verdict.violations
    phases = {p["phase"]: p for p in planning.summary.phases}
    assert phases["flow"]["fitted_coverage"] > 0 and "lp-coverage" not in phases
    assert planning.summary.coverage_score >= phases["flow"]["fitted_coverage"]
    assert planning.summary.total_eur <= 20000


@pytest.mark.parametrize(("budget", "wished_days"), [(None, 2), (240, 1), (125, 0)])
def test_the_wish_step_works_under_a_budget(tmp_path: Path, budget: int | None, wished_days: int) -> None:
    """Coverage first, then wishes, then km, all under the budget: the wished site B costs
    130 EUR a day, A 110, so 240 EUR afford one wished day of two, 125 EUR only a day at A."""
    spec = Spec(
        zones=[zone("Z", demand=2)],
        sites=[site("A", "Z"), site("B", "Z")],
        doctors=[doctor("D", max_days=2, max_km=200)],
        available={"D": [6, 7]},
        distances=[{"from_id": "D", "to_id": "A", "km": 10}, {"from_id": "D", "to_id": "B", "km": 30}],
        settings={"max_days_per_doctor": 2, "daily_indemnity_eur": 100, "km_rate_eur": 1},
        wishes=[{"doctor_id": "D", "site_id": "B", "weight": 1}],
    )
    if budget is not None:
        spec.settings["budget_eur"] = budget
    _, planning, verdict = solve_and_verify(spec.write(tmp_path / "scn"), tmp_path / "plan")
    assert verdict.ok, verdict.violations
    s = planning.summary
    assert s.status == "OPTIMAL" and s.doctor_days == (1 if budget == 125 else 2)
    assert s.wish_score == verdict.wish_score == wished_days
    assert sum(a.site_id == "B" for a in planning.assignments) == wished_days
    if budget is not None:
        assert verdict.total_eur <= budget and "wish" in s.proof


def test_the_coverage_lp_holds_the_budget_so_reduced_cost_fixing_keeps_the_optimum(tmp_path: Path) -> None:
    """The coverage LP is that of the model, budget row included: its reduced costs fix
    options only for plannings that fit the budget, and the solve stays optimal."""
    from roster.solvers.data.arrays import ScenarioArrays
    from roster.solvers.model.mission_model import build_model

    spec = far_lodging_month(budget_eur=450, max_days_per_doctor=5)
    spec.sites.append(site("T", "Z", lodging=1))
    spec.distances.append({"from_id": "D", "to_id": "T", "km": 20})
    folder = spec.write(tmp_path / "scn")
    scenario = load_scenario(folder)
    m = build_model(ScenarioArrays.from_scenario(scenario))
    rows = m.relaxation
    spec.settings.pop("budget_eur")
    free = load_scenario(spec.write(tmp_path / "free"))
    spec.settings["budget_eur"] = 450
    unbudgeted = build_model(ScenarioArrays.from_scenario(free))
    assert rows.matrix.shape[0] == unbudgeted.relaxation.matrix.shape[0] + 1  # the budget row
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok and planning.summary.status == "OPTIMAL", verdict.violations
    optimum = policy_optimum(scenario)
    assert optimum is not None and planning.summary.coverage_score == float(optimum[0])
    assert verdict.total_eur <= 450


def test_refresh_after_a_hand_edit_recomputes_costs_and_stays_as_the_verifier_does(tmp_path: Path) -> None:
    """`roster refresh` uses the solver's money figures (roster.models.costs), stays included,
    so that `roster verify` then passes."""
    from typer.testing import CliRunner

    from roster.cli import app

    folder = far_lodging_month(max_stay_days=5, round_trip=True, budget_eur=2000).write(tmp_path / "scn")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok and planning.summary.stays == 1
    plan = tmp_path / "plan"
    lines = (plan / "assignments.csv").read_text(encoding="utf-8").splitlines()
    edited = "\n".join(lines[:-1]) + "\n"  # without the stay's last day
    (plan / "assignments.csv").write_text(edited, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["verify", str(folder), str(plan)]).exit_code == 1, "stale figures"
    result = runner.invoke(app, ["refresh", str(folder), str(plan)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["verify", str(folder), str(plan)])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(folder)
    verdict, _ = verify_planning(scenario, plan)
    summary = json.loads((plan / "summary.json").read_text(encoding="utf-8"))
    assert summary["stays"] == verdict.stays == 1 and summary["lodging_nights"] == verdict.lodging_nights == 4
    assert summary["travel_eur"] == 84  # 120 km both ways x 0.35 EUR
    assert summary["total_eur"] == pytest.approx(verdict.total_eur)
