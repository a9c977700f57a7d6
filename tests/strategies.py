"""Hypothesis strategies that generate whole scenarios (as `Spec`s)."""

from __future__ import annotations

from hypothesis import strategies as st
from scenario_builder import Spec

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@st.composite
def scenarios(
    draw: st.DrawFn,
    max_zones: int = 3,
    max_sites: int = 4,
    max_doctors: int = 5,
    max_practices: int = 2,
    max_locums: int = 2,
    days: int = 7,
    tight_practices: bool = False,
) -> Spec:
    """A random scenario in a ~50 km box of Gers, over the first `days` days of October 2025.

    `tight_practices`: every volunteer has a practice with no other doctor, and locums
    live at practices, so that continuity and locums bind often."""
    coord = st.tuples(st.floats(43.5, 43.9), st.floats(0.0, 0.6))
    day_set = st.lists(st.integers(1, days), min_size=1, max_size=days, unique=True)
    n_z = draw(st.integers(1, max_zones))
    zones = [
        {
            "zone_id": f"Z{i}",
            "name": f"Zone {i}",
            "department": "32",
            "population": 1000,
            "priority": draw(st.sampled_from([1, 1.5, 2, 3, 0.7])),
            "demand_days": draw(st.sampled_from([0, 1, 2, 2, 3, 4])),
        }
        for i in range(n_z)
    ]
    sites = []
    for i in range(draw(st.integers(1, max_sites))):
        lat, lon = draw(coord)
        open_days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=3, max_size=7, unique=True))
        sites.append(
            {
                "site_id": f"S{i}",
                "zone_id": f"Z{draw(st.integers(0, n_z - 1))}",
                "name": f"Site {i}",
                "latitude": lat,
                "longitude": lon,
                "capacity": draw(st.integers(1, 2)),
                "open_weekdays": " ".join(open_days),
                "lodging": draw(st.integers(0, 1)),
            }
        )
    practices = []
    for i in range(draw(st.integers(1 if tight_practices else 0, max_practices))):
        lat, lon = draw(coord)
        practices.append(
            {
                "practice_id": f"P{i}",
                "name": f"Cabinet {i}",
                "latitude": lat,
                "longitude": lon,
                "open_weekdays": draw(st.sampled_from(["Mon Tue Wed Thu Fri", " ".join(WEEKDAYS)])),
                "min_present": draw(st.sampled_from([1, 2] if tight_practices else [0, 1, 1, 2])),
                "other_doctors": 0 if tight_practices else draw(st.sampled_from([0, 0, 1, 2])),
            }
        )
    doctors, available = [], {}
    for i in range(draw(st.integers(1, max_doctors))):
        lat, lon = draw(coord)
        homes = [p["practice_id"] for p in practices]
        home = draw(st.sampled_from(homes if tight_practices else ["", *homes * 3]))
        doctors.append(
            {
                "doctor_id": f"D{i}",
                "name": f"Dr {i}",
                "practice_id": home,
                "latitude": lat,
                "longitude": lon,
                "max_days": draw(st.sampled_from([0, 1, 2, 2, 3])),
                "max_km": draw(st.sampled_from([20, 60, 90, 150, 150])),
            }
        )
        available[f"D{i}"] = draw(day_set)
    locums = []
    for i in range(draw(st.integers(1 if tight_practices else 0, max_locums))):
        homes = [(p["latitude"], p["longitude"]) for p in practices]
        at_home = st.sampled_from(homes) if tight_practices else st.one_of(coord, st.sampled_from(homes))
        lat, lon = draw(at_home if homes else coord)
        locums.append(
            {
                "replacement_id": f"R{i}",
                "name": f"Remplaçant {i}",
                "latitude": lat,
                "longitude": lon,
                "max_days": draw(st.integers(1 if tight_practices else 0, 2)),
                "max_km": draw(st.sampled_from([10, 40, 60, 90])),
            }
        )
        available[f"R{i}"] = list(range(1, days + 1)) if tight_practices else draw(day_set)
    settings = {
        "max_days_per_doctor": draw(st.integers(1, 2)),
        "day_trip_max_km": draw(st.sampled_from([30, 50, 80])),
        "holidays": draw(st.sampled_from([[], ["2025-10-01"], ["2025-10-03"]])),
    }
    return Spec(zones, sites, doctors, available, practices or None, locums or None, settings=settings)


KMS = [10, 45, 90, 120, 120]


@st.composite
def policy_scenarios(draw: st.DrawFn) -> Spec:
    """A tiny scenario with integer road km (distances.csv) and drawn policy settings."""
    spec = draw(scenarios(max_zones=2, max_sites=2, max_doctors=2, max_practices=1, max_locums=1, days=5))
    spec.distances = [
        {"from_id": d["doctor_id"], "to_id": s["site_id"], "km": draw(st.sampled_from(KMS))}
        for d in spec.doctors
        for s in spec.sites
    ]
    heavy = draw(st.booleans())  # stays likely: far lodging sites, every day available
    if heavy:
        for row in spec.distances:
            row["km"] = draw(st.sampled_from([10, 90, 120]))
        for x in spec.sites:
            x["open_weekdays"] = "Mon Tue Wed Thu Fri Sat Sun"
    for d in spec.doctors:
        d["max_km"] = 150
        d["max_days"] = draw(st.sampled_from([1, 2, 3, 4]))
        if heavy or draw(st.booleans()):  # consecutive days make stays possible
            spec.available[d["doctor_id"]] = [1, 2, 3, 4, 5]
    for x in spec.sites:
        x["lodging"] = 1 if heavy else draw(st.sampled_from([0, 1, 1]))
    for z in spec.zones:
        z["demand_days"] = draw(st.sampled_from([1, 2, 4, 5]))
    spec.settings |= {
        "day_trip_max_km": 80,
        "km_rate_eur": 0.5,
        "max_days_per_doctor": draw(st.integers(1, 2)),
        "max_stay_days": draw(st.sampled_from([2, 3, 5] if heavy else [1, 2, 3])),
        "lodging_night_eur": draw(st.sampled_from([0, 40])),
        "locum_daily_eur": draw(st.sampled_from([0, 150])),
        "round_trip": draw(st.booleans()),
        "secondary": draw(st.sampled_from(["km", "cost"])),
    }
    if draw(st.booleans()):
        spec.settings["stay_min_km"] = 40
    budget = draw(st.sampled_from([None, 0, 250, 500, 900, 1400]))
    if budget is not None:
        spec.settings["budget_eur"] = budget
    return spec
