"""The month's cost and the budget rule (`roster.solvers.model.budget`): each term in
integer cents rounded up, so a planning the model accepts never costs more than
budget_eur; the budget row bounds their sum.

October 2025: the 1st is a Wednesday. A goes to NEAR (12.345 km) or FAR (100 km, lodging).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from scenario_builder import Spec, doctor, locum, practice, site, zone

from roster.models.costs import month_costs
from roster.scenarios import load_scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.policy import cents
from roster.solvers.model import budget
from roster.solvers.model.mission_model import MissionModel, build_model
from roster.solvers.model.relaxation import LinearRelaxation
from roster.solvers.model.rows import LINEAR, Rows
from roster.solvers.model.values import assignments, full_values, locum_days
from solvers.built import model_of


def cost_month(**settings: object) -> Spec:
    return Spec(
        [zone("Z1", demand=9)],
        [site("NEAR", "Z1", days="Wed Thu"), site("FAR", "Z1", lodging=1, days="Wed Thu")],
        [doctor("A", "P", max_km=150)],
        {"A": [1, 2], "R": [1, 2]},
        practices=[practice("P")],  # A is the practice's only doctor: a locum when A leaves
        locums=[locum("R")],
        distances=[
            {"from_id": "A", "to_id": "NEAR", "km": 12.345},
            {"from_id": "A", "to_id": "FAR", "km": 100},
            {"from_id": "R", "to_id": "P", "km": 5},
        ],
        settings={"daily_indemnity_eur": 200, "km_rate_eur": 0.35, "budget_eur": 10_000, **settings},
    )


def coefficient_of(m: MissionModel, variables: np.ndarray, coeffs: np.ndarray) -> dict[str, int]:
    """Cost coefficient of each variable: missions site/day, locum days R/day, links link/day."""
    a, o = m.arrays, m.space.missions
    name = {int(m.x[i]): f"{a.site_ids[o.site[i]]}/{a.dates[o.date[i]].day}" for i in range(len(o))}
    name.update({int(v): f"R/{a.dates[t].day}" for v, t in zip(m.y, m.space.locums.date, strict=True)})
    if m.stays is not None:
        name.update(
            {
                int(v): f"link/{a.dates[o.date[k]].day}"
                for v, k in zip(m.stays.var, m.stays.later, strict=True)
            }
        )
    return {name[int(v)]: int(c) for v, c in zip(variables, coeffs, strict=True)}


def test_cents_round_up_but_keep_whole_cents_exact() -> None:
    assert cents(np.array([204.32075, 280.5, 0.0, -4.32075, 0.1 + 0.2])).tolist() == [
        20433,
        28050,
        0,
        -432,
        30,
    ]


def test_a_missions_cost_is_indemnity_and_travel_in_cents_rounded_up(tmp_path: Path) -> None:
    m = model_of(cost_month(), tmp_path)
    costs = coefficient_of(m, *budget.cost_terms(m))
    assert costs["NEAR/1"] == costs["NEAR/2"] == 20433  # 200 + 12.345 x 0.35 = 204.32075 EUR
    assert costs["FAR/1"] == 23500  # 200 + 35; no night priced by default


def test_round_trip_doubles_the_travel(tmp_path: Path) -> None:
    m = model_of(cost_month(round_trip=True), tmp_path)
    assert coefficient_of(m, *budget.cost_terms(m))["NEAR/1"] == 20865  # 200 + 8.6415


def test_a_mission_beyond_the_day_trip_pays_a_night_and_a_locum_day_its_rate(tmp_path: Path) -> None:
    m = model_of(cost_month(lodging_night_eur=45.5, locum_daily_eur=180.004), tmp_path)
    costs = coefficient_of(m, *budget.cost_terms(m))
    assert costs["FAR/1"] == 28050 and costs["NEAR/1"] == 20433
    assert costs["R/1"] == costs["R/2"] == 18001


def test_a_stay_day_takes_back_its_travel_and_its_night_and_pays_the_nights_between(tmp_path: Path) -> None:
    m = model_of(cost_month(lodging_night_eur=45.5, max_stay_days=2), tmp_path)
    assert m.stays is not None and len(m.stays) == 1  # FAR on Thu 2 continues Wed 1
    costs = coefficient_of(m, *budget.cost_terms(m))
    assert costs["link/2"] == -3500  # - 35 EUR of travel; one night between, less the far day's night


def test_the_budget_row_bounds_the_total_by_budget_eur_in_whole_cents(tmp_path: Path) -> None:
    m = model_of(cost_month(budget_eur=410.675), tmp_path)
    rows = budget.total_cost_within_budget(m)
    variables, coeffs = budget.cost_terms(m)
    assert len(rows) == 1 and rows.kind.tolist() == [LINEAR]
    assert rows.variables.tolist() == variables.tolist() and rows.coeffs.tolist() == coeffs.tolist()
    assert rows.high.tolist() == [41067]  # rounded down: never above the budget
    assert rows.low.tolist() == [int(np.minimum(coeffs, 0).sum())]


def test_without_a_budget_there_is_no_budget_row_and_every_planning_is_within(tmp_path: Path) -> None:
    spec = cost_month()
    del spec.settings["budget_eur"]
    spec.settings["secondary"] = "cost"
    m = model_of(spec, tmp_path)
    assert m.arrays.policy is not None and m.arrays.policy.budget_cents is None
    assert len(budget.total_cost_within_budget(m)) == 0
    assert budget.within_budget(m, np.ones(m.num_variables, dtype=np.int64))


def every_planning(m: MissionModel) -> list[np.ndarray]:
    """Every planning (missions, locum days; stays completed) keeping every row but the budget's."""
    others = Rows.concat([rows for rule, rows in m.rows if rule != "total_cost_within_budget"])
    relaxation = LinearRelaxation.from_rows(others, m.num_variables)
    out = []
    for x in itertools.product([0, 1], repeat=len(m.x)):
        for y in itertools.product([0, 1], repeat=len(m.y)):
            values = full_values(m, np.array(x, dtype=np.int64), np.array(y, dtype=np.int64))
            if relaxation.holds(values):
                out.append(values)
    return out


def test_a_planning_within_the_budget_row_never_costs_more_than_budget_eur(tmp_path: Path) -> None:
    """Budget 440 EUR: two days at NEAR and their locum days fit (428.64 EUR), NEAR and FAR do not
    (504.82 EUR)."""
    spec = cost_month(budget_eur=440, lodging_night_eur=45.5, locum_daily_eur=10)
    scenario = load_scenario(spec.write(tmp_path / "s"))
    m = build_model(ScenarioArrays.from_scenario(scenario))
    variables, coeffs = budget.cost_terms(m)
    plannings = every_planning(m)
    accepted = [v for v in plannings if budget.within_budget(m, v)]
    sites = [tuple(r.site_id for r in assignments(m, v)[0]) for v in accepted]
    assert ("NEAR", "NEAR") in sites and ("NEAR", "FAR") not in sites and ("FAR", "NEAR") not in sites
    assert len(accepted) < len(plannings)
    for values in plannings:
        rows, _ = assignments(m, values)
        total = month_costs(scenario.settings, rows, locum_days(m, values), 0)["total_eur"]
        model_cents = int(coeffs @ values[variables])
        assert total - 0.005 <= model_cents / 100 <= total + 0.005 + 0.01 * int(values[variables].sum())
        if budget.within_budget(m, values):
            assert total <= 440
        assert budget.within_budget(m, values) == (model_cents <= 44000)
