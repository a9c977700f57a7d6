"""The policy's hard rules (`roster.solvers.model.policy_rules`): none without a policy,
the budget row alone with a budget, and the stay rules before it with stays, their link
variables made by the builder's `new_bools`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scenario_builder import Spec, doctor, site, zone

from roster.scenarios import load_scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.space import build_space
from roster.solvers.model.layout import ModelLayout
from roster.solvers.model.policy_rules import policy_rules
from roster.solvers.model.rows import Rows


def layout_of(tmp_path: Path, **settings: object) -> ModelLayout:
    """D reaches FAR (lodging, 120 km) on Wed 1 and Thu 2."""
    spec = Spec(
        [zone("Z1", demand=4)],
        [site("FAR", "Z1", lodging=1)],
        [doctor("D", max_days=4, max_km=150)],
        {"D": [1, 2]},
        distances=[{"from_id": "D", "to_id": "FAR", "km": 120}],
        settings=dict(settings),
    )
    a = ScenarioArrays.from_scenario(load_scenario(spec.write(tmp_path / "s")))
    space = build_space(a)
    x = np.arange(len(space.missions), dtype=np.int64)
    return ModelLayout(a, space, x, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


class Counter:
    """A `new_bools` that numbers variables after the layout's and records each call."""

    def __init__(self, first: int) -> None:
        self.next, self.calls = first, []

    def __call__(self, count: int) -> np.ndarray:
        self.calls.append(count)
        out = np.arange(self.next, self.next + count, dtype=np.int64)
        self.next += count
        return out


def test_without_a_policy_there_is_no_policy_rule_and_the_layout_is_unchanged(tmp_path: Path) -> None:
    m = layout_of(tmp_path)
    bools = Counter(len(m.x))
    same, found = policy_rules(m, bools)
    assert same is m and found == {} and bools.calls == []


def test_a_budget_alone_gives_the_budget_row_and_no_stay_variable(tmp_path: Path) -> None:
    m = layout_of(tmp_path, budget_eur=500)
    bools = Counter(len(m.x))
    after, found = policy_rules(m, bools)
    assert list(found) == ["total_cost_within_budget"] and len(found["total_cost_within_budget"]) == 1
    assert after.stays is None and bools.calls == []


def test_a_cost_objective_without_budget_adds_no_row(tmp_path: Path) -> None:
    _, found = policy_rules(layout_of(tmp_path, secondary="cost"), Counter(2))
    assert {rule: len(rows) for rule, rows in found.items()} == {"total_cost_within_budget": 0}


def test_stays_add_their_rules_before_the_budget_with_variables_from_new_bools(tmp_path: Path) -> None:
    m = layout_of(tmp_path, max_stay_days=3, budget_eur=500)
    bools = Counter(len(m.x))
    after, found = policy_rules(m, bools)
    assert list(found) == [
        "stay_days_are_consecutive_at_one_site",
        "stay_length_limit",
        "monthly_cap_stay_exception",
        "total_cost_within_budget",
    ]
    assert after.stays is not None and m.stays is None  # a new layout; the given one is frozen
    assert after.stays.var.tolist() == [len(m.x)]  # Thu 2 continues Wed 1
    assert after.stays.one_stay_var.tolist() == [len(m.x) + 1]  # cap 2 < stay cap 3
    assert bools.calls == [1, 1]
    assert all(isinstance(rows, Rows) for rows in found.values())
    budget_row = found["total_cost_within_budget"]
    assert len(m.x) in budget_row.variables.tolist()  # the link's cost is in the budget
