"""KPI rows of the costs, budget and stays (terminal table and HTML report share them)."""

from __future__ import annotations

from roster.models import SolveSummary


def policy_kpi_rows(s: SolveSummary) -> list[tuple[str, str]]:
    """Locum and lodging EUR, the total; the budget and stays when the scenario has them."""
    parts = s.indemnity_eur + s.travel_eur + s.locum_eur + s.lodging_eur
    total = s.total_eur or round(parts, 2)  # a summary written before total_eur
    rows = [
        ("Locum EUR", f"{s.locum_eur:,.2f}"),
        ("Lodging", f"{s.lodging_nights} nights, {s.lodging_eur:,.2f} EUR"),
        ("Total EUR", f"{total:,.2f}"),
    ]
    if s.budget_eur is not None:
        used = f" ({100 * total / s.budget_eur:.1f}% used)" if s.budget_eur > 0 else ""
        rows.append(("Budget EUR", f"{s.budget_eur:,.2f}{used}"))
    if s.stays:
        rows.append(("Stays", str(s.stays)))
    return rows
