"""Group totals (`group_totals.py`): the km LP in HiGHS over site-date totals is the
same LP; HiGHS' parallel dual simplex and its process-wide thread count."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scenario_builder import Spec
from strategies import scenarios

from roster.scenarios import load_scenario
from roster.solvers import SolveOptions
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.engines.group_totals import compact_groups, with_group_totals
from roster.solvers.engines.highs import HighsLp
from roster.solvers.engines.lp import solve_lp
from roster.solvers.model.mission_model import build_model
from roster.solvers.model.relaxation import LinearRelaxation
from roster.solvers.model.rows import Rows
from roster.solvers.search import km_lp

HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_compact_groups_numbers_the_keys_in_order() -> None:
    assert compact_groups(np.array([7, 3, 7, 12, 3])).tolist() == [1, 0, 1, 2, 0]


def test_only_rows_that_sum_whole_groups_with_coefficient_one_read_the_totals() -> None:
    """Variables 0-1 form group 0, 2-4 group 1; variable 5 is in none."""
    rows = Rows.of(
        [np.array([0, 1]), np.array([0, 1, 2, 3, 4, 5]), np.array([0, 2]), np.array([0, 1]), np.array([5])],
        [np.array([1, 1]), np.ones(6, np.int64), np.array([1, 1]), np.array([1, 2]), np.array([1])],
        [0, 0, 0, 0, 0],
        [1, 3, 1, 2, 1],
    )
    relaxation = LinearRelaxation.from_rows(rows, 6)
    totals = with_group_totals(relaxation, np.arange(5), np.array([0, 0, 1, 1, 1]))
    dense = totals.matrix.toarray()
    assert dense.shape == (5 + 2, 6 + 2)
    assert dense[0].tolist() == [0, 0, 0, 0, 0, 0, 1, 0]  # group 0 whole: its total
    assert dense[1].tolist() == [0, 0, 0, 0, 0, 1, 1, 1]  # both groups whole, plus the outsider
    assert dense[2].tolist() == [1, 0, 1, 0, 0, 0, 0, 0]  # part of each group: unchanged
    assert dense[3].tolist() == [1, 2, 0, 0, 0, 0, 0, 0]  # coefficient 2: unchanged
    assert dense[4].tolist() == [0, 0, 0, 0, 0, 1, 0, 0]  # no member: unchanged
    assert dense[5].tolist() == [-1, -1, 0, 0, 0, 0, 1, 0]  # total 0 = its members
    assert dense[6].tolist() == [0, 0, -1, -1, -1, 0, 0, 1]
    assert totals.lower[5:].tolist() == [0, 0] and totals.upper[5:].tolist() == [0, 0]
    assert totals.var_upper[6:].tolist() == [2, 3]


@HYPOTHESIS
@given(spec=scenarios(max_doctors=6, max_locums=2, tight_practices=True), seed=st.integers(0, 1000))
def test_the_lp_over_site_date_totals_has_the_same_optimum_and_feasible_values(spec: Spec, seed: int) -> None:
    """Any objective (here random costs on every variable, as km is on missions): the LP
    over site-date totals has GLOP's optimum of the relaxation, and the values it reports
    are the relaxation's variables and satisfy every row."""
    with tempfile.TemporaryDirectory() as tmp:
        m = build_model(ScenarioArrays.from_scenario(load_scenario(spec.write(Path(tmp) / "s"))))
    assume(m.num_variables > 0)  # GLOP reports no value for an empty LP
    relaxation = m.relaxation
    cost = np.random.default_rng(seed).normal(size=m.num_variables)
    reference = solve_lp(relaxation, cost, maximize=False)
    lp = HighsLp(relaxation, cost, totals=km_lp.site_dates(m)).solve(10)
    assert reference.value is not None and lp.value == pytest.approx(reference.value, abs=1e-6)
    assert lp.values is not None and len(lp.values) == m.num_variables
    assert lp.reduced_costs is not None and len(lp.reduced_costs) == m.num_variables
    activity = relaxation.matrix @ lp.values
    assert (activity >= relaxation.lower - 1e-6).all() and (activity <= relaxation.upper + 1e-6).all()


@pytest.mark.parametrize("seed", range(4))
def test_cuts_added_to_a_totals_lp_give_the_optimum_from_scratch(seed: int) -> None:
    """Rows added over the relaxation's variables (cuts) to the loaded totals LP, then
    re-solved from its basis: GLOP's optimum with every row, from scratch."""
    rng = np.random.default_rng(seed)
    n, groups = 60, rng.integers(0, 12, 60)
    members = [np.flatnonzero(groups == g) for g in range(12) if (groups == g).any()]
    rows = Rows.of(members, [np.ones(len(g), np.int64) for g in members], [0] * len(members),
                   rng.integers(1, 3, len(members)).tolist())  # fmt: skip
    relaxation = LinearRelaxation.from_rows(rows, n)
    cost = -rng.random(n)
    totals = HighsLp(relaxation, cost, totals=(np.arange(n), compact_groups(groups)))
    assert totals.solve(10).status == "OPTIMAL"
    cuts = [(np.sort(rng.choice(n, 8, replace=False)), np.ones(8), -np.inf, 2.0) for _ in range(3)]
    totals.add_rows(cuts)
    warm = totals.solve(10)
    cold = solve_lp(relaxation, cost, maximize=False, extra_rows=cuts)
    assert warm.value == pytest.approx(cold.value, abs=1e-9)


def test_a_solve_asking_for_another_thread_count_runs_on_the_process_scheduler() -> None:
    """HiGHS keeps one task scheduler per process, with the thread count of its first
    parallel solve, and refuses a solve that asks for another: it runs on that scheduler."""
    relaxation = LinearRelaxation.from_rows(Rows.linear(np.arange(4), np.ones(4, np.int64), 0, 2), 4)
    cost = np.array([-1.0, -2.0, -3.0, -4.0])
    first = HighsLp(relaxation, cost, threads=3).solve(5)
    second = HighsLp(relaxation, cost, threads=2).solve(5)
    assert first.value == second.value == pytest.approx(-7.0)


@pytest.mark.parametrize(("workers", "threads"), [(1, 1), (2, 2), (64, 8)])
def test_the_km_lp_runs_on_the_workers_threads_up_to_highs_concurrency(workers: int, threads: int) -> None:
    assert km_lp.lp_threads(SolveOptions(workers=workers)) == threads


def test_every_core_means_the_machine_cores_up_to_highs_concurrency() -> None:
    assert km_lp.lp_threads(SolveOptions(workers=0)) == min(os.cpu_count() or 1, km_lp.HIGHS_MAX_THREADS)
