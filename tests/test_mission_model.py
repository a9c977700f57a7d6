"""The frozen `MissionModel`: rules return rows, the model is written once from them,
the LP relaxation is read from the same rows, and no phase ever writes into it.

The relaxation is checked against the CP-SAT proto by a reader written here (it parses
the proto's constraints one by one), so the two writers of the rows cannot drift apart."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_builder import Spec, doctor, site, zone
from strategies import scenarios

from roster.scenarios import load_scenario
from roster.solvers import SolveOptions, monthly
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.engines.highs import HighsLp
from roster.solvers.engines.lp import solve_lp
from roster.solvers.model.cpbuilder import CpBuilder
from roster.solvers.model.mission_model import COVERAGE_ROWS, MissionModel, build_model
from roster.solvers.model.rows import AT_MOST_ONE, LINEAR, Rows
from roster.solvers.search.incumbent import Ranking

HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _proto_rows(cp: CpBuilder) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The proto's constraints as a dense matrix and row bounds (enforced rows skipped)."""
    n = cp.num_variables
    rows, low, high = [], [], []
    for constraint in cp.proto.constraints:
        row = np.zeros(n)
        if constraint.has_linear():
            if len(constraint.enforcement_literal):
                continue
            for v, c in zip(constraint.linear.vars, constraint.linear.coeffs, strict=True):
                row[v] += c
            domain = list(constraint.linear.domain)
            bounds = (domain[0], domain[-1])
        elif constraint.has_at_most_one():
            row[list(constraint.at_most_one.literals)] = 1
            bounds = (0, 1)
        elif constraint.has_bool_and():
            row[constraint.enforcement_literal[0]] += 1
            row[constraint.bool_and.literals[0]] -= 1
            bounds = (-1, 0)
        else:
            raise AssertionError(f"unexpected constraint {constraint}")
        rows.append(row)
        low.append(bounds[0])
        high.append(bounds[1])
    return np.array(rows).reshape(len(rows), n), np.array(low, float), np.array(high, float)


def _assert_relaxation_is_the_proto(m: MissionModel) -> None:
    matrix, low, high = _proto_rows(m.fork())
    relaxation = m.relaxation
    assert np.array_equal(relaxation.matrix.toarray(), matrix)
    assert np.array_equal(relaxation.lower, low) and np.array_equal(relaxation.upper, high)
    assert m.num_constraints == len(m.fork().proto.constraints)


@HYPOTHESIS
@given(spec=scenarios(max_doctors=6, max_locums=2, tight_practices=True), stays=st.sampled_from([1, 2, 3]),
       budget=st.sampled_from([None, 300.0, 5000.0]))  # fmt: skip
def test_the_relaxation_read_from_the_rows_is_the_cp_sat_model(
    spec: Spec, stays: int, budget: float | None
) -> None:
    spec.settings["max_stay_days"] = stays
    if budget is not None:
        spec.settings["budget_eur"] = budget
    with tempfile.TemporaryDirectory() as tmp:
        m = build_model(ScenarioArrays.from_scenario(load_scenario(spec.write(Path(tmp) / "s"))))
    _assert_relaxation_is_the_proto(m)
    assert m.constraints_per_rule == {name: len(rows) for name, rows in m.rows if name != COVERAGE_ROWS}


def test_requirement_rows_sit_behind_assumption_literals_only_in_a_diagnosis_model(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z1", demand=2)],
        sites=[site("S1", "Z1", capacity=1)],
        doctors=[doctor("D1"), doctor("D2")],
        available={"D1": [1, 2], "D2": [1]},
    )
    folder = spec.write(tmp_path / "s")
    header, row = (folder / "zones.csv").read_text(encoding="utf-8").splitlines()
    (folder / "zones.csv").write_text(f"{header},min_days\n{row},1\n", encoding="utf-8")
    (folder / "pins.csv").write_text("date,doctor_id,site_id\n2025-10-01,D1,S1\n", encoding="utf-8")
    arrays = ScenarioArrays.from_scenario(load_scenario(folder))
    plain, diagnosis = build_model(arrays), build_model(arrays, with_assumptions=True)
    assert sorted(diagnosis.requirements.values()) == ["minimum 0", "pin 0"] and not plain.requirements
    assert diagnosis.num_variables == plain.num_variables + 2
    assert plain.relaxation.matrix.shape[0] == diagnosis.relaxation.matrix.shape[0] + 2
    _assert_relaxation_is_the_proto(plain)
    _assert_relaxation_is_the_proto(diagnosis)  # the enforced rows stay out of both


@HYPOTHESIS
@given(
    keys=st.lists(st.integers(0, 6), min_size=0, max_size=30),
    bounds=st.lists(st.integers(0, 4), min_size=7, max_size=7),
    signed=st.booleans(),
)
def test_grouped_at_most_gives_one_row_per_group_that_can_exceed_its_bound(
    keys: list[int], bounds: list[int], signed: bool
) -> None:
    key = np.array(keys, dtype=np.int64)
    variables = np.arange(100, 100 + len(keys), dtype=np.int64)
    coeffs = np.where(key % 2 == 0, 1, -1).astype(np.int64) if signed else None
    rows = Rows.grouped_at_most(variables, key, np.array(bounds), coeffs)
    expected = []
    for k in sorted(set(keys)):
        members = variables[key == k]
        c = coeffs[key == k] if coeffs is not None else np.ones(len(members), np.int64)
        if coeffs is None and len(members) <= bounds[k]:
            continue
        form = AT_MOST_ONE if coeffs is None and bounds[k] == 1 else LINEAR
        expected.append((members.tolist(), c.tolist(), int(np.minimum(c, 0).sum()), bounds[k], form))
    got = [
        (rows.variables[a:b].tolist(), rows.coeffs[a:b].tolist(), int(rows.low[i]), int(rows.high[i]),
         int(rows.kind[i]))
        for i, (a, b) in enumerate(zip(rows.starts[:-1], rows.starts[1:], strict=True))
    ]  # fmt: skip
    assert got == expected


@pytest.mark.parametrize("count", [0, 1, 2, 3, 7, 64, 65, 1000])
def test_new_bools_appends_count_zero_one_variables(count: int) -> None:
    cp = CpBuilder()
    cp.new_bools(5)
    made = cp.new_bools(count)
    assert made.tolist() == list(range(5, 5 + count)) and cp.num_variables == 5 + count
    assert all(list(v.domain) == [0, 1] for v in cp.proto.variables)


def test_no_phase_writes_into_the_built_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A month that runs the LP, the dive, cuts, CP-SAT coverage and km phases: the built
    model (rows and CP-SAT proto) is the same after the solve, and cannot be reassigned."""
    from fractional_fixtures import odd_cycle

    built: list[MissionModel] = []
    original = monthly.build_model

    def keep(arrays: ScenarioArrays) -> MissionModel:
        built.append(original(arrays))
        return built[-1]

    monkeypatch.setattr(monthly, "build_model", keep)
    scenario = load_scenario(odd_cycle().write(tmp_path / "s"))
    planning = monthly.solve(scenario, SolveOptions(time_limit_s=20, workers=1, seed=1))
    assert planning.summary.status == "OPTIMAL"
    m = built[0]
    before = str(build_model(ScenarioArrays.from_scenario(scenario)).base.proto)  # type: ignore[union-attr]
    assert str(m.base.proto) == before  # type: ignore[union-attr]
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.u = m.x  # type: ignore[misc]


def test_the_incumbent_ranks_coverage_then_changes_then_wishes_then_metres(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z1", demand=1, priority=2), zone("Z2", demand=1)],
        sites=[site("S1", "Z1"), site("S2", "Z2")],
        doctors=[doctor("D1")],
        available={"D1": [1]},
    )
    m = build_model(ScenarioArrays.from_scenario(load_scenario(spec.write(tmp_path / "s"))))
    assert len(m.x) == 2
    from roster.solvers.model.values import full_values

    def planning(*missions: int) -> np.ndarray:
        return full_values(m, np.array(missions, np.int64), np.zeros(len(m.y), np.int64))

    plain = Ranking(m)
    first, second, none = plain.of(planning(1, 0)), plain.of(planning(0, 1)), plain.of(planning(0, 0))
    to_z1 = int(np.flatnonzero(m.space.missions.zone == 0)[0])
    best = first if to_z1 == 0 else second
    other = second if best is first else first
    assert best.improves(other) and best.improves(none) and not other.improves(best)
    assert not best.improves(best)  # strictly better only
    with pytest.raises(ValueError):
        best.values[0] = 1  # read-only
    wishes = np.zeros(len(m.x), np.int64)
    wishes[1 - to_z1] = 5  # a wish for the zone of lower priority never beats coverage
    ranked = Ranking(m, wish_values=wishes)
    assert ranked.of(best.values).improves(ranked.of(other.values))
    changes = np.ones(len(m.x), np.int64)  # re-planning: each mission is a change
    assert Ranking(m, change_costs=changes).of(best.values).coverage == best.coverage


@HYPOTHESIS
@given(seed=st.integers(0, 10_000), rounds=st.integers(1, 3))
def test_the_highs_lp_re_solved_after_rows_equals_a_solve_from_scratch(seed: int, rounds: int) -> None:
    """Random packing LPs: rows added to the loaded LP and re-solved from its basis give
    the optimum GLOP finds from scratch with every row."""
    from roster.solvers.model.relaxation import LinearRelaxation

    rng = np.random.default_rng(seed)
    n, m = 12, 6
    matrix = (rng.random((m, n)) < 0.5) * rng.integers(1, 4, (m, n))
    relaxation = LinearRelaxation.from_rows(
        Rows.of([np.flatnonzero(r) for r in matrix], [r[r != 0] for r in matrix], [0] * m,
                rng.integers(1, 6, m).tolist()),
        n,
    )  # fmt: skip
    cost = -rng.integers(1, 10, n).astype(float)  # minimise: as much as fits
    session = HighsLp(relaxation, cost)
    assert session.solve(10).status == "OPTIMAL"
    added: list[tuple[np.ndarray, np.ndarray, float, float]] = []
    for _ in range(rounds):
        columns = np.sort(rng.choice(n, size=4, replace=False))
        new = [(columns, np.ones(4), -np.inf, float(rng.integers(1, 3)))]
        added.extend(new)
        session.add_rows(new)
        warm = session.solve(10)
        cold = solve_lp(relaxation, cost, maximize=False, extra_rows=added)
        assert warm.value == pytest.approx(cold.value, abs=1e-7)
        assert warm.values is not None
        activity = relaxation.with_rows(added).matrix @ warm.values
        assert (activity <= np.append(relaxation.upper, [hi for *_, hi in added]) + 1e-7).all()


def test_the_highs_lp_prints_nothing() -> None:
    """HiGHS must not write its banner into `roster solve`'s output (highspy.Highs() does)."""
    import subprocess
    import sys

    code = (
        "import numpy as np\n"
        "from roster.solvers.engines.highs import HighsLp\n"
        "from roster.solvers.model.relaxation import LinearRelaxation\n"
        "from roster.solvers.model.rows import Rows\n"
        "r = LinearRelaxation.from_rows(Rows.linear(np.array([0, 1]), np.array([1, 1]), 0, 1), 2)\n"
        "print(HighsLp(r, np.array([-1.0, -2.0])).solve(5).value)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout == "-2.0\n"


def _packing_lp(seed: int, n: int, m: int, width: int) -> tuple[object, np.ndarray]:
    """A random packing LP (rows of `width` positive coefficients) and a positive objective."""
    from roster.solvers.model.relaxation import LinearRelaxation

    rng = np.random.default_rng(seed)
    rows = [rng.choice(n, size=width, replace=False) for _ in range(m)]
    uppers = rng.integers(width, 6 * width, m).tolist()
    relaxation = LinearRelaxation.from_rows(
        Rows.of(rows, [rng.integers(1, 9, width) for _ in rows], [0] * m, uppers), n
    )
    return relaxation, rng.random(n)


@pytest.mark.parametrize("seed", range(6))
def test_glop_through_mathopt_gives_the_model_builders_optimum_and_a_basis_highs_keeps(seed: int) -> None:
    """Same GLOP, same vertex and reduced costs as `solve_lp`; HiGHS started from the basis
    is optimal without an iteration, and reports the same values in the same convention."""
    from roster.solvers.engines.glop_basis import solve_with_basis
    from roster.solvers.engines.lp import COVERAGE_GLOP

    relaxation, objective = _packing_lp(seed, 300, 120, 12)
    direct = solve_lp(relaxation, objective, True, glop_parameters=COVERAGE_GLOP)
    lp, basis = solve_with_basis(relaxation, objective, True, 10.0)
    assert basis is not None and lp.value == pytest.approx(direct.value, rel=1e-12)
    assert np.array_equal(lp.values, direct.values)
    assert np.allclose(lp.reduced_costs, direct.reduced_costs, atol=1e-12)
    highs = HighsLp(relaxation, objective, maximize=True, basis=basis)
    again = highs.solve(10)
    assert highs.iterations == 0 and again.value == pytest.approx(lp.value, rel=1e-12)
    assert np.allclose(again.values, lp.values, atol=1e-9)
    assert np.allclose(again.reduced_costs, lp.reduced_costs, atol=1e-9)


def test_the_mathopt_model_is_written_byte_for_byte_as_protobuf_would() -> None:
    """`model_proto` writes the protobuf wire format with numpy: the parsed model holds
    exactly the relaxation (ids, bounds, the objective's nonzeros, the matrix by rows)."""
    from google.protobuf.internal import encoder

    from roster.solvers.engines.glop_basis import _varint_bytes, model_proto

    rng = np.random.default_rng(0)
    values = np.concatenate(
        ([0, 1, 127, 128, 16383, 16384, (1 << 21) - 1, 1 << 21, 1 << 35], rng.integers(0, 1 << 40, 200))
    )
    assert _varint_bytes(values) == b"".join(encoder._VarintBytes(int(v)) for v in values)
    relaxation, objective = _packing_lp(1, 200, 40, 5)
    objective[::3] = 0.0
    model = model_proto(relaxation, objective, maximize=True)
    matrix = relaxation.matrix.tocoo()
    assert list(model.variables.ids) == list(range(200)) and not any(model.variables.integers)
    assert list(model.variables.upper_bounds) == relaxation.var_upper.tolist()
    assert list(model.linear_constraints.upper_bounds) == relaxation.upper.tolist()
    assert (
        model.objective.maximize
        and list(model.objective.linear_coefficients.ids) == np.flatnonzero(objective).tolist()
    )
    entries = sorted(zip(matrix.row.tolist(), matrix.col.tolist(), matrix.data.tolist(), strict=True))
    written = model.linear_constraint_matrix
    assert list(zip(written.row_ids, written.column_ids, written.coefficients, strict=True)) == entries


def test_a_stop_interrupts_glop_through_mathopt() -> None:
    """Ctrl-C during the coverage LP solved for its basis: interrupted at once, no basis."""
    import threading
    import time

    from roster.solvers.control import SolveControl
    from roster.solvers.engines.glop_basis import solve_with_basis

    relaxation, objective = _packing_lp(3, 5000, 2500, 30)  # GLOP needs seconds for it
    control = SolveControl()
    threading.Timer(0.2, control.stop).start()
    started = time.perf_counter()
    lp, basis = solve_with_basis(relaxation, objective, True, 60.0, control)
    assert lp.status == "NOT_SOLVED" and basis is None
    assert time.perf_counter() - started < 5.0
