"""Properties of the solver over many generated scenarios, checked through the verifier."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from brute_force import best_planning, search_size
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from scenario_builder import Spec, solve_and_verify
from strategies import scenarios

from roster.models import Planning

PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
FALLBACK_SETTINGS = settings(PROPERTY_SETTINGS, max_examples=30)
# the fallback paths: without the LP relaxations, and without LP and flow (CP-SAT only)
FALLBACKS = pytest.mark.parametrize("options", [{"use_lp": False}, {"use_lp": False, "use_flow": False}])
MONTHS = st.one_of(
    scenarios(max_zones=4, max_sites=5, max_doctors=8, max_practices=3, max_locums=3, days=14),
    scenarios(
        max_zones=3, max_sites=4, max_doctors=8, max_practices=6, max_locums=3, days=14, tight_practices=True
    ),
)
TINY_MONTHS = st.one_of(  # small enough for the exhaustive oracle
    scenarios(max_zones=2, max_sites=3, max_doctors=3, max_practices=2, max_locums=2, days=4),
    scenarios(
        max_zones=2, max_sites=2, max_doctors=3, max_practices=3, max_locums=2, days=4, tight_practices=True
    ),
)


def _assert_exhaustive_optimum(spec: Spec, tmp: str, **options: bool) -> Planning:
    """Solve (with `options`), verify, and compare coverage and km with the exhaustive optimum."""
    from roster.scenarios import load_scenario

    folder = spec.write(Path(tmp) / "scn")
    assume(search_size(load_scenario(folder)) <= 20_000)
    scenario, planning, verdict = solve_and_verify(folder, Path(tmp) / "plan", **options)
    assert verdict.ok, verdict.violations
    score, km = best_planning(scenario)
    assert planning.summary.coverage_score == float(score)
    assert math.isclose(planning.summary.total_km, km, rel_tol=1e-6, abs_tol=1e-3)
    return planning


@PROPERTY_SETTINGS
@given(spec=MONTHS)
def test_every_planning_the_solver_writes_passes_the_verifier(spec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = spec.write(Path(tmp) / "scn")
        _, planning, verdict = solve_and_verify(folder, Path(tmp) / "plan")
        assert verdict.ok, verdict.violations
        event(
            f"missions: {min(len(planning.assignments), 5)}+, locum days: {min(len(planning.locum_days), 2)}+"
        )
        assert planning.summary.status == "OPTIMAL"
        assert math.isclose(planning.summary.coverage_score, verdict.coverage_score, rel_tol=1e-12)
        assert math.isclose(planning.summary.total_km, verdict.total_km, rel_tol=1e-9, abs_tol=1e-6)


@PROPERTY_SETTINGS
@given(spec=TINY_MONTHS)
def test_coverage_and_km_equal_the_exhaustive_optimum_on_tiny_scenarios(spec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        planning = _assert_exhaustive_optimum(spec, tmp)
        event(
            f"missions: {min(len(planning.assignments), 3)}+, locum days: {min(len(planning.locum_days), 1)}+"
        )


@FALLBACKS
@FALLBACK_SETTINGS
@given(spec=MONTHS)
def test_the_fallback_paths_write_verified_optimal_plannings(options: dict[str, bool], spec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = spec.write(Path(tmp) / "scn")
        _, planning, verdict = solve_and_verify(folder, Path(tmp) / "plan", **options)
        assert verdict.ok, verdict.violations
        summary = planning.summary
        assert summary.status == "OPTIMAL"
        assert not any(p["phase"].startswith("lp-") for p in summary.phases)
        if not options.get("use_flow", True):
            assert not any(p["phase"] == "flow" for p in summary.phases)
        assert math.isclose(summary.coverage_score, verdict.coverage_score, rel_tol=1e-12)


@FALLBACKS
@FALLBACK_SETTINGS
@given(spec=TINY_MONTHS)
def test_the_fallback_paths_equal_the_exhaustive_optimum(options: dict[str, bool], spec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _assert_exhaustive_optimum(spec, tmp, **options)
