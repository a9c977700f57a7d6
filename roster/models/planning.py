"""What a solve produces: mission days, locum days and the solve summary."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "EDITED"]  # EDITED: `roster refresh`


class Assignment(BaseModel):
    """One mission day: a volunteer consults at a site on a date."""

    model_config = ConfigDict(frozen=True)

    date: dt.date
    doctor_id: str
    site_id: str
    zone_id: str
    km: float


class LocumDay(BaseModel):
    """One locum day: a replacement keeps a home practice open on a date."""

    model_config = ConfigDict(frozen=True)

    date: dt.date
    replacement_id: str
    practice_id: str
    km: float


class SolveSummary(BaseModel):
    """summary.json: the contract's fields first, then roster's extensions."""

    status: Status
    objective: float | None = Field(description="coverage score of the planning written")
    best_bound: float | None = Field(description="proven upper bound on the coverage score")
    wall_time_s: float
    coverage_score: float
    total_km: float
    doctor_days: int
    indemnity_eur: float
    travel_eur: float
    # Extensions (optional in the contract).
    scenario: str = ""
    month: str = ""
    gap: float | None = Field(default=None, description="relative coverage gap (bound-score)/bound")
    km_status: Status | None = None
    km_bound: float | None = None
    mission_km: float = 0.0
    locum_km: float = 0.0
    locum_days: int = 0
    zones_total: int = 0
    zones_reached: int = 0
    demand_days: int = 0
    shortfall_days: int = 0
    interrupted: bool = False
    coverage_exact_scaling: bool = True
    coverage_scale: int = 0
    solver: str = ""
    workers: int = 0
    seed: int = 0
    time_limit_s: float = 0.0
    message: str = ""
    changes: int | None = Field(default=None, description="re-planning: assignments removed + added")
    wish_score: int | None = Field(default=None, description="wishes.csv: sum of matched wish weights")
    wish_bound: int | None = Field(default=None, description="wishes.csv: proven upper bound on wish_score")
    locum_eur: float = Field(default=0.0, description="locum days x locum_daily_eur")
    lodging_nights: int = Field(default=0, description="nights paid: missions beyond day_trip_max_km, stays")
    lodging_eur: float = Field(default=0.0, description="lodging_nights x lodging_night_eur")
    total_eur: float = Field(default=0.0, description="indemnity + travel + locum + lodging")
    budget_eur: float | None = Field(default=None, description="scenario.toml budget_eur, if set")
    stays: int = Field(default=0, description="stays of 2 or more consecutive days at one site")
    proof: dict[str, str] = Field(default_factory=dict, description="what proved coverage / km optimal")
    conflicts: list[str] = Field(default_factory=list, description="INFEASIBLE: requirements in conflict")
    phases: list[dict[str, object]] = Field(default_factory=list)


class Planning(BaseModel):
    """A month's planning: assignments, locum days and how they were obtained."""

    model_config = ConfigDict(frozen=True)

    assignments: tuple[Assignment, ...]
    locum_days: tuple[LocumDay, ...]
    summary: SolveSummary
