"""What the verifier found: the violations and the KPIs it recomputed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Verdict:
    """Violations found and the recomputed KPIs."""

    violations: list[str] = field(default_factory=list)
    coverage_score: float = 0.0
    total_km: float = 0.0
    doctor_days: int = 0
    locum_days: int = 0
    assigned_days: dict[str, int] = field(default_factory=dict)
    wish_score: int | None = None  # with wishes.csv: the sum of matched wish weights
    continued: dict[int, int] = field(default_factory=dict)  # stay day's line -> previous day's line
    stays: int = 0  # stays of 2 or more days
    stay_nights: int = 0
    lodging_nights: int = 0
    total_eur: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.violations
