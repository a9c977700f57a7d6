"""The domain parts of the hard rules (`roster.solvers.data.domains`): which cells may
ever hold an option. Each test builds a month where exactly one reason removes a cell.

October 2025: the 1st is a Wednesday; dates are indices from 0 (the 1st).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scenario_builder import Spec, doctor, locum, practice, site, zone

from roster.scenarios import load_scenario
from roster.solvers.data import domains
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.space import mission_options


def arrays_of(spec: Spec, tmp_path: Path) -> ScenarioArrays:
    return ScenarioArrays.from_scenario(load_scenario(spec.write(tmp_path / "s")))


def road(km: dict[tuple[str, str], float]) -> list[dict]:
    """distances.csv rows: one-way km of each (person, place) pair."""
    return [{"from_id": a, "to_id": b, "km": k} for (a, b), k in km.items()]


def one_doctor_month(**settings: object) -> Spec:
    return Spec(
        [zone("Z1")], [site("S1", "Z1")], [doctor("D1", max_days=2)], {"D1": [1, 3]}, settings=dict(settings)
    )


# --- rule 1: available dates, a positive cap ---------------------------------------------


def test_a_doctor_works_only_on_the_dates_listed_in_availability(tmp_path: Path) -> None:
    a = arrays_of(one_doctor_month(), tmp_path)
    assert np.flatnonzero(domains.doctor_days_domain(a)[0]).tolist() == [0, 2]


def test_a_doctor_whose_own_max_days_is_zero_has_no_date(tmp_path: Path) -> None:
    spec = one_doctor_month()
    spec.doctors[0]["max_days"] = 0
    a = arrays_of(spec, tmp_path)
    assert not domains.doctor_days_domain(a).any()


def test_a_policy_cap_of_zero_days_leaves_no_date_to_any_doctor(tmp_path: Path) -> None:
    a = arrays_of(one_doctor_month(max_days_per_doctor=0), tmp_path)
    assert a.doctor_cap.tolist() == [0]
    assert not domains.doctor_days_domain(a).any()


# --- rule 2: open weekdays, holidays -----------------------------------------------------


def test_a_site_is_open_only_on_its_weekdays_and_never_on_a_holiday(tmp_path: Path) -> None:
    spec = Spec(
        [zone("Z1")],
        [site("S1", "Z1", days="Wed Thu")],
        [doctor("D1")],
        {"D1": [1]},
        settings={"holidays": ["2025-10-02"]},
    )
    a = arrays_of(spec, tmp_path)
    open_days = [a.dates[t].day for t in np.flatnonzero(domains.site_opening_domain(a)[0])]
    assert open_days == [1, 8, 9, 15, 16, 22, 23, 29, 30]  # Wednesdays and Thursdays but Thu 2


def test_a_holiday_closes_a_site_open_every_day(tmp_path: Path) -> None:
    spec = one_doctor_month(holidays=["2025-10-03"])
    a = arrays_of(spec, tmp_path)
    assert np.flatnonzero(~domains.site_opening_domain(a)[0]).tolist() == [2]


# --- rule 3: max_km, and lodging beyond a day trip ---------------------------------------


def trips_month(**settings: object) -> Spec:
    """D1 (max_km 100) to sites at the km given; the day trip is 80 km."""
    sites = [site("AT_MAX", "Z1", lodging=1), site("BEYOND", "Z1", lodging=1)]
    sites += [site("DAY", "Z1"), site("NOBED", "Z1"), site("BED", "Z1", lodging=1)]
    km = {"AT_MAX": 100, "BEYOND": 100.5, "DAY": 80, "NOBED": 80.5, "BED": 80.5}
    return Spec(
        [zone("Z1")],
        sites,
        [doctor("D1", max_km=100)],
        {"D1": [1]},
        distances=road({("D1", s): k for s, k in km.items()}),
        settings={"day_trip_max_km": 80, **settings},
    )


def allowed_sites(a: ScenarioArrays) -> list[str]:
    return [a.site_ids[s] for s in np.flatnonzero(domains.travel_limit_and_lodging(a)[0])]


def test_a_trip_beyond_the_doctors_max_km_is_not_allowed(tmp_path: Path) -> None:
    assert "BEYOND" not in allowed_sites(arrays_of(trips_month(), tmp_path))


def test_a_trip_of_exactly_max_km_is_allowed(tmp_path: Path) -> None:
    assert "AT_MAX" in allowed_sites(arrays_of(trips_month(), tmp_path))


def test_a_site_beyond_the_day_trip_needs_lodging(tmp_path: Path) -> None:
    assert allowed_sites(arrays_of(trips_month(), tmp_path)) == ["AT_MAX", "DAY", "BED"]


def test_a_longer_day_trip_lets_a_doctor_reach_a_site_without_lodging(tmp_path: Path) -> None:
    assert "NOBED" in allowed_sites(arrays_of(trips_month(day_trip_max_km=81), tmp_path))


def test_the_road_factor_applies_where_distances_csv_gives_no_km(tmp_path: Path) -> None:
    """About 40 km great-circle: allowed at factor 1.3 (52 km), not at 2 (80 km) for max_km 60."""
    spec = Spec([zone("Z1")], [site("S1", "Z1", lat=43.96)], [doctor("D1", max_km=60)], {"D1": [1]})
    near = arrays_of(spec, tmp_path / "near")
    spec.settings["road_factor"] = 2
    far = arrays_of(spec, tmp_path / "far")
    assert 50 < near.doctor_site_km[0, 0] < 55 and 77 < far.doctor_site_km[0, 0] < 84
    assert domains.travel_limit_and_lodging(near).tolist() == [[True]]
    assert domains.travel_limit_and_lodging(far).tolist() == [[False]]


# --- rule 5: locums ------------------------------------------------------------------------


def locum_month(max_days: int = 2) -> Spec:
    return Spec(
        [zone("Z1")],
        [site("S1", "Z1")],
        [doctor("D1", "P1")],
        {"D1": [1], "R1": [2, 4]},
        practices=[practice("P1"), practice("P2"), practice("P3")],
        locums=[locum("R1", max_days=max_days, max_km=50)],
        distances=road({("R1", "P1"): 50, ("R1", "P2"): 50.5, ("R1", "P3"): 10}),
    )


def test_a_locum_reaches_only_practices_within_max_km(tmp_path: Path) -> None:
    reach, _ = domains.locum_domain(arrays_of(locum_month(), tmp_path))
    assert reach.tolist() == [[True, False, True]]


def test_a_locum_works_only_on_the_dates_listed_in_availability(tmp_path: Path) -> None:
    _, available = domains.locum_domain(arrays_of(locum_month(), tmp_path))
    assert np.flatnonzero(available[0]).tolist() == [1, 3]


def test_a_locum_with_max_days_zero_reaches_no_practice(tmp_path: Path) -> None:
    reach, _ = domains.locum_domain(arrays_of(locum_month(max_days=0), tmp_path))
    assert not reach.any()


# --- extension: only_wished ----------------------------------------------------------------


def test_an_only_wished_doctor_keeps_only_missions_matching_a_positive_wish(tmp_path: Path) -> None:
    spec = Spec(
        [zone("Z1"), zone("Z2")],
        [site("S1", "Z1"), site("S2", "Z2")],
        [{**doctor("PICKY"), "only_wished": 1}, {**doctor("ANY"), "only_wished": 0}],
        {"PICKY": [1, 2], "ANY": [1]},
        wishes=[
            {"doctor_id": "PICKY", "site_id": "S1", "weight": 2},
            {"doctor_id": "PICKY", "zone_id": "Z2", "weight": -1},
            {"doctor_id": "PICKY", "site_id": "S2", "date": "2025-10-02", "weight": 1},
        ],
    )
    a = arrays_of(spec, tmp_path)
    o = mission_options(a)
    kept = {(a.doctor_ids[d], a.site_ids[s], t) for d, s, t in zip(o.doctor, o.site, o.date, strict=True)}
    assert kept == {
        ("PICKY", "S1", 0),
        ("PICKY", "S1", 1),
        ("PICKY", "S2", 1),
        ("ANY", "S1", 0),
        ("ANY", "S2", 0),
    }


# --- policy: stays (max_stay_days >= 2) ----------------------------------------------------


def stay_month(**settings: object) -> Spec:
    """FAR (lodging, 120 km), NEAR (lodging, 30 km) and NOBED (70 km); doctors of several max_days.

    LONG (max_days 7), SHORT (max_days 3) and ONE (max_days 1) reach FAR; HOME reaches
    only NEAR and NOBED."""
    km = {"FAR": 120, "NEAR": 30, "NOBED": 70}
    people = {"LONG": 7, "SHORT": 3, "ONE": 1, "HOME": 7}
    distances = {(d, s): (500 if d == "HOME" and s == "FAR" else k) for d in people for s, k in km.items()}
    return Spec(
        [zone("Z1", demand=10)],
        [site("FAR", "Z1", lodging=1), site("NEAR", "Z1", lodging=1), site("NOBED", "Z1")],
        [doctor(d, max_days=n, max_km=150) for d, n in people.items()],
        {d: [1, 2, 3, 4, 5, 6, 7] for d in people},
        distances=road(distances),
        settings={"max_days_per_doctor": 2, "day_trip_max_km": 80, **settings},
    )


def test_a_stay_is_possible_only_at_a_reachable_lodging_site_beyond_the_stay_distance(
    tmp_path: Path,
) -> None:
    a = arrays_of(stay_month(max_stay_days=5), tmp_path)
    pairs = domains.stay_pairs(a)
    assert {a.site_ids[s] for s in np.flatnonzero(pairs.any(axis=0))} == {"FAR"}
    assert pairs[a.doctor_ids.index("HOME")].tolist() == [False, False, False]


def test_stay_min_km_below_the_day_trip_makes_a_nearer_lodging_site_a_stay_site(tmp_path: Path) -> None:
    a = arrays_of(stay_month(max_stay_days=5, stay_min_km=25), tmp_path)
    home = domains.stay_pairs(a)[a.doctor_ids.index("HOME")]
    assert [a.site_ids[s] for s in np.flatnonzero(home)] == ["NEAR"]  # NOBED has no bed


def test_the_stay_cap_is_max_stay_days_within_the_doctors_own_max_days(tmp_path: Path) -> None:
    a = arrays_of(stay_month(max_stay_days=5), tmp_path)
    caps = dict(zip(a.doctor_ids, domains.stay_cap(a).tolist(), strict=True))
    assert caps == {"LONG": 5, "SHORT": 3, "ONE": 1, "HOME": 2}


def test_a_stay_cap_never_lowers_the_monthly_cap(tmp_path: Path) -> None:
    a = arrays_of(stay_month(max_stay_days=2, max_days_per_doctor=4), tmp_path)
    assert a.doctor_cap.tolist() == [4, 3, 1, 4]
    assert domains.stay_cap(a).tolist() == [4, 3, 1, 4]


def test_the_top_cap_is_the_stay_cap_with_stays_and_the_monthly_cap_otherwise(tmp_path: Path) -> None:
    with_stays = arrays_of(stay_month(max_stay_days=5), tmp_path / "stays")
    assert domains.top_cap(with_stays).tolist() == [5, 3, 1, 2]
    contract = arrays_of(stay_month(), tmp_path / "contract")
    assert contract.policy is None
    assert domains.top_cap(contract).tolist() == [2, 2, 1, 2]
    budget_only = arrays_of(stay_month(budget_eur=1000), tmp_path / "budget")
    assert budget_only.policy is not None and not budget_only.policy.stays
    assert domains.top_cap(budget_only).tolist() == [2, 2, 1, 2]


def test_a_doctor_who_can_stay_has_dates_even_under_a_policy_cap_of_zero(tmp_path: Path) -> None:
    """The stay cap max(cap, max_stay_days) applies to one stay even when the policy cap is 0."""
    a = arrays_of(stay_month(max_stay_days=3, max_days_per_doctor=0), tmp_path)
    works = domains.doctor_days_domain(a).any(axis=1)
    assert dict(zip(a.doctor_ids, works.tolist(), strict=True)) == {
        "LONG": True,
        "SHORT": True,
        "ONE": True,
        "HOME": False,
    }
