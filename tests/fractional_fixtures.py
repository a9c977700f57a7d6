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
