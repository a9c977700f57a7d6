"""The solve's key figures, from the planning's summary."""

from __future__ import annotations

from html import escape

from roster.console.tables import kpi_rows
from roster.models import SolveSummary


def kpi_items(s: SolveSummary) -> list[tuple[str, str]]:
    """(label, value) pairs in display order: the same figures as the terminal's KPI table."""
    return kpi_rows(s)


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
