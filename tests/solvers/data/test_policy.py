"""The policy knobs in model units (`roster.solvers.data.policy`): None when scenario.toml
keeps the contract's model, else the budget in whole cents (rounded down), the km price
(doubled with round_trip), the stay distance and each doctor's own max_days."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_builder import Spec, doctor, site, zone

from roster.scenarios import load_scenario
from roster.solvers.data.policy import PolicyArrays, policy_of


def policy(tmp_path: Path, **settings: object) -> PolicyArrays | None:
    spec = Spec(
        [zone("Z1")],
        [site("S1", "Z1")],
        [doctor("A", max_days=6), doctor("B", max_days=1)],
        {"A": [1], "B": [1]},
        settings=dict(settings),
    )
    return policy_of(load_scenario(spec.write(tmp_path / "s")))


@pytest.mark.parametrize(
    "settings",
    [{}, {"max_stay_days": 1, "secondary": "km"}, {"daily_indemnity_eur": 150, "lodging_night_eur": 60}],
)
def test_a_month_without_budget_stays_or_cost_objective_keeps_the_contracts_model(
    tmp_path: Path, settings: dict[str, object]
) -> None:
    assert policy(tmp_path, **settings) is None


@pytest.mark.parametrize(
    "settings",
    [{"budget_eur": 0}, {"max_stay_days": 2}, {"secondary": "cost"}],
    ids=["budget", "stays", "cost"],
)
def test_any_one_knob_gives_a_policy(tmp_path: Path, settings: dict[str, object]) -> None:
    assert policy(tmp_path, **settings) is not None


def test_the_budget_is_in_whole_cents_rounded_down(tmp_path: Path) -> None:
    found = policy(tmp_path, budget_eur=1234.567)
    assert found is not None and found.budget_cents == 123456


def test_a_budget_of_whole_cents_is_kept_exactly(tmp_path: Path) -> None:
    found = policy(tmp_path, budget_eur=0.29)  # 28.999999999999996 cents in floating point
    assert found is not None and found.budget_cents == 29


def test_round_trip_doubles_the_price_of_a_one_way_km(tmp_path: Path) -> None:
    one_way, both = policy(tmp_path / "one", secondary="cost"), policy(tmp_path / "two", secondary="cost",
                                                                      round_trip=True)  # fmt: skip
    assert one_way is not None and both is not None
    assert one_way.km_eur == 0.35 and both.km_eur == 0.7


def test_the_stay_distance_defaults_to_the_day_trip(tmp_path: Path) -> None:
    default = policy(tmp_path / "default", max_stay_days=3, day_trip_max_km=70)
    given = policy(tmp_path / "given", max_stay_days=3, stay_min_km=25)
    assert default is not None and default.stay_min_km == 70.0 and default.stays
    assert given is not None and given.stay_min_km == 25.0


def test_each_doctor_keeps_their_own_max_days_for_a_stay(tmp_path: Path) -> None:
    found = policy(tmp_path, max_stay_days=3, max_days_per_doctor=1)
    assert found is not None and found.own_max_days.tolist() == [6, 1] and found.budget_cents is None
