"""rich tables of a planning: coverage per zone and the KPIs."""

from __future__ import annotations

from collections import Counter

from rich.table import Table

from roster.models import Planning, Scenario, SolveSummary
from roster.whatif.policy_kpis import policy_kpi_rows


def coverage_table(scenario: Scenario, planning: Planning) -> Table:
    """Demand, assigned days and shortfall per zone, highest priority first."""
    days = Counter(a.zone_id for a in planning.assignments)
    table = Table(title="Coverage per zone", title_justify="left")
    for column, justify in (
        ("zone", "left"),
        ("name", "left"),
        ("dept", "left"),
        ("priority", "right"),
        ("demand", "right"),
        ("assigned", "right"),
        ("shortfall", "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for z in sorted(scenario.zones, key=lambda z: (-z.priority, z.zone_id)):
        got = days[z.zone_id]
        short = max(0, z.demand_days - got)
        style = "red" if got == 0 and z.demand_days else ("yellow" if short else "green")
        table.add_row(
            z.zone_id,
            z.name,
            z.department,
            f"{z.priority:g}",
            str(z.demand_days),
            str(got),
            f"[{style}]{short}[/]",
        )
    return table


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


def kpi_table(s: SolveSummary) -> Table:
    table = Table(title=f"{s.scenario} {s.month}", title_justify="left", show_header=False)
    table.add_column("KPI")
    table.add_column("value", justify="right")
    for label, value in kpi_rows(s):
        table.add_row(label, value)
    return table
