"""rich tables of a planning: coverage per zone and the KPIs."""

from __future__ import annotations

from collections import Counter

from rich.table import Table

from roster.models import Planning, Scenario, SolveSummary
from roster.report.kpi_rows import kpi_rows


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


def kpi_table(s: SolveSummary) -> Table:
    table = Table(title=f"{s.scenario} {s.month}", title_justify="left", show_header=False)
    table.add_column("KPI")
    table.add_column("value", justify="right")
    for label, value in kpi_rows(s):
        table.add_row(label, value)
    return table
