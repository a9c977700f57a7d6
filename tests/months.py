"""Small months several test files share."""

from __future__ import annotations

from scenario_builder import Spec, doctor, site, zone


def far_lodging_month(**policy: object) -> Spec:
    """One zone wanting 5 days at a lodging site 120 km from one doctor (open every day),
    with a cap of 2 days a month; `policy`: more settings (stays, budget)."""
    return Spec(
        zones=[zone("Z", demand=5)],
        sites=[site("S", "Z", lodging=1)],
        doctors=[doctor("D", max_days=5, max_km=200)],
        available={"D": [6, 7, 8, 9, 10]},
        distances=[{"from_id": "D", "to_id": "S", "km": 120}],
        settings={"max_days_per_doctor": 2, "lodging_night_eur": 50, **policy},
    )


def wish_month() -> Spec:
    """Three doctors, three sites in two zones, wishes that pull against km."""
    return Spec(
        zones=[zone("Z1", demand=2), zone("Z2", demand=1, priority=2)],
        sites=[site("S1", "Z1", capacity=2), site("S2", "Z2", lon=0.1), site("S3", "Z1", lon=0.2)],
        doctors=[doctor("D1"), doctor("D2", lon=0.1), doctor("D3", lon=0.2)],
        available={"D1": [6, 7], "D2": [6, 7], "D3": [6]},
        wishes=[
            {"doctor_id": "D1", "site_id": "S3", "weight": 4},
            {"doctor_id": "D2", "zone_id": "Z1", "weekday": "Tue", "weight": 2},
            {"doctor_id": "D3", "site_id": "S2", "weight": 3},
            {"doctor_id": "D3", "date": "2025-10-06", "weight": -1},
        ],
    )
