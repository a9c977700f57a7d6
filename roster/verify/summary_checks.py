"""summary.json against the contract and the recomputation (part of `check_reported_figures`).

One function, `check_summary`, holds every check of summary.json so that later ones
(costs, budget, wishes) join it in one place.
"""

from __future__ import annotations

import math
from collections.abc import Sized

from roster.models import Scenario
from roster.verify.planning_files import PlanningFiles

STATUSES = ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "EDITED")
# The contract's fields (docs/scenario-format.md, summary.json) and the JSON type each holds.
NUMBER, OPTIONAL_NUMBER, INTEGER, TEXT = "a number", "a number or null", "a whole number", "text"
REQUIRED_FIELDS = {
    "status": TEXT,
    "objective": OPTIONAL_NUMBER,
    "best_bound": OPTIONAL_NUMBER,
    "wall_time_s": NUMBER,
    "coverage_score": NUMBER,
    "total_km": NUMBER,
    "doctor_days": INTEGER,
    "indemnity_eur": NUMBER,
    "travel_eur": NUMBER,
}
EUR_TOLERANCE = 0.01  # figures are written rounded to the cent


def _has_type(value: object, kind: str) -> bool:
    if isinstance(value, bool):
        return False
    if kind == TEXT:
        return isinstance(value, str)
    if kind == INTEGER:
        return isinstance(value, int)
    if kind == OPTIONAL_NUMBER and value is None:
        return True
    return isinstance(value, int | float) and math.isfinite(value)


def _close(got: object, want: float, tolerance: float) -> bool:
    return _has_type(got, NUMBER) and math.isclose(float(got), want, rel_tol=1e-9, abs_tol=tolerance)  # type: ignore[arg-type]


def check_summary(
    scenario: Scenario,
    files: PlanningFiles,
    missions: Sized,
    covers: Sized,
    total_km: float,
    violations: list[str],
) -> None:
    """Required fields with their types, an allowed status, no rows when INFEASIBLE, and
    indemnity_eur, travel_eur, locum_days equal to their recomputation."""
    s = files.summary
    for key, kind in REQUIRED_FIELDS.items():
        if key not in s:
            violations.append(f"summary.json: required field '{key}' is missing ({kind})")
        elif not _has_type(s[key], kind):
            violations.append(f"summary.json: '{key}' must be {kind}, got {s[key]!r}")
    status = s.get("status")
    if isinstance(status, str) and status not in STATUSES:
        violations.append(f"summary.json: status {status!r} is not one of {', '.join(STATUSES)}")
    if status == "INFEASIBLE" and (len(missions) or len(covers)):
        violations.append(
            f"summary.json: status INFEASIBLE but the planning has {len(missions)} mission(s) "
            f"and {len(covers)} locum day(s)"
        )
    settings = scenario.settings
    indemnity = len(missions) * settings.daily_indemnity_eur
    if "indemnity_eur" in s and not _close(s["indemnity_eur"], indemnity, EUR_TOLERANCE):
        violations.append(
            f"summary.json: indemnity_eur is {s['indemnity_eur']!r}, recomputed {indemnity:.2f}"
        )
    ways = 2 if settings.round_trip else 1  # scenario.toml round_trip: travel reimbursed both ways
    travel = ways * total_km * settings.km_rate_eur
    slack = EUR_TOLERANCE + ways * 1e-3 * len(missions) * settings.km_rate_eur  # km are written to 1e-6
    if "travel_eur" in s and not _close(s["travel_eur"], travel, slack):
        violations.append(f"summary.json: travel_eur is {s['travel_eur']!r}, recomputed {travel:.2f}")
    if "locum_days" in s and s["locum_days"] != len(covers):
        violations.append(f"summary.json: locum_days is {s['locum_days']!r}, the planning has {len(covers)}")
