"""Pinned missions (`roster.solvers.data.pins`): the option each pin sits on, and the
hard rule that leaves a pin with none.

October 2025: the 1st is a Wednesday.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_builder import Spec, doctor, site, zone

from roster.scenarios import load_scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.pins import pin_options, why_impossible
from roster.solvers.data.space import mission_options


def month() -> Spec:
    """A reaches NEAR (every day but Sunday), FAR (90 km, lodging) and NOBED (85 km); ZERO has cap 0."""
    km = {"NEAR": 5, "FAR": 90, "NOBED": 85, "BEYOND": 120}
    sites = [site("NEAR", "Z1", days="Mon Tue Wed Thu Fri Sat"), site("FAR", "Z1", lodging=1)]
    sites += [site("NOBED", "Z1"), site("BEYOND", "Z1", lodging=1)]
    return Spec(
        [zone("Z1", demand=9)],
        sites,
        [doctor("A", max_km=100), doctor("ZERO", max_days=0)],
        {"A": [1, 2, 5], "ZERO": [1]},
        distances=[{"from_id": "A", "to_id": s, "km": k} for s, k in km.items()],
    )


def arrays_with_pins(tmp_path: Path, pins: list[str]) -> ScenarioArrays:
    folder = month().write(tmp_path / "s")
    (folder / "pins.csv").write_text("\n".join(["date,doctor_id,site_id", *pins]) + "\n", encoding="utf-8")
    return ScenarioArrays.from_scenario(load_scenario(folder))


def test_each_pin_points_at_its_option_or_minus_one(tmp_path: Path) -> None:
    a = arrays_with_pins(tmp_path, ["2025-10-02,A,FAR", "2025-10-03,A,NEAR", "2025-10-01,A,NEAR"])
    o = mission_options(a)
    found = pin_options(a, o).tolist()
    assert found[1] == -1  # A is not available on the 3rd
    for pin, option in zip((0, 2), (found[0], found[2]), strict=True):
        assert (o.doctor[option], o.site[option], o.date[option]) == tuple(a.pins[pin])


def test_a_month_without_pins_has_no_pin_option(tmp_path: Path) -> None:
    a = ScenarioArrays.from_scenario(load_scenario(month().write(tmp_path / "s")))
    assert a.pins.shape == (0, 3) and pin_options(a, mission_options(a)).tolist() == []


def test_a_pin_in_a_month_with_no_option_at_all_is_minus_one(tmp_path: Path) -> None:
    spec = month()
    spec.doctors, spec.available, spec.distances = spec.doctors[1:], {"ZERO": [1]}, None
    folder = spec.write(tmp_path / "s")
    (folder / "pins.csv").write_text("date,doctor_id,site_id\n2025-10-01,ZERO,NEAR\n", encoding="utf-8")
    a = ScenarioArrays.from_scenario(load_scenario(folder))
    assert len(mission_options(a)) == 0
    assert pin_options(a, mission_options(a)).tolist() == [-1]


@pytest.mark.parametrize(
    ("pin", "reason"),
    [
        ("2025-10-01,ZERO,NEAR", "rule 1: the doctor's monthly cap is 0"),
        ("2025-10-03,A,NEAR", "rule 1: the doctor is not available on 2025-10-03"),
        ("2025-10-05,A,NEAR", "rule 2: the site is closed on 2025-10-05 (Sun)"),
        ("2025-10-01,A,BEYOND", "rule 3: 120.0 km exceeds the doctor's max_km 100"),
        ("2025-10-01,A,NOBED", "rule 3: 85.0 km exceeds the day trip 80 km and the site has no lodging"),
    ],
)
def test_a_pin_without_option_names_the_rule_that_forbids_it(tmp_path: Path, pin: str, reason: str) -> None:
    a = arrays_with_pins(tmp_path, [pin])
    assert pin_options(a, mission_options(a)).tolist() == [-1]
    assert why_impossible(a, *(int(i) for i in a.pins[0])) == reason
