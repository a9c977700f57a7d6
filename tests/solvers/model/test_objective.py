"""The contract's objective (`roster.solvers.model.objective`): exact integer coverage
weights, the harmonic score, the rows linking coverage units to days, and the km (or
cost) terms minimised second.

October 2025: the 1st is a Wednesday.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_builder import Spec, doctor, site, zone

from roster.scenarios import load_scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.model.budget import cost_terms
from roster.solvers.model.mission_model import COVERAGE_ROWS, MissionModel, build_model
from roster.solvers.model.objective import coverage_rows, coverage_weights, harmonic_score, travel_cost
from roster.solvers.model.rows import IMPLICATION, LINEAR, Rows
from roster.solvers.model.values import covered_units, full_values
from solvers.built import model_of

PRIORITIES = st.sampled_from([Fraction(1), Fraction(3, 2), Fraction(2), Fraction(3), Fraction(7, 10)])


def score(priorities: list[Fraction], days: list[int], demand: list[int]) -> Fraction:
    """The contract's coverage score, exactly."""
    return sum(
        (
            p * Fraction(1, k)
            for p, d, n in zip(priorities, days, demand, strict=True)
            for k in range(1, min(d, n) + 1)
        ),
        Fraction(0),
    )


# --- coverage weights ------------------------------------------------------------------------


def test_coverage_weights_are_the_smallest_integers_proportional_to_priority_over_k() -> None:
    w = coverage_weights([Fraction(1), Fraction(3, 2)], np.array([3, 2]))
    assert w.zone.tolist() == [0, 0, 0, 1, 1] and w.k.tolist() == [1, 2, 3, 1, 2]
    assert w.weight.tolist() == [12, 6, 4, 18, 9]  # 1, 1/2, 1/3, 3/2, 3/4 times lcm(1, 2, 3, 4) = 12
    assert (w.scale, w.exact) == (12, True)


@settings(max_examples=60, deadline=None)
@given(priorities=st.lists(PRIORITIES, min_size=1, max_size=4), data=st.data())
def test_each_coverage_weight_is_exactly_scale_times_priority_over_k(
    priorities: list[Fraction], data: st.DataObject
) -> None:
    caps = data.draw(st.lists(st.integers(0, 8), min_size=len(priorities), max_size=len(priorities)))
    w = coverage_weights(priorities, np.array(caps, dtype=np.int64))
    assert w.exact
    expected = [(z, k) for z, c in enumerate(caps) for k in range(1, c + 1)]
    assert list(zip(w.zone.tolist(), w.k.tolist(), strict=True)) == expected
    for z, k, weight in zip(w.zone.tolist(), w.k.tolist(), w.weight.tolist(), strict=True):
        assert Fraction(weight) == w.scale * priorities[z] / k


@settings(max_examples=60, deadline=None)
@given(priorities=st.lists(PRIORITIES, min_size=1, max_size=3), data=st.data())
def test_integer_coverage_ranks_two_plannings_as_their_exact_scores_do(
    priorities: list[Fraction], data: st.DataObject
) -> None:
    n = len(priorities)
    demand = data.draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    first, second = (data.draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)) for _ in range(2))
    w = coverage_weights(priorities, np.array(demand, dtype=np.int64))

    def integer(days: list[int]) -> int:
        return int(w.weight[w.k <= np.array(days)[w.zone]].sum()) if len(w.zone) else 0

    ours = integer(first) - integer(second)
    theirs = score(priorities, first, demand) - score(priorities, second, demand)
    assert (ours > 0, ours == 0) == (theirs > 0, theirs == 0)


def test_weights_too_fine_for_exact_doubles_are_rounded_and_still_decrease() -> None:
    w = coverage_weights([Fraction(1)], np.array([60]))  # lcm(1..60) * H(60) is far beyond 2**53
    assert not w.exact
    assert (w.weight >= 1).all() and (np.diff(w.weight) < 0).all()
    assert int(w.weight.sum()) <= 2**53  # still exact in a double
    for k, weight in zip(w.k.tolist(), w.weight.tolist(), strict=True):
        assert weight == pytest.approx(w.scale / k, abs=0.5)


def test_no_coverage_unit_no_weight() -> None:
    w = coverage_weights([Fraction(2), Fraction(1)], np.array([0, 0]))
    assert len(w.weight) == 0 and w.exact


# --- harmonic score ----------------------------------------------------------------------------


def test_harmonic_score_counts_days_only_up_to_the_demand() -> None:
    priorities = [Fraction(1), Fraction(2), Fraction(3)]
    assert harmonic_score(priorities, np.array([3, 5, 0]), np.array([2, 1, 4])) == 1 + 1 / 2 + 2


def test_harmonic_score_is_the_nearest_float_of_the_exact_sum() -> None:
    priorities = [Fraction(7, 10)] * 3
    days, demand = np.array([3, 6, 1]), np.array([3, 6, 2])
    exact = score(priorities, days.tolist(), demand.tolist())
    assert harmonic_score(priorities, days, demand) == float(exact)


# --- coverage rows ------------------------------------------------------------------------------


def readable(m: MissionModel, rows: Rows) -> list[tuple[dict[str, int], int, int, int]]:
    """Rows as {name: coefficient}: missions doctor@site/day, units u<zone><k>."""
    a, o, w = m.arrays, m.space.missions, m.weights
    assert w is not None
    name = {int(m.x[i]): f"{a.doctor_ids[o.doctor[i]]}@{a.site_ids[o.site[i]]}/{a.dates[o.date[i]].day}"
            for i in range(len(o))}  # fmt: skip
    name.update({int(m.u[j]): f"u{a.zone_ids[w.zone[j]]}.{w.k[j]}" for j in range(len(m.u))})
    out = []
    for i in range(len(rows)):
        at = slice(rows.starts[i], rows.starts[i + 1])
        terms = {name[int(v)]: int(c) for v, c in zip(rows.variables[at], rows.coeffs[at], strict=True)}
        out.append((terms, int(rows.low[i]), int(rows.high[i]), int(rows.kind[i])))
    return out


def two_zone_month() -> Spec:
    """Z1 (demand 2): A and B at S1 on days 1 and 2; Z2 (demand 3): only A's day 3 at S2."""
    return Spec(
        [zone("Z1", demand=2), zone("Z2", demand=3)],
        [site("S1", "Z1", capacity=2, days="Wed Thu"), site("S2", "Z2", days="Fri")],
        [doctor("A", max_days=3), doctor("B", max_days=3)],
        {"A": [1, 2, 3], "B": [1, 2]},
    )


def test_coverage_rows_make_a_zones_days_equal_its_units_taken_in_order(tmp_path: Path) -> None:
    m = model_of(two_zone_month(), tmp_path)
    assert m.days_cap.tolist() == [2, 1]  # Z1: demand 2; Z2: one reachable day
    rows = dict(m.rows)[COVERAGE_ROWS]
    z1 = {"A@S1/1": 1, "A@S1/2": 1, "B@S1/1": 1, "B@S1/2": 1, "uZ1.1": -1, "uZ1.2": -1}
    assert readable(m, rows) == [
        (z1, 0, 0, LINEAR),
        ({"uZ1.2": 1, "uZ1.1": -1}, -1, 0, IMPLICATION),  # the 2nd unit only after the 1st
        ({"A@S2/3": 1, "uZ2.1": -1}, 0, 0, LINEAR),
    ]
    assert readable(m, coverage_rows(m, m.u, m.days_cap)) == readable(m, rows)


def test_a_zones_days_beyond_its_useful_units_are_allowed_only_when_pins_impose_them(tmp_path: Path) -> None:
    spec = two_zone_month()
    spec.zones[0]["demand_days"] = 1
    folder = spec.write(tmp_path / "s")
    plain = build_model(ScenarioArrays.from_scenario(load_scenario(folder)))
    assert readable(plain, dict(plain.rows)[COVERAGE_ROWS])[0][1:] == (0, 0, LINEAR)
    (folder / "pins.csv").write_text("date,doctor_id,site_id\n2025-10-01,A,S1\n", encoding="utf-8")
    pinned = build_model(ScenarioArrays.from_scenario(load_scenario(folder)))
    assert readable(pinned, dict(pinned.rows)[COVERAGE_ROWS])[0][1:] == (0, 4, LINEAR)  # Z1 has 4 options


def test_the_units_of_a_planning_are_its_first_days_and_its_integer_coverage_their_weights(
    tmp_path: Path,
) -> None:
    m = model_of(two_zone_month(), tmp_path)
    o = m.space.missions
    chosen = (o.zone == 0) & (o.date == 0)  # A and B on day 1 at S1
    values = full_values(m, chosen.astype(np.int64), np.zeros(len(m.y), dtype=np.int64))
    assert covered_units(m, chosen).tolist() == [1, 1, 0]
    assert m.relaxation.holds(values)
    values[m.u] = [1, 0, 0]  # fewer units than days: the rows refuse it
    assert not m.relaxation.holds(values)


# --- travel cost -------------------------------------------------------------------------------


def km_month(**settings: object) -> Spec:
    return Spec(
        [zone("Z1", demand=3)],
        [site("S1", "Z1", lodging=1), site("S2", "Z1")],
        [doctor("A", max_km=150)],
        {"A": [1, 2]},
        distances=[
            {"from_id": "A", "to_id": "S1", "km": 120.0004},
            {"from_id": "A", "to_id": "S2", "km": 12.3456},
        ],
        settings=dict(settings),
    )


def test_travel_cost_is_each_missions_one_way_km_in_integer_metres(tmp_path: Path) -> None:
    m = model_of(km_month(), tmp_path)
    variables, coeffs = travel_cost(m)
    assert variables.tolist() == m.x.tolist()
    assert dict(zip(m.space.missions.site.tolist(), coeffs.tolist(), strict=False)) == {0: 120000, 1: 12346}
    assert coeffs.dtype == np.int64


def test_with_secondary_cost_the_travel_objective_is_the_months_cost_in_cents(tmp_path: Path) -> None:
    m = model_of(km_month(secondary="cost"), tmp_path)
    variables, coeffs = travel_cost(m)
    expected_variables, expected_coeffs = cost_terms(m)
    assert variables.tolist() == expected_variables.tolist() and coeffs.tolist() == expected_coeffs.tolist()


def test_with_stays_a_continued_day_takes_back_its_metres(tmp_path: Path) -> None:
    m = model_of(km_month(max_stay_days=2), tmp_path)
    assert m.stays is not None and len(m.stays) == 1  # S1 on day 2 continues day 1
    variables, coeffs = travel_cost(m)
    assert variables.tolist() == [*m.x.tolist(), *m.stays.var.tolist()]
    assert coeffs[len(m.x) :].tolist() == [-120000]
    assert coeffs[: len(m.x)].tolist() == np.rint(m.space.missions.km * 1000).astype(np.int64).tolist()


def test_a_budget_alone_keeps_the_km_objective(tmp_path: Path) -> None:
    plain = travel_cost(model_of(km_month(), tmp_path / "plain"))
    budget = travel_cost(model_of(km_month(budget_eur=10_000), tmp_path / "budget"))
    assert [v.tolist() for v in plain] == [v.tolist() for v in budget]
