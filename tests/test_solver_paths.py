"""Every path of the monthly solve, forced on a tiny month, named in summary.json `proof`.

The odd-cycle months (tests/fractional_fixtures.py) have fractional LP relaxations, so
the LP alone cannot prove them; the rest of the pipeline must, and says how."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fractional_fixtures import km_odd_cycle, odd_cycle, odd_cycle_and_a_sure_day, twin_volunteers
from scenario_builder import Spec, doctor, site, solve_and_verify, zone

from roster.models import SolveSummary
from roster.solvers import monthly
from roster.solvers.engines.lp import LpSolution
from roster.solvers.model.relaxation import LinearRelaxation
from roster.solvers.search import km_lp, month
from roster.solvers.search.phase import phases_of
from roster.solvers.search.phases import lp_coverage
from roster.solvers.search.pipeline import PIPELINE

LP_COVERAGE = "LP relaxation (GLOP), relative gap <= 1e-09"
LP_KM = "LP relaxation (GLOP), relative gap <= 1e-06"
LP_KM_HIGHS = "LP relaxation (HiGHS dual simplex), relative gap <= 1e-06"
FLOW = "min-cost-flow relaxation (exact)"
LP_DIVE = "LP relaxation bound (GLOP), reached by CP-SAT on the LP's support"
LP_CUTS_DIVE = "LP relaxation bound with zero-half cuts (HiGHS), reached by CP-SAT on the LP's support"
LP_FLOOR = "LP relaxation bound (GLOP), rounded down to the integer objective"
CUTS = "LP relaxation with zero-half cuts (HiGHS), relative gap <= 1e-09"
KM_CUTS = "LP relaxation with zero-half cuts, relative gap <= 1e-06"
CP_SAT = "CP-SAT (exact)"
CP_SAT_KM = "CP-SAT (exact, metres)"


def solved(tmp_path: Path, spec: Spec, **options: bool) -> tuple[dict, dict[str, dict]]:
    """summary.json of the verified planning, and its phases by name (the last of each)."""
    _, _, verdict = solve_and_verify(spec.write(tmp_path / "scn"), tmp_path / "plan", **options)
    assert verdict.ok, verdict.violations
    summary = json.loads((tmp_path / "plan" / "summary.json").read_text())
    assert summary["status"] == "OPTIMAL" and summary["km_status"] == "OPTIMAL"
    return summary, {p["phase"]: p for p in summary["phases"]}


def easy_month() -> Spec:
    """Two zones; D2 reaches only S2, D1 everything: the LP is integral."""
    zones = [zone("Z1", priority=3, demand=1), zone("Z2", priority=2, demand=1)]
    sites = [site("S1", "Z1", lon=0.1), site("S2", "Z2", lon=0.2), site("S3", "Z2", lon=0.05)]
    doctors = [doctor("D1", max_days=1), doctor("D2", lon=0.2, max_days=1, max_km=10)]
    return Spec(zones, sites, doctors, {"D1": [1, 2], "D2": [2]})


def test_an_integral_lp_proves_coverage_and_km_and_its_reduced_costs_fix_options(tmp_path: Path) -> None:
    summary, phases = solved(tmp_path, easy_month())
    assert summary["proof"] == {"coverage": LP_COVERAGE, "km": LP_KM}
    assert phases["lp-coverage"]["integral"] and phases["lp-km"]["integral"]
    assert phases["lp-km"]["engine"] == "glop"
    assert phases["coverage-reduced-cost-fixing"]["fixed_to_one"] == 2  # both zones' first day
    assert "flow" not in phases and "coverage" not in phases and "km" not in phases


def test_without_lp_the_flow_relaxation_proves_a_month_where_continuity_is_slack(tmp_path: Path) -> None:
    summary, phases = solved(tmp_path, easy_month(), use_lp=False)
    assert summary["proof"] == {"coverage": FLOW, "km": FLOW}
    assert phases["flow"]["status"] == "OPTIMAL" and "lp-coverage" not in phases


def test_zero_half_cuts_lower_a_fractional_lp_bound_to_the_planning_found(tmp_path: Path) -> None:
    summary, phases = solved(tmp_path, odd_cycle((1.1, 1.3, 1.7)))
    assert phases["lp-coverage"]["objective"] == pytest.approx(3.25)
    cuts = phases["coverage-cuts"]  # before any dive: the cut LP turns integral, so it is the planning
    assert cuts["rounds"] == 1 and cuts["cuts"] >= 1 and cuts["proven"] and cuts["integral"]
    assert cuts["bound_after"] == pytest.approx(3.0) and summary["coverage_score"] == 3.0
    assert not cuts["warm_start"]  # continuity binds on few rows: HiGHS starts from scratch
    assert summary["proof"]["coverage"] == CUTS
    assert "coverage-lp-dive" not in phases and "coverage" not in phases and "flow" not in phases


def test_the_cut_rounds_start_from_glops_basis_where_continuity_binds_widely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(month, "HARD_MONTH_CONTINUITY_ROWS_PER_VOLUNTEER", 0.0)
    summary, phases = solved(tmp_path, odd_cycle((1.1, 1.3, 1.7)))
    cuts = phases["coverage-cuts"]
    assert cuts["warm_start"] and cuts["start_iterations"] == 0  # GLOP's basis is optimal for HiGHS
    assert cuts["proven"] and cuts["bound_after"] == pytest.approx(3.0)
    assert summary["proof"]["coverage"] == CUTS and summary["coverage_score"] == 3.0


def test_coverage_cuts_also_tighten_the_km_lp_to_an_integral_optimum(tmp_path: Path) -> None:
    summary, phases = solved(tmp_path, odd_cycle((1.1, 1.3, 1.7)))
    assert phases["lp-coverage"]["objective"] == pytest.approx(3.25) and summary["coverage_score"] == 3.0
    assert phases["coverage-cuts"]["bound_after"] == pytest.approx(3.0)  # one cut: the five-cycle's
    assert phases["lp-km"]["integral"] and phases["lp-km"]["objective"] == pytest.approx(80.0)
    assert summary["proof"] == {"coverage": CUTS, "km": LP_KM_HIGHS}
    assert summary["total_km"] == 80.0 and "km" not in phases and "km-cuts" not in phases


def test_km_cuts_prove_km_when_the_km_lp_is_fractional(tmp_path: Path) -> None:
    summary, phases = solved(tmp_path, km_odd_cycle())
    assert phases["lp-coverage"]["integral"] and summary["coverage_score"] == 3.0
    assert not phases["lp-km"]["integral"] and phases["lp-km"]["objective"] == pytest.approx(114.0)
    assert phases["km-lp-dive"]["objective"] == 118.0  # found on the LP's support, not proven there
    assert phases["km-cuts"]["rounds"] == 1 and phases["km-cuts"]["bound_after"] == pytest.approx(118.0)
    assert summary["proof"] == {"coverage": LP_COVERAGE, "km": KM_CUTS}
    assert summary["total_km"] == 118.0 and "km" not in phases


def test_the_km_cut_rounds_on_two_workers_run_highs_parallel_dual_simplex_over_totals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The km odd cycle with 2 workers: the cut round loads the km LP into HiGHS over
    site-date totals, on 2 threads (its parallel dual simplex); same proof, same km."""
    from roster.outputs.planning_folder import save_planning
    from roster.scenarios import load_scenario
    from roster.solvers import SolveOptions
    from roster.solvers.engines.highs import HighsLp
    from roster.verify import verify_planning

    loaded: list[dict[str, Any]] = []

    class Recorded(HighsLp):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            loaded.append(kwargs)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(km_lp, "HighsLp", Recorded)
    scenario = load_scenario(km_odd_cycle().write(tmp_path / "scn"))
    planning = monthly.solve(scenario, SolveOptions(time_limit_s=20, workers=2, seed=1))
    save_planning(tmp_path / "plan", planning, scenario, force=True)
    verdict, problems = verify_planning(scenario, tmp_path / "plan")
    assert not problems and verdict.ok, verdict.violations
    assert [(k["threads"], k["totals"] is not None) for k in loaded] == [(2, True)]
    phases = {p["phase"]: p for p in planning.summary.phases}
    assert phases["km-cuts"]["rounds"] == 1 and phases["km-cuts"]["bound_after"] == pytest.approx(118.0)
    assert planning.summary.proof == {"coverage": LP_COVERAGE, "km": KM_CUTS}
    assert planning.summary.total_km == 118.0


def test_without_cuts_cp_sat_proves_the_km_of_the_km_odd_cycle(tmp_path: Path) -> None:
    summary, phases = solved(tmp_path, km_odd_cycle(), use_cuts=False)
    assert summary["proof"]["km"] == f"{CP_SAT_KM} after LP reduced-cost fixing"
    assert summary["total_km"] == 118.0 and "km-cuts" not in phases


def test_a_fractional_coverage_lp_is_proven_by_cp_sat_on_its_support(tmp_path: Path) -> None:
    summary, phases = solved(tmp_path, odd_cycle(), use_cuts=False)  # with cuts, the cut LP proves it
    assert not phases["lp-coverage"]["integral"] and phases["lp-coverage"]["objective"] == pytest.approx(2.5)
    assert summary["coverage_score"] == 2.0  # the LP's 2.5 rounds down to 2 (priorities 1: scale 1)
    assert summary["proof"] == {"coverage": LP_FLOOR, "km": LP_KM_HIGHS}
    assert phases["lp-km"]["engine"] == "highs"  # after a fractional coverage LP
    assert phases["coverage-lp-dive"]["support_missions"] == 5
    assert "coverage" not in phases and "flow" not in phases and "coverage-cuts" not in phases


def test_the_dive_fixes_the_missions_the_lp_takes_whole_first_then_searches_the_support(
    tmp_path: Path,
) -> None:
    _, _, verdict = solve_and_verify(
        odd_cycle_and_a_sure_day().write(tmp_path / "scn"), tmp_path / "plan", use_cuts=False
    )
    assert verdict.ok, verdict.violations
    summary = json.loads((tmp_path / "plan" / "summary.json").read_text())
    dives = [p for p in summary["phases"] if p["phase"] == "coverage-lp-dive"]
    assert summary["phases"][1]["objective"] == pytest.approx(4.25)  # the LP: D's day whole, the cycle at 1/2
    assert [d["fixed_to_one"] for d in dives] == [1, 0]  # D's day fixed; the bound not reached: the support
    assert all(d["objective"] == 4.0 for d in dives) and summary["coverage_score"] == 4.0
    assert summary["proof"]["coverage"] == CP_SAT


def test_cp_sat_on_the_lp_support_reaches_a_fractional_lp_value_and_so_proves_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An LP optimum may be fractional although a planning reaches its value (GLOP's
    vertex on hard national seed 1). Forced here: the coverage LP returns the midpoint of
    GLOP's optimum and the optimal vertex farthest from it (the twins at 1/2 each)."""
    solve_lp = lp_coverage.solve_lp

    def midpoint(
        relaxation: LinearRelaxation, objective: np.ndarray, maximize: bool, **options: Any
    ) -> LpSolution:
        first = solve_lp(relaxation, objective, maximize, **options)
        if not maximize or first.values is None or first.value is None:
            return first
        optimal = (np.flatnonzero(objective), objective[objective != 0], first.value - 1e-9, np.inf)
        other = solve_lp(relaxation, -first.values, True, [optimal])
        assert other.values is not None
        return replace(first, values=(first.values + other.values) / 2)

    monkeypatch.setattr(lp_coverage, "solve_lp", midpoint)
    summary, phases = solved(tmp_path, twin_volunteers(), use_cuts=False)
    assert not phases["lp-coverage"]["integral"] and phases["lp-coverage"]["objective"] == pytest.approx(1.0)
    dive = phases["coverage-lp-dive"]
    assert dive["support_missions"] == 2 and dive["fixed_to_one"] == 0  # no mission whole: the support
    assert summary["coverage_score"] == pytest.approx(phases["lp-coverage"]["objective"], rel=1e-12)
    assert summary["proof"]["coverage"] == LP_DIVE
    assert "flow" not in phases and "coverage" not in phases


def test_cp_sat_proves_coverage_and_km_when_both_lps_are_fractional(tmp_path: Path) -> None:
    summary, phases = solved(tmp_path, odd_cycle((1.1, 1.3, 1.7)), use_cuts=False)
    assert phases["lp-coverage"]["objective"] == pytest.approx(3.25) and summary["coverage_score"] == 3.0
    assert phases["coverage-lp-dive"]["objective"] == 3.0  # found on the support, not proven there
    assert "flow" not in phases  # the LP-guided planning replaces the flow repair
    assert not phases["lp-km"]["integral"] and phases["lp-km"]["objective"] < summary["total_km"] - 1
    assert summary["proof"] == {"coverage": CP_SAT, "km": f"{CP_SAT_KM} after LP reduced-cost fixing"}
    assert summary["total_km"] == 80.0  # B -> S2 on day 2, C -> S3 on day 1; A stays at the practice
    assert {"km-lp-dive", "km-reduced-cost-fixing", "km-lp-search"} <= set(phases)


@pytest.mark.parametrize("options", [{"use_lp": False}, {"use_lp": False, "use_flow": False}])
def test_without_lp_cp_sat_proves_the_fractional_months(tmp_path: Path, options: dict[str, bool]) -> None:
    summary, phases = solved(tmp_path, odd_cycle((1.1, 1.3, 1.7)), **options)
    assert summary["proof"] == {"coverage": CP_SAT, "km": CP_SAT_KM}
    assert (summary["coverage_score"], summary["total_km"]) == (3.0, 80.0)
    assert ("flow" in phases) == options.get("use_flow", True)
    assert not any(name.startswith("lp-") for name in phases)


def test_the_phases_run_in_the_order_of_the_pipeline(tmp_path: Path) -> None:
    order = [phase.name for phase in phases_of(PIPELINE)]
    assert order == [
        "lp-coverage", "coverage-cuts", "coverage-lp-dive", "flow",  # coverage: LP, cuts, dive, flow
        "contract-start", "stay-flow", "budget-flow", "policy-lp-dive",  # policy months' starts
        "coverage-reduced-cost-fixing", "coverage",  # CP-SAT on coverage
        "changes",  # re-planning
        "coverage-reduced-cost-fixing", "wish-start", "lp-wish", "wish-cuts", "wish-lp-dive",  # wishes.csv
        "wish-reduced-cost-fixing", "wish",
        "wish-held",
        "polish", "stays-polish", "policy-km-dive",  # km: starts
        "coverage-reduced-cost-fixing", "lp-km", "km-lp-dive", "km-cuts", "km", "polish",  # km: LP, CP-SAT
        "history",
    ]  # fmt: skip
    _, phases = solved(tmp_path, odd_cycle((1.1, 1.3, 1.7)), use_lp=False)
    ran = [name for name in phases if name in order]
    assert (
        ran == sorted(ran, key=order.index) and {"flow", "coverage"} <= set(ran) and "km-lp-search" in phases
    )


def _hard_national_month(tmp_path: Path, seed: int) -> SolveSummary:
    """A hard national month of benchmarks/run.py (`roster generate --hard`), solved and verified."""
    from typer.testing import CliRunner

    from roster.cli import app

    args = ["--region", "all", "--zones", "151", "--doctors", "3000", "--practices", "1500",
            "--replacements", "110", "--hard", "--month", "2025-10", "--seed", str(seed)]  # fmt: skip
    result = CliRunner().invoke(app, ["generate", str(tmp_path / "scn"), *args])
    assert result.exit_code == 0, result.output
    _, planning, verdict = solve_and_verify(tmp_path / "scn", tmp_path / "plan", time_limit=120)
    assert verdict.ok, verdict.violations
    return planning.summary


@pytest.mark.slow
def test_a_hard_national_month_is_proven_by_cut_rounds_from_glops_basis(tmp_path: Path) -> None:
    """Hard national month, seed 5 of benchmarks/run.py: its coverage LP bound (1794.8730) is
    0.007% above the optimum that HiGHS proves (1794.7456), so no planning reaches it. The
    cut rounds, HiGHS started from GLOP's basis, lower it until the LP turns integral at
    the optimum: that LP is the planning, and no dive runs."""
    summary = _hard_national_month(tmp_path, 5)
    phases = [p["phase"] for p in summary.phases]
    first = summary.phases[phases.index("lp-coverage")]
    assert not first["integral"] and first["objective"] == pytest.approx(1794.8729947825818, rel=1e-9)
    cuts = summary.phases[phases.index("coverage-cuts")]
    assert cuts["warm_start"] and cuts["start_iterations"] == 0
    assert cuts["rounds"] >= 2 and cuts["proven"] and cuts["integral"]
    assert sum(cuts["simplex_iterations"]) < 1000  # each round from the last basis
    assert "coverage-lp-dive" not in phases
    assert summary.proof["coverage"] == CUTS
    assert summary.coverage_score == pytest.approx(1794.7455873751896, rel=1e-12)
    assert "coverage" not in phases and "flow" not in phases


@pytest.mark.slow
def test_a_hard_national_month_whose_bound_a_planning_reaches_is_proven_by_the_dive_after_cuts(
    tmp_path: Path,
) -> None:
    """Hard national month, seed 1 of benchmarks/run.py: its coverage LP ends on a
    fractional vertex but a planning reaches its bound. A cut round gains nothing, so
    the dive runs on GLOP's LP optimum (the first of the best bound), with the missions
    it takes whole fixed to 1, and proves coverage there."""
    summary = _hard_national_month(tmp_path, 1)
    phases = {p["phase"]: p for p in summary.phases}
    assert not phases["lp-coverage"]["integral"]
    cuts = phases["coverage-cuts"]
    assert cuts["warm_start"] and cuts["rounds"] >= 1 and not cuts["proven"] and not cuts["integral"]
    assert cuts["bound_after"] == pytest.approx(phases["lp-coverage"]["objective"], rel=1e-12)
    assert phases["coverage-lp-dive"]["fixed_to_one"] > 2000  # the LP's whole missions fixed: proven there
    assert [p["phase"] for p in summary.phases].count("coverage-lp-dive") == 1
    assert summary.proof["coverage"] == LP_CUTS_DIVE
    assert summary.coverage_score == pytest.approx(1775.9982373938221, rel=1e-12)
    assert "coverage" not in phases and "flow" not in phases
