"""The rules as flow arcs (`roster.solvers.model.arcs`): every arc group that the rule can
bind is a row of that rule with the arc's capacity as its bound, on generated months,
policy months included."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from scenario_builder import Spec
from strategies import policy_scenarios, scenarios

from roster.solvers.model import arcs, rules
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.rows import Rows
from solvers.built import model_of

MONTHS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
Row = tuple[frozenset[int], int]


def built(spec: Spec) -> MissionModel:
    with tempfile.TemporaryDirectory() as tmp:
        return model_of(spec, Path(tmp) / "s")


def as_rows(rows: Rows) -> Counter[Row]:
    """Each row as (its variables, its upper bound)."""
    return Counter(
        (frozenset(rows.variables[rows.starts[i] : rows.starts[i + 1]].tolist()), int(rows.high[i]))
        for i in range(len(rows))
    )


def bounding(
    groups: arcs.ArcGroups, variables: np.ndarray, capacity: np.ndarray | None = None
) -> Counter[Row]:
    """Each arc group with more options than its capacity, as (its options' variables,
    the capacity): the rows of the rule that the group's arc stands for."""
    capacity = groups.capacity if capacity is None else capacity
    out: Counter[Row] = Counter()
    for g in range(len(groups)):
        members = variables[groups.of == g]
        if len(members) > capacity[g]:
            out[(frozenset(members.tolist()), int(capacity[g]))] += 1
    return out


def doctors(m: MissionModel) -> arcs.ArcGroups:
    """Rule 1's source -> doctor arcs as groups of the doctors' options."""
    o = m.space.missions
    key, of = np.unique(o.doctor, return_inverse=True)
    return arcs.ArcGroups(key, of.reshape(-1), arcs.monthly_caps(m.arrays)[key])


def check_the_rules_of_missions(m: MissionModel) -> None:
    a, o = m.arrays, m.space.missions
    assert as_rows(rules.monthly_cap(m)) == bounding(doctors(m), m.x)
    assert as_rows(rules.one_mission_per_day(m)) == bounding(arcs.doctor_dates(a, o.doctor, o.date), m.x)
    assert as_rows(rules.site_capacity(m)) == bounding(arcs.site_dates(a, o.site, o.date), m.x)


def check_the_rules_of_practices_and_locums(m: MissionModel) -> None:
    a, space, loc = m.arrays, m.space, m.space.locums
    rows = arcs.continuity_rows(space, np.arange(len(space.continuity)))
    expected = Counter()
    for g, r in enumerate(rows.key.tolist()):
        members = np.concatenate((m.x[space.mission_row == r], m.y[space.locum_row == r]))
        expected[(frozenset(members.tolist()), int(rows.capacity[g]))] += 1
    assert as_rows(rules.home_practice_continuity(m)) == expected
    key, of = np.unique(loc.locum, return_inverse=True)
    locums = arcs.ArcGroups(key, of.reshape(-1), arcs.locum_caps(a)[key])
    one_practice_a_date = bounding(arcs.locum_dates(a, loc.locum, loc.date), m.y)
    assert as_rows(rules.locum_limits(m)) == one_practice_a_date + bounding(locums, m.y)


@MONTHS
@given(spec=scenarios(max_doctors=6, max_locums=2, tight_practices=True))
def test_the_arcs_capacities_are_the_contract_rules_bounds(spec: Spec) -> None:
    m = built(spec)
    check_the_rules_of_missions(m)
    check_the_rules_of_practices_and_locums(m)
    assert np.array_equal(arcs.monthly_caps(m.arrays, with_stays=False), arcs.monthly_caps(m.arrays))


@MONTHS
@given(spec=policy_scenarios())
def test_on_policy_months_too_the_stay_cap_included(spec: Spec) -> None:
    m = built(spec)
    check_the_rules_of_missions(m)
    check_the_rules_of_practices_and_locums(m)
    policy = m.arrays.policy
    without = arcs.monthly_caps(m.arrays, with_stays=False)
    assert np.array_equal(without, m.arrays.doctor_cap) and (without <= arcs.monthly_caps(m.arrays)).all()
    if policy is None or not policy.stays:
        assert np.array_equal(without, arcs.monthly_caps(m.arrays))
