"""`roster sweep`'s table: the variants, best first, the sort column highlighted."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from roster.whatif.grid import Axis
from roster.whatif.kpis import KPI_BY_KEY, sort_descending
from roster.whatif.sweep_report import VariantOutcome

TABLE_KPIS = (
    "status",
    "coverage_score",
    "zones_reached",
    "shortfall_days",
    "doctor_days",
    "total_km",
    "total_eur",
    "wall_time_s",
)  # the rest (locum days, EUR split, gap, bound) is in sweep.csv


def sweep_table(axes: Sequence[Axis], outcomes: Sequence[VariantOutcome], sort_key: str) -> Table:
    """The variants in the given (sorted) order, the sort column highlighted."""
    order = "descending" if sort_descending(sort_key) else "ascending"
    table = Table(title=f"Sweep: {len(outcomes)} variants by {sort_key} ({order})", title_justify="left")
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    for axis in axes:
        table.add_column(axis.target.key, style="cyan", min_width=min(12, len(axis.target.key)))
    for key in TABLE_KPIS:
        kpi = KPI_BY_KEY[key]
        style = "bold" if key == sort_key else None
        table.add_column(kpi.label, justify="right" if kpi.numeric else "left", style=style, no_wrap=True)
    for rank, o in enumerate(outcomes, start=1):
        values = o.kpis()
        cells = [str(rank), *o.variant.values().values()]
        for key in TABLE_KPIS:
            text = KPI_BY_KEY[key].show(values[key])
            if key == "zones_reached" and values["zones_total"] is not None:
                text += f"/{values['zones_total']}"
            if key == "status":
                style = "green" if text == "OPTIMAL" else ("yellow" if text.startswith("FEASIBLE") else "red")
                text = f"[{style}]{text}[/]"
            cells.append(text)
        table.add_row(*cells)
    return table
