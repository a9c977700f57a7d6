"""Zero-half cuts (`roster.solvers.engines.cuts`): valid for every planning, violated by the LP point.

Validity is checked exhaustively: every 0/1 point that satisfies the model's rows is
enumerated by CP-SAT on tiny generated months, and every cut separated from any
fractional point (the LP optimum, or random points that yield many more cuts) must
hold at each of them."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from fractional_fixtures import odd_cycle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from strategies import scenarios

from roster.scenarios import load_scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.engines.cuts import zero_half_cuts
from roster.solvers.engines.lp import COVERAGE_GLOP, solve_lp
from roster.solvers.model.mission_model import MissionModel, build_model
from roster.solvers.model.relaxation import LinearRelaxation

MAX_POINTS = 20_000


def _model(folder: Path) -> MissionModel:
    return build_model(ScenarioArrays.from_scenario(load_scenario(folder)))


def _every_point(m: MissionModel) -> np.ndarray | None:
    """Every 0/1 assignment of the model's variables satisfying its rows (None if too many)."""
    model = m.fork().model
    model.proto.clear_objective()

    class Collect(cp_model.CpSolverSolutionCallback):
        def __init__(self) -> None:
            super().__init__()
            self.points: list[list[int]] = []

        def on_solution_callback(self) -> None:
            self.points.append(list(self.response_proto.solution))
            if len(self.points) > MAX_POINTS:
                self.stop_search()

    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    collect = Collect()
    status = solver.solve(model, collect)
    if status != cp_model.OPTIMAL or len(collect.points) > MAX_POINTS:
        return None
    return np.array(collect.points, dtype=np.int64)


def _coverage_lp(m: MissionModel, relaxation: LinearRelaxation) -> np.ndarray:
    objective = np.zeros(m.num_variables)
    assert m.weights is not None
    objective[m.u] = m.weights.weight / m.weights.scale
    lp = solve_lp(relaxation, objective, maximize=True, glop_parameters=COVERAGE_GLOP)
    assert lp.values is not None
    return lp.values


def test_the_odd_cycle_lp_point_is_cut_off_by_half_a_unit() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        m = _model(odd_cycle().write(Path(tmp) / "scn"))
    relaxation = m.relaxation
    values = _coverage_lp(m, relaxation)
    assert np.allclose(values[m.x], 0.5)
    cuts = zero_half_cuts(relaxation, values)
    assert cuts and cuts[0].violation == pytest.approx(0.5)
    best = cuts[0]
    assert set(best.variables.tolist()) >= set(m.x.tolist())  # the five options of the cycle
    assert best.coeffs @ values[best.variables] - best.upper == pytest.approx(0.5)
    points = _every_point(m)
    assert points is not None and len(points) > 1
    assert (points[:, best.variables] @ best.coeffs <= best.upper + 1e-9).all()


def test_an_integral_point_has_no_cut() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        m = _model(odd_cycle().write(Path(tmp) / "scn"))
    relaxation = m.relaxation
    assert zero_half_cuts(relaxation, np.zeros(m.num_variables)) == []


CUT_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@CUT_SETTINGS
@given(
    spec=scenarios(max_zones=2, max_sites=3, max_doctors=4, max_practices=3, max_locums=2, days=4,
                   tight_practices=True),
    seed=st.integers(0, 2**32 - 1),
)  # fmt: skip
def test_every_cut_holds_at_every_planning(spec, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        m = _model(spec.write(Path(tmp) / "scn"))
    points = _every_point(m)
    if points is None or m.num_variables == 0:
        return
    relaxation = m.relaxation
    rng = np.random.default_rng(seed)
    trial_points = [_coverage_lp(m, relaxation)] + [rng.random(m.num_variables) for _ in range(5)]
    n = m.num_variables
    trial_points += [np.where(rng.random(n) < 0.5, 0.5, rng.integers(0, 2, n)) for _ in range(5)]
    for values in trial_points:
        for cut in zero_half_cuts(relaxation, values):
            assert cut.violation > 0
            assert cut.coeffs @ values[cut.variables] > cut.upper  # it cuts the point off
            activity = points[:, cut.variables] @ cut.coeffs
            assert (activity <= cut.upper + 1e-9).all(), (cut, points[activity > cut.upper][:1])
