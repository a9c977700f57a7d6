"""Tiny months whose LP relaxations are fractional, so the solver's later phases must prove them.

`odd_cycle`: five mission options in a cycle of conflicts (two share a site of capacity
1, two a volunteer's cap of 1 day, two the last free seat of a home practice). The LP
takes every option at 1/2 and covers 2.5 zone-days; a planning covers 2 at most. The
distances (km) are written out, so the km of every option is known exactly.
"""

from __future__ import annotations

from scenario_builder import Spec, doctor, practice, site, zone

# (doctor, site, km): the five options; day 1 (Wed) at S1 and S3, day 2 (Thu) at S2
CYCLE = (("A", "S1", 10.0), ("B", "S1", 20.0), ("B", "S2", 30.0), ("C", "S2", 40.0), ("C", "S3", 50.0))


def odd_cycle(priorities: tuple[float, float, float] = (1, 1, 1), km: dict | None = None) -> Spec:
    """The 5-cycle month; `km` overrides the distance of some (doctor, site) options."""
    km = km or {}
    zones = [zone(f"Z{i + 1}", priority=p, demand=1) for i, p in enumerate(priorities)]
    sites = [site("S1", "Z1", days="Wed"), site("S2", "Z2", days="Thu"), site("S3", "Z3", days="Wed")]
    doctors = [
        doctor("A", "P", max_days=1, max_km=60),
        doctor("B", "", max_days=1, max_km=60),
        doctor("C", "P", max_days=1, max_km=60),
    ]
    listed = {(d, s): km.get((d, s), k) for d, s, k in CYCLE}
    distances = [
        {"from_id": d, "to_id": s, "km": listed.get((d, s), 500.0)}
        for d in ("A", "B", "C")
        for s in ("S1", "S2", "S3")
    ]
    return Spec(
        zones,
        sites,
        doctors,
        {"A": [1], "B": [1, 2], "C": [1, 2]},
        practices=[practice("P", min_present=1, other=0)],
        distances=distances,
    )


def odd_cycle_and_a_sure_day(priorities: tuple[float, float, float] = (1.1, 1.3, 1.7)) -> Spec:
    """The 5-cycle month and, apart from it, a volunteer D whose only option is a day in a
    zone of its own: the LP takes that day whole and leaves the cycle fractional."""
    spec = odd_cycle(priorities)
    spec.zones.append(zone("Z4", priority=1, demand=1))
    spec.sites.append(site("S4", "Z4", days="Wed"))
    spec.doctors.append(doctor("D", "", max_days=1, max_km=60))
    spec.available["D"] = [1]
    assert spec.distances is not None
    spec.distances += [
        {"from_id": "D", "to_id": s, "km": 10.0 if s == "S4" else 500.0} for s in ("S1", "S2", "S3", "S4")
    ]
    spec.distances += [{"from_id": d, "to_id": "S4", "km": 500.0} for d in ("A", "B", "C")]
    return spec


def twin_volunteers() -> Spec:
    """One seat (Z1's site, capacity 1, on Wednesday) and two volunteers alike who both
    reach it: two optimal plannings, and every point between them an LP optimum."""
    doctors = [doctor("T1", max_days=1, max_km=60), doctor("T2", max_days=1, max_km=60)]
    return Spec([zone("Z1", demand=1)], [site("S1", "Z1", days="Wed")], doctors, {"T1": [1], "T2": [1]})


def km_odd_cycle(far_km: float = 78.0) -> Spec:
    """The 5-cycle month with a fourth volunteer E, who alone covers Z3 but from `far_km`.

    Coverage 3 needs E (A and C share the practice's last free seat on day 1): the best
    planning is A -> S1, B -> S2, E -> S3 (10 + 30 + 78 = 118 km), while the km LP at
    coverage 3 takes the cycle at 1/2 and E at 1/2 (75 + 39 = 114 km)."""
    spec = odd_cycle()
    spec.doctors.append(doctor("E", "", max_days=1, max_km=far_km + 1))
    spec.available["E"] = [1]
    spec.distances.extend(
        {"from_id": "E", "to_id": s, "km": far_km if s == "S3" else 500.0} for s in ("S1", "S2", "S3")
    )
    return spec
