"""wishes.csv and only_wished: loading, the wish phase, the verifier, KPIs and explain."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import pytest
from brute_force import best_planning, best_with_wishes, search_size
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from months import wish_month
from scenario_builder import Spec, doctor, site, solve_and_verify, write_planning_rows, zone
from strategies import WEEKDAYS, scenarios
from typer.testing import CliRunner

from roster.cli import app
from roster.scenarios import ScenarioError, load_scenario
from roster.verify import verify_planning

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@st.composite
def with_wishes(draw: st.DrawFn, spec_strategy: st.SearchStrategy, only_wished: bool = True) -> Spec:
    """A generated scenario plus random wishes (and, optionally, only_wished doctors)."""
    spec: Spec = draw(spec_strategy)
    days = sorted({d for person in spec.available.values() for d in person})
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        row: dict[str, object] = {"doctor_id": draw(st.sampled_from([d["doctor_id"] for d in spec.doctors]))}
        if draw(st.booleans()):
            row["site_id"] = draw(st.sampled_from([s["site_id"] for s in spec.sites]))
        elif draw(st.booleans()):
            row["zone_id"] = draw(st.sampled_from([z["zone_id"] for z in spec.zones]))
        if draw(st.integers(0, 3)) == 0:
            row["date"] = f"{spec.month}-{draw(st.sampled_from(days)):02d}"
        elif draw(st.integers(0, 3)) == 0:
            row["weekday"] = draw(st.sampled_from(WEEKDAYS))
        if draw(st.integers(0, 2)):
            row["weight"] = draw(st.sampled_from([-3, -1, 1, 2, 3, 5, 100]))
        rows.append(row)
    spec.wishes = rows
    if only_wished:
        for d in spec.doctors:
            d["only_wished"] = int(draw(st.integers(0, 3)) == 0)
    return spec


TINY = st.one_of(
    scenarios(max_zones=2, max_sites=3, max_doctors=3, max_practices=2, max_locums=2, days=4),
    scenarios(max_zones=2, max_sites=2, max_doctors=3, max_practices=3, max_locums=2, days=4,
              tight_practices=True),
)  # fmt: skip


@PROPERTY_SETTINGS
@given(spec=with_wishes(TINY))
def test_wish_score_equals_the_exhaustive_optimum_on_tiny_scenarios(spec: Spec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = spec.write(Path(tmp) / "scn")
        assume(search_size(load_scenario(folder)) <= 20_000)
        scenario, planning, verdict = solve_and_verify(folder, Path(tmp) / "plan")
        assert verdict.ok, verdict.violations
        coverage, wish, km = best_with_wishes(scenario)
        event(f"wish score {'>' if wish > 0 else '<='} 0")
        event(f"only_wished doctors: {sum(d.only_wished for d in scenario.doctors) > 0}")
        s = planning.summary
        assert s.status == "OPTIMAL"
        assert s.coverage_score == float(coverage)
        assert s.wish_score == wish == verdict.wish_score
        assert s.wish_bound == wish
        assert "wish" in s.proof
        assert math.isclose(s.total_km, km, rel_tol=1e-6, abs_tol=1e-3)


MEDIUM = scenarios(max_zones=4, max_sites=5, max_doctors=8, max_practices=3, max_locums=3, days=14)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=with_wishes(MEDIUM, only_wished=False))
def test_wishes_never_trade_coverage_away(spec: Spec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with_file = spec.write(Path(tmp) / "with")
        _, wished, verdict = solve_and_verify(with_file, Path(tmp) / "plan-with")
        spec.wishes = None
        _, plain, _ = solve_and_verify(spec.write(Path(tmp) / "without"), Path(tmp) / "plan-without")
        assert verdict.ok, verdict.violations
        assert wished.summary.status == plain.summary.status == "OPTIMAL"
        assert wished.summary.coverage_score == plain.summary.coverage_score
        assert wished.summary.wish_score == verdict.wish_score
        assert plain.summary.wish_score is None and plain.summary.wish_bound is None


def _two_zones(**extra: object) -> Spec:
    """D1 lives by S1 (zone Z1), D2 by S2 (zone Z2); each zone wants one day."""
    return Spec(
        zones=[zone("Z1", demand=1), zone("Z2", demand=1)],
        sites=[site("S1", "Z1"), site("S2", "Z2", lon=0.1)],
        doctors=[doctor("D1"), doctor("D2", lon=0.1)],
        available={"D1": [6, 7], "D2": [6]},
        **extra,  # type: ignore[arg-type]
    )


def test_wishes_move_doctors_to_their_wished_sites_at_the_same_coverage(tmp_path: Path) -> None:
    plain = _two_zones()
    _, base, _ = solve_and_verify(plain.write(tmp_path / "plain"), tmp_path / "p0")
    assert {(a.doctor_id, a.site_id) for a in base.assignments} == {("D1", "S1"), ("D2", "S2")}
    spec = _two_zones(wishes=[{"doctor_id": "D1", "site_id": "S2", "weight": 5},
                              {"doctor_id": "D2", "zone_id": "Z1", "weight": 3}])  # fmt: skip
    _, planning, verdict = solve_and_verify(spec.write(tmp_path / "w"), tmp_path / "p1")
    assert verdict.ok and verdict.wish_score == 8
    assert {(a.doctor_id, a.site_id) for a in planning.assignments} == {("D1", "S2"), ("D2", "S1")}
    assert planning.summary.coverage_score == base.summary.coverage_score
    assert planning.summary.total_km > base.summary.total_km  # km comes after wishes
    assert (planning.summary.status, planning.summary.wish_score, planning.summary.wish_bound) == (
        "OPTIMAL", 8, 8,
    )  # fmt: skip


def test_a_negative_weight_steers_away_at_no_coverage_cost(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z1", demand=1)],
        sites=[site("S1", "Z1"), site("S2", "Z1", lon=0.05)],
        doctors=[doctor("D1")],
        available={"D1": [6, 7]},
        wishes=[{"doctor_id": "D1", "weekday": "Mon", "weight": -2}],  # 2025-10-06 is a Monday
    )
    _, planning, verdict = solve_and_verify(spec.write(tmp_path / "s"), tmp_path / "p")
    assert verdict.ok
    assert [(a.date.isoformat(), a.site_id) for a in planning.assignments] == [("2025-10-07", "S1")]
    assert planning.summary.wish_score == 0


def test_only_wished_binds_even_against_coverage(tmp_path: Path) -> None:
    spec = _two_zones(wishes=[{"doctor_id": "D2", "site_id": "S1"}])
    spec.doctors[1]["only_wished"] = 1
    spec.available["D1"] = []  # nobody else can go to S2, and D2 only wants S1
    spec.zones[0]["priority"] = 1
    _, planning, verdict = solve_and_verify(spec.write(tmp_path / "s"), tmp_path / "p")
    assert verdict.ok, verdict.violations
    assert [(a.doctor_id, a.site_id) for a in planning.assignments] == [("D2", "S1")]
    assert planning.summary.status == "OPTIMAL"


def test_the_verifier_flags_an_only_wished_violation(tmp_path: Path) -> None:
    spec = _two_zones(wishes=[{"doctor_id": "D1", "site_id": "S2"}])
    spec.doctors[0]["only_wished"] = 1
    scenario = load_scenario(spec.write(tmp_path / "s"))
    plan = write_planning_rows(tmp_path / "p", [("2025-10-06", "D1", "S1", "Z1", 0.0)])
    verdict, problems = verify_planning(scenario, plan)
    assert not problems
    assert any(v.startswith("only_wished: assignments.csv:2: D1 at S1") for v in verdict.violations)
    assert verdict.wish_score == 0


def test_the_verifier_flags_a_wrong_wish_score_and_bound(tmp_path: Path) -> None:
    spec = _two_zones(wishes=[{"doctor_id": "D1", "site_id": "S2", "weight": 5}])
    _, _, verdict = solve_and_verify(spec.write(tmp_path / "s"), tmp_path / "p")
    assert verdict.ok and verdict.wish_score == 5
    summary = json.loads((tmp_path / "p" / "summary.json").read_text())
    summary["wish_score"], summary["wish_bound"] = 6, 4
    (tmp_path / "p" / "summary.json").write_text(json.dumps(summary))
    verdict, _ = verify_planning(load_scenario(tmp_path / "s"), tmp_path / "p")
    assert "summary.json: wish_score is 6, recomputed 5" in verdict.violations
    assert "summary.json: wish_bound 4 is below the wish score 5" in verdict.violations
    result = CliRunner().invoke(app, ["verify", str(tmp_path / "s"), str(tmp_path / "p")])
    assert result.exit_code == 1 and "wish score 5" in result.output


def test_the_verifier_flags_a_wished_day_beyond_the_zones_demand(tmp_path: Path) -> None:
    spec = _two_zones(wishes=[{"doctor_id": "D1", "site_id": "S1", "weight": 5}])
    scenario = load_scenario(spec.write(tmp_path / "s"))
    rows = [("2025-10-06", "D1", "S1", "Z1", 0.0), ("2025-10-07", "D1", "S1", "Z1", 0.0)]
    verdict, _ = verify_planning(scenario, write_planning_rows(tmp_path / "p", rows))
    assert any(
        v.startswith("demand: zone Z1 has 2 doctor-days, more than its demand_days 1")
        for v in verdict.violations
    )
    without = load_scenario(_two_zones().write(tmp_path / "plain"))
    verdict, _ = verify_planning(without, write_planning_rows(tmp_path / "q", rows))
    assert not any(v.startswith("demand:") for v in verdict.violations)  # only a wish rule


MALFORMED = [
    ("D9,,,,,", "column 'doctor_id': unknown doctor 'D9' (not in doctors.csv)"),
    (",S1,,,,", "column 'doctor_id': value is missing (a doctor_id of doctors.csv)"),
    ("D1,S9,,,,", "column 'site_id': unknown site 'S9' (not in sites.csv)"),
    ("D1,,Z9,,,", "column 'zone_id': unknown zone 'Z9' (not in zones.csv)"),
    ("D1,S1,Z2,,,", "site S1 is in zone Z1, not Z2: this wish can never match"),
    ("D1,,,Monday,,", "column 'weekday': must be one of Mon Tue Wed Thu Fri Sat Sun or empty, got 'Monday'"),
    ("D1,,,,2025-11-03,", "column 'date': 2025-11-03 is outside the planned month 2025-10"),
    ("D1,,,,2025/10/06,", "column 'date': must be a date YYYY-MM-DD or empty, got '2025/10/06'"),
    ("D1,,,Tue,2025-10-06,", "2025-10-06 is a Mon, not a Tue: this wish can never match"),
    ("D1,,,,,101", "column 'weight': must be a whole number from -100 to 100 or empty (1), got '101'"),
    ("D1,,,,,1.5", "column 'weight': must be a whole number from -100 to 100 or empty (1), got '1.5'"),
    ("D2,,,,,abc", "column 'weight': must be a whole number from -100 to 100 or empty (1), got 'abc'"),
]


@pytest.mark.parametrize(("row", "message"), MALFORMED)
def test_malformed_wish_rows_are_refused_with_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    folder = _two_zones().write(tmp_path / "s")
    (folder / "wishes.csv").write_text(
        "doctor_id,site_id,zone_id,weekday,date,weight\nD2,S2,,,,3\n" + row + "\n", encoding="utf-8"
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert [str(i) for i in caught.value.issues] == [f"{folder / 'wishes.csv'}:3: {message}"]
    result = CliRunner().invoke(app, ["solve", str(folder), "--out", str(tmp_path / "plan")])
    assert result.exit_code == 2
    assert not (tmp_path / "plan").exists()


def test_a_minimal_wishes_file_and_its_warnings(tmp_path: Path) -> None:
    folder = _two_zones().write(tmp_path / "s")
    text = (folder / "doctors.csv").read_text().splitlines()
    lines = [text[0] + ",only_wished", *(f"{line},{i}" for i, line in enumerate(text[1:]))]
    (folder / "doctors.csv").write_text("\n".join(lines) + "\n")  # D2 has only_wished = 1
    (folder / "wishes.csv").write_text("doctor_id,site\nD1,S1\nD1,S1\nD2,\n", encoding="utf-8")
    warnings: list[str] = []
    scenario = load_scenario(folder, warnings)
    assert [(w.doctor_id, w.site_id, w.weight) for w in scenario.wishes] == [("D1", None, 1)] * 2 + [
        ("D2", None, 1)
    ]
    assert any("wishes.csv:1: column 'site' is not a wishes.csv column" in w for w in warnings)
    assert any("wishes.csv:3: same wish as line 2: their weights add up" in w for w in warnings)
    assert not any("only_wished" in w for w in warnings)  # D2 wishes for any mission
    (folder / "wishes.csv").write_text("doctor_id,weight\nD2,-1\n", encoding="utf-8")
    warnings = []
    load_scenario(folder, warnings)
    assert any(
        "doctors.csv:3: D2 has only_wished = 1 but no wish with a positive weight" in w for w in warnings
    )


def test_an_only_wished_pin_that_matches_no_wish_is_named_as_the_conflict(tmp_path: Path) -> None:
    folder = _two_zones(wishes=[{"doctor_id": "D1", "site_id": "S2"}]).write(tmp_path / "s")
    text = (folder / "doctors.csv").read_text().splitlines()
    (folder / "doctors.csv").write_text(
        "\n".join([text[0] + ",only_wished", text[1] + ",1", text[2] + ",0"]) + "\n"
    )
    (folder / "pins.csv").write_text("date,doctor_id,site_id\n2025-10-06,D1,S1\n")
    _, planning, _ = solve_and_verify(folder, tmp_path / "p")
    assert planning.summary.status == "INFEASIBLE"
    assert planning.summary.conflicts == [
        "pins.csv:2: D1 at S1 on 2025-10-06: only_wished: the doctor accepts only missions matching "
        "one of their positive wishes (wishes.csv)"
    ]


def test_replanning_keeps_changes_first_then_wishes(tmp_path: Path) -> None:
    from roster.models import Planning
    from roster.solvers import SolveOptions, solve

    spec = _two_zones(wishes=[{"doctor_id": "D1", "site_id": "S2", "weight": 5}])
    scenario = load_scenario(spec.write(tmp_path / "s"))
    first = solve(scenario, SolveOptions(time_limit_s=10, workers=1, seed=1))
    previous = Planning(assignments=first.assignments, locum_days=(), summary=first.summary)
    again = solve(scenario, SolveOptions(time_limit_s=10, workers=1, seed=1), previous=previous)
    assert again.summary.changes == 0
    assert again.summary.wish_score == first.summary.wish_score == 5
    assert again.summary.status == "OPTIMAL"


def test_scenario_files_keep_wishes_and_only_wished(tmp_path: Path) -> None:
    from roster.scenarios.scenario_files import scenario_files

    spec = _two_zones(wishes=[{"doctor_id": "D1", "site_id": "S2", "weekday": "Tue", "weight": -4},
                              {"doctor_id": "D2", "date": "2025-10-06"}])  # fmt: skip
    spec.doctors[1]["only_wished"] = 1
    scenario = load_scenario(spec.write(tmp_path / "s"))
    copy = tmp_path / "copy"
    copy.mkdir()
    for name, data in scenario_files(scenario).items():
        (copy / name).write_bytes(data)
    again = load_scenario(copy)
    assert [w.model_dump(exclude={"line"}) for w in again.wishes] == [
        w.model_dump(exclude={"line"}) for w in scenario.wishes
    ]
    assert [d.only_wished for d in again.doctors] == [False, True]
    assert again.has_wishes_file


def test_kpis_compare_and_sweep_show_the_wish_score(tmp_path: Path) -> None:
    from roster.console.tables import kpi_rows
    from roster.models import SolveSummary
    from roster.whatif.kpis import KPI_BY_KEY, kpi_values

    base = {
        "status": "FEASIBLE", "objective": 1.0, "best_bound": 1.0, "wall_time_s": 0.1, "coverage_score": 1.0,
        "total_km": 0.0, "doctor_days": 0, "indemnity_eur": 0.0, "travel_eur": 0.0,
    }  # fmt: skip
    assert "Wish score" not in dict(kpi_rows(SolveSummary(**base)))
    assert dict(kpi_rows(SolveSummary(**base, wish_score=7, wish_bound=7)))["Wish score"] == "7"
    assert dict(kpi_rows(SolveSummary(**base, wish_score=7, wish_bound=9)))["Wish score"] == "7 (bound 9)"
    assert kpi_values(SolveSummary(**base, wish_score=3))["wish_score"] == 3
    assert KPI_BY_KEY["wish_score"].higher_is_better
    spec = _two_zones(wishes=[{"doctor_id": "D1", "site_id": "S2", "weight": 5}])
    folder = spec.write(tmp_path / "s")
    solve_and_verify(folder, tmp_path / "p")
    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(tmp_path / "p"),
            str(folder),
            "--csv",
            str(tmp_path / "c.csv"),
            "--scenario",
            str(folder),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "wish score" in result.output
    import pandas as pd

    frame = pd.read_csv(tmp_path / "c.csv")
    assert frame["wish_score"].tolist() == [5, 5]
    result = CliRunner().invoke(
        app,
        [
            "sweep",
            str(folder),
            "--set",
            "max_days_per_doctor=1,2",
            "--out",
            str(tmp_path / "sw"),
            "--jobs",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert pd.read_csv(tmp_path / "sw" / "sweep.csv")["wish_score"].tolist() == [5, 5]


def test_explain_says_why_a_volunteer_got_none_of_their_wishes(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z1", demand=1), zone("Z2", demand=1, priority=3)],
        sites=[site("S1", "Z1", days="Mon"), site("S2", "Z2", lon=0.1), site("S3", "Z1", lon=3.0)],
        doctors=[doctor("D1"), doctor("D2", lon=0.1, max_days=1), doctor("D3", max_km=50)],
        available={"D1": [7], "D2": [6], "D3": [6]},
        wishes=[
            {
                "doctor_id": "D1",
                "site_id": "S1",
                "weight": 2,
            },  # S1 opens on Mondays, D1 comes on the 7th (Tue)
            {"doctor_id": "D3", "site_id": "S3"},  # 240 km away
        ],
    )
    spec.doctors[2]["only_wished"] = 1
    folder = spec.write(tmp_path / "s")
    _, _, verdict = solve_and_verify(folder, tmp_path / "p")
    assert verdict.ok
    result = CliRunner().invoke(
        app, ["explain", str(folder), str(tmp_path / "p"), "--no-check-changes", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "p" / "explain.md").read_text()
    assert "## Volunteers who got none of their wishes" in text
    d1 = text.split("**D1**")[1].split("- **")[0]
    assert "Got 1 mission(s), none wished" in d1
    assert "because the site is closed that day" in d1
    d3 = text.split("**D3**")[1]
    assert "because the site is beyond their max_km" in d3
    assert "only_wished = 1 and none of their wishes matches a mission the rules allow" in d3
    assert "**D2**" not in text
    french = CliRunner().invoke(
        app,
        ["explain", str(folder), str(tmp_path / "p"), "--no-check-changes", "--out", str(tmp_path / "fr.md")],
    )
    assert french.exit_code == 0, french.output
    text = (tmp_path / "fr.md").read_text()
    assert "## Volontaires qui n'ont obtenu aucun de leurs vœux" in text
    assert "car le lieu est fermé ce jour-là" in text.split("**D1**")[1]
    assert "car le lieu est au-delà de son max_km" in text.split("**D3**")[1]


def test_explain_names_coverage_when_capacity_goes_to_a_higher_priority(tmp_path: Path) -> None:
    from roster.explain.reasons import Explainer
    from roster.explain.wishes import unmet_wishes

    spec = Spec(
        zones=[zone("Z1", demand=2, priority=1), zone("Z2", demand=1, priority=5)],
        sites=[site("S1", "Z1", capacity=1), site("S2", "Z2", lon=0.05)],
        doctors=[doctor("D1"), doctor("D2")],
        available={"D1": [6], "D2": [6]},
        wishes=[
            {"doctor_id": "D2", "site_id": "S1", "weight": 1},
            {"doctor_id": "D1", "site_id": "S1", "weight": 1},
        ],
    )
    folder = spec.write(tmp_path / "s")
    scenario, planning, _ = solve_and_verify(folder, tmp_path / "p")
    unmet = unmet_wishes(Explainer(scenario, planning), planning)
    assert len(unmet) == 1 and unmet[0].missions == 1
    assert dict(unmet[0].reasons) in ({"elsewhere_that_day": 1}, {"site_full": 1})


def test_a_scenario_without_wishes_has_no_wish_figures(tmp_path: Path) -> None:
    _, planning, verdict = solve_and_verify(_two_zones().write(tmp_path / "s"), tmp_path / "p")
    assert planning.summary.wish_score is None and verdict.wish_score is None
    assert "wish" not in planning.summary.proof
    score, km = best_planning(load_scenario(tmp_path / "s"))
    assert planning.summary.coverage_score == float(score)
    assert math.isclose(planning.summary.total_km, km, rel_tol=1e-6)


def test_the_report_shows_the_wish_score(tmp_path: Path) -> None:
    from roster.report.page import render_report

    spec = _two_zones(wishes=[{"doctor_id": "D1", "site_id": "S2", "weight": 5}])
    scenario, planning, _ = solve_and_verify(spec.write(tmp_path / "s"), tmp_path / "p")
    html = render_report(scenario, planning)
    assert '<div class="label">Wish score</div><div class="value">5</div>' in html
    _, plain, _ = solve_and_verify(_two_zones().write(tmp_path / "s0"), tmp_path / "p0")
    assert "Wish score" not in render_report(scenario, plain)


ROW = st.tuples(
    st.sampled_from(["D1", "D2", "D1", "", "D9", "R1"]),
    st.sampled_from(["", "", "S1", "S2", "S9"]),
    st.sampled_from(["", "", "Z1", "Z2", "é"]),
    st.sampled_from(["", "", "Mon", "tue", "Funday"]),
    st.sampled_from(["", "", "2025-10-06", "2025-10-07", "2025-10-32", "06/10/2025", "x" * 300]),
    st.sampled_from(["", "1", "-100", "7", "101", "1.5", "=1+1"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ROW, max_size=4))
def test_any_wishes_file_loads_or_is_refused_with_file_and_line(rows: list[tuple[str, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _two_zones().write(Path(tmp) / "s")
        text = "doctor_id,site_id,zone_id,weekday,date,weight\n"
        text += "".join(",".join(f'"{c}"' for c in row) + "\n" for row in rows)
        (folder / "wishes.csv").write_text(text, encoding="utf-8")
        try:
            scenario = load_scenario(folder)
        except ScenarioError as exc:
            assert exc.issues
            assert all(str(i).startswith(f"{folder / 'wishes.csv'}:") for i in exc.issues)
            event("refused")
            return
        event("loaded")
        assert all(-100 <= w.weight <= 100 for w in scenario.wishes)


def test_cp_sat_proves_the_wish_score_without_the_lp(tmp_path: Path) -> None:
    from roster.solvers import SolveOptions, solve

    scenario = load_scenario(wish_month().write(tmp_path / "s"))
    coverage, wish, km = best_with_wishes(scenario)
    planning = solve(scenario, SolveOptions(time_limit_s=10, workers=1, seed=1, use_lp=False, use_flow=False))
    s = planning.summary
    assert (s.status, s.coverage_score, s.wish_score, s.wish_bound) == (
        "OPTIMAL",
        float(coverage),
        wish,
        wish,
    )
    assert s.proof["wish"] == "CP-SAT (exact)"
    assert math.isclose(s.total_km, km, rel_tol=1e-6)
    assert [p["phase"] for p in s.phases if str(p["phase"]).startswith("wish")] == ["wish-start", "wish"]


def test_when_the_lagrangian_lp_trades_wishes_for_km_km_is_proven_the_usual_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roster.solvers import SolveOptions, solve
    from roster.solvers.search import proofs
    from roster.solvers.search.phases import wish_held as wishes

    scenario = load_scenario(wish_month().write(tmp_path / "s"))
    coverage, wish, km = best_with_wishes(scenario)
    monkeypatch.setattr(wishes, "LAGRANGE_FIRST", 1e-12)  # K far too small: the LP ignores wishes
    s = solve(scenario, SolveOptions(time_limit_s=10, workers=1, seed=1)).summary
    tries = [p for p in s.phases if p["phase"] == "lp-km-wish"]
    assert len(tries) in (1, wishes.LAGRANGE_TRIES)  # one when that LP is fractional, else every try
    assert s.proof["km"] != proofs.WISH_KM_LP_PROOF
    assert (s.status, s.coverage_score, s.wish_score) == ("OPTIMAL", float(coverage), wish)
    assert math.isclose(s.total_km, km, rel_tol=1e-6)


def test_explain_names_the_wishes_on_days_the_volunteer_is_never_available(tmp_path: Path) -> None:
    from roster.explain.reasons import Explainer
    from roster.explain.wishes import unmet_wishes, wishes_markdown

    spec = Spec(
        zones=[zone("Z1", demand=1, priority=5), zone("Z2", demand=1)],
        sites=[site("S1", "Z1"), site("S2", "Z2", lon=0.05)],
        doctors=[doctor("D1", max_days=1)],
        available={"D1": [7]},  # a Tuesday
        wishes=[{"doctor_id": "D1", "weekday": "Fri", "weight": 3}, {"doctor_id": "D1", "site_id": "S2"}],
    )
    scenario, planning, _ = solve_and_verify(spec.write(tmp_path / "s"), tmp_path / "p")
    assert [(a.doctor_id, a.site_id) for a in planning.assignments] == [("D1", "S1")]  # priority 5 first
    explainer = Explainer(scenario, planning)
    [unmet] = unmet_wishes(explainer, planning)
    assert dict(unmet.reasons) == {"elsewhere_that_day": 1}
    text = "\n".join(wishes_markdown(explainer, planning))
    assert "they are available on no site-day of these wishes: Fri (weight 3)." in text
    assert "1 because they are on a mission elsewhere that day (coverage first)" in text
