"""The solve's key figures, from the planning's summary."""

from __future__ import annotations

from html import escape

from roster.models import SolveSummary


def kpi_items(s: SolveSummary) -> list[tuple[str, str]]:
    """(label, value) pairs in display order."""
    return [
        ("Status", s.status + (" (interrupted)" if s.interrupted else "")),
        ("Coverage score", f"{s.coverage_score:.4f}"),
        ("Best bound", "-" if s.best_bound is None else f"{s.best_bound:.4f}"),
        ("Gap", "-" if s.gap is None else f"{100 * s.gap:.2f}%"),
        ("Zones reached", f"{s.zones_reached} / {s.zones_total}"),
        ("Doctor-days", f"{s.doctor_days} of {s.demand_days} wanted"),
        ("Shortfall days", str(s.shortfall_days)),
        ("Locum days", str(s.locum_days)),
        ("Km (one-way)", f"{s.total_km:,.1f}"),
        ("Indemnity EUR", f"{s.indemnity_eur:,.0f}"),
        ("Travel EUR", f"{s.travel_eur:,.2f}"),
        ("Solve time", f"{s.wall_time_s:.2f} s"),
    ]


def kpi_section(s: SolveSummary) -> str:
    """KPI cards; the status card is coloured by how good the status is."""
    cards = []
    for label, value in kpi_items(s):
        extra = f" status-{s.status.lower()}" if label == "Status" else ""
        cards.append(
            f'<div class="kpi{extra}"><div class="label">{escape(label)}</div>'
            f'<div class="value">{escape(value)}</div></div>'
        )
    return '<section id="kpis"><h2>Key figures</h2><div class="kpis">' + "".join(cards) + "</div></section>"
