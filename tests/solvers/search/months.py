"""Tiny months for the phases' tests, each made to send a phase down one path."""

from __future__ import annotations

from fractional_fixtures import CYCLE, odd_cycle
from months import far_lodging_month
from scenario_builder import Spec, doctor, practice, site, zone


def easy_month() -> Spec:
    """Two zones; D2 reaches only S2, D1 everything: the LP is integral."""
    zones = [zone("Z1", priority=3, demand=1), zone("Z2", priority=2, demand=1)]
    sites = [site("S1", "Z1", lon=0.1), site("S2", "Z2", lon=0.2), site("S3", "Z2", lon=0.05)]
    doctors = [doctor("D1", max_days=1), doctor("D2", lon=0.2, max_days=1, max_km=10)]
    return Spec(zones, sites, doctors, {"D1": [1, 2], "D2": [2]})


def far_stay_month(**policy: object) -> Spec:
    """`far_lodging_month` with stays of up to 3 days."""
    return far_lodging_month(max_stay_days=3, **policy)


def budget_month(budget_eur: float = 450.0) -> Spec:
    """Three zones a day each, three doctors at 200 EUR a day: the budget pays two days
    and a bit, so the coverage LP spends the rest on a fraction of a third day."""
    zones = [
        zone("Z1", priority=3, demand=1),
        zone("Z2", priority=2, demand=1),
        zone("Z3", priority=1, demand=1),
    ]
    sites = [site("S1", "Z1", lon=0.1), site("S2", "Z2", lon=0.2), site("S3", "Z3", lon=0.3)]
    doctors = [doctor("D1", lon=0.1), doctor("D2", lon=0.2), doctor("D3", lon=0.3)]
    return Spec(zones, sites, doctors, {"D1": [1], "D2": [1], "D3": [1]}, settings={"budget_eur": budget_eur})


def two_sites_month() -> Spec:
    """One zone wanting two days, a near site S1 and a far one S2 (capacity 1 each), and
    two doctors free on day 1: any planning sends one doctor to each, km decides who."""
    zones = [zone("Z1", demand=2)]
    sites = [site("S1", "Z1", lon=0.05), site("S2", "Z1", lon=0.3)]
    doctors = [doctor("D1"), doctor("D2", lon=0.3)]
    return Spec(zones, sites, doctors, {"D1": [1], "D2": [1]})


def shared_practice_month() -> Spec:
    """Two volunteers of one practice that needs one of them on Wednesday, a locum who
    can keep it open, and a zone wanting two days that day."""
    zones = [zone("Z1", demand=2)]
    sites = [site("S1", "Z1", capacity=2, days="Wed")]
    doctors = [doctor("A", "P", max_days=1), doctor("B", "P", max_days=1)]
    return Spec(zones, sites, doctors, {"A": [1], "B": [1], "L": [1]},
                practices=[practice("P", min_present=1, other=0)],
                locums=[{"replacement_id": "L", "name": "L", "latitude": 43.6, "longitude": 0.0,
                         "max_days": 1, "max_km": 50}])  # fmt: skip


def wished_cycle(a_weight: int = 2) -> Spec:
    """The five-cycle month (`fractional_fixtures.odd_cycle`, equal priorities: the best
    plannings cover two zones with two of the five options), each option wished with
    weight 2 (A at S1 with `a_weight`): the wish LP takes every option at 1/2."""
    spec = odd_cycle()
    spec.wishes = [{"doctor_id": d, "site_id": s, "weight": a_weight if (d, s) == ("A", "S1") else 2}
                   for d, s, _ in CYCLE]  # fmt: skip
    return spec
