"""The KPIs a what-if compares: values from a solve summary, display and better direction."""

from __future__ import annotations

import math
from dataclasses import dataclass

from roster.models import SolveSummary

KpiValue = float | int | str | None


@dataclass(frozen=True)
class Kpi:
    """One compared figure; `higher_is_better` is None for text (the status)."""

    key: str
    label: str
    higher_is_better: bool | None
    fmt: str = ""  # format spec of the value, e.g. ",.1f"
    scale: float = 1.0  # shown value = value x scale (the gap as a percentage)
    suffix: str = ""
    delta_suffix: str = ""

    @property
    def numeric(self) -> bool:
        return self.higher_is_better is not None

    def show(self, value: KpiValue) -> str:
        if value is None:
            return "-"
        if not self.numeric:
            return str(value)
        return format(float(value) * self.scale if self.scale != 1.0 else value, self.fmt) + self.suffix

    def show_delta(self, delta: float) -> str:
        """`+3.20`, `-1`, or `±0` when the difference does not show at this precision."""
        text = format(delta * self.scale if self.scale != 1.0 else delta, "+" + self.fmt)
        if not text.strip("+-0.,"):
            return "±0"
        return text + self.delta_suffix

    def is_better(self, delta: float) -> bool | None:
        """True if a positive `delta` (this minus the reference) is an improvement."""
        if not self.numeric or math.isclose(delta, 0.0, abs_tol=1e-9):
            return None
        return (delta > 0) == self.higher_is_better


# Display order of `roster compare` (rows) and of the sweep's CSV columns.
KPIS: tuple[Kpi, ...] = (
    Kpi("zones_reached", "zones reached", True, "d"),
    Kpi("coverage_score", "coverage score", True, ",.2f"),
    Kpi("shortfall_days", "shortfall days", False, "d"),
    Kpi("doctor_days", "doctor-days", True, "d"),
    Kpi("locum_days", "locum days", False, "d"),
    Kpi("wish_score", "wish score", True, "d"),  # wishes.csv only (else empty)
    Kpi("total_km", "km", False, ",.1f"),
    Kpi("indemnity_eur", "indemnity EUR", False, ",.0f"),
    Kpi("travel_eur", "travel EUR", False, ",.2f"),
    Kpi("locum_eur", "locum EUR", False, ",.2f"),
    Kpi("lodging_nights", "lodging nights", False, "d"),
    Kpi("lodging_eur", "lodging EUR", False, ",.2f"),
    Kpi("total_eur", "total EUR", False, ",.2f"),
    Kpi("status", "status", None),
    Kpi("gap", "gap", False, ".2f", scale=100.0, suffix="%", delta_suffix=" pp"),
    Kpi("wall_time_s", "time", False, ".2f", suffix=" s"),
)
KPI_BY_KEY = {k.key: k for k in KPIS}
SORTABLE = tuple(k.key for k in KPIS if k.numeric)


def kpi_values(summary: SolveSummary) -> dict[str, KpiValue]:
    """Every KPI of `KPIS` (plus `zones_total` and `best_bound`) from a solve summary."""
    status = summary.status + (" (interrupted)" if summary.interrupted else "")
    return {
        "zones_reached": summary.zones_reached,
        "zones_total": summary.zones_total,
        "coverage_score": summary.coverage_score,
        "best_bound": summary.best_bound,
        "shortfall_days": summary.shortfall_days,
        "doctor_days": summary.doctor_days,
        "locum_days": summary.locum_days,
        "wish_score": summary.wish_score,
        "total_km": summary.total_km,
        "indemnity_eur": summary.indemnity_eur,
        "travel_eur": summary.travel_eur,
        "locum_eur": summary.locum_eur,
        "lodging_nights": summary.lodging_nights,
        "lodging_eur": summary.lodging_eur,
        "total_eur": total_eur(summary),
        "status": status,
        "gap": summary.gap,
        "wall_time_s": summary.wall_time_s,
    }


def total_eur(summary: SolveSummary) -> float:
    """The month's total cost; summed from its parts for a summary written before total_eur."""
    parts = summary.indemnity_eur + summary.travel_eur + summary.locum_eur + summary.lodging_eur
    return summary.total_eur or round(parts, 2)


def delta(value: KpiValue, reference: KpiValue) -> float | None:
    """value - reference for two numbers (floats rounded to 9 decimals), else None."""
    if isinstance(value, int) and isinstance(reference, int):
        return value - reference
    if isinstance(value, int | float) and isinstance(reference, int | float):
        return round(value - reference, 9)
    return None


def sort_descending(key: str) -> bool:
    """Coverage-like KPIs (higher is better) sort best first, i.e. descending; km, EUR... ascending."""
    return bool(KPI_BY_KEY[key].higher_is_better)
