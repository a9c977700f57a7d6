"""A solve summary's KPIs as (label, value) pairs: the terminal's table and the English report."""

from __future__ import annotations

from roster.models import SolveSummary
from roster.whatif.policy_kpis import policy_kpi_rows


def wish_kpi(s: SolveSummary) -> list[tuple[str, str]]:
    """With wishes.csv: the wish score, and its proven bound when the gap is open."""
    if s.wish_score is None:
        return []
    open_gap = s.wish_bound is not None and s.wish_bound != s.wish_score
    return [("Wish score", f"{s.wish_score:,}" + (f" (bound {s.wish_bound:,})" if open_gap else ""))]


def kpi_rows(s: SolveSummary) -> list[tuple[str, str]]:
    """The KPIs as (label, value) pairs, in display order (terminal tables and the HTML report)."""
    return [
        ("Status", s.status + (" (interrupted)" if s.interrupted else "")),
        ("Coverage score", f"{s.coverage_score:.4f}"),
        ("Best bound", "-" if s.best_bound is None else f"{s.best_bound:.4f}"),
        ("Gap", "-" if s.gap is None else f"{100 * s.gap:.2f}%"),
        ("Zones reached", f"{s.zones_reached} / {s.zones_total}"),
        ("Doctor-days", f"{s.doctor_days} of {s.demand_days} wanted"),
        ("Shortfall days", str(s.shortfall_days)),
        ("Locum days", str(s.locum_days)),
        *wish_kpi(s),
        ("Km (one-way)", f"{s.total_km:,.1f}"),
        ("Indemnity EUR", f"{s.indemnity_eur:,.0f}"),
        ("Travel EUR", f"{s.travel_eur:,.2f}"),
        *policy_kpi_rows(s),
        ("Solve time", f"{s.wall_time_s:.2f} s"),
    ]
