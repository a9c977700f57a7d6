"""A sweep's results: one row per variant, sorted by a KPI, as a rich table and as sweep.csv."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from rich.table import Table

from roster.models import SolveSummary
from roster.whatif.grid import Axis, Variant
from roster.whatif.kpis import KPI_BY_KEY, KPIS, KpiValue, kpi_values, sort_descending

SWEEP_CSV = "sweep.csv"
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


@dataclass(frozen=True)
class VariantOutcome:
    """A solved (or failed) variant."""

    variant: Variant
    summary: SolveSummary | None
    error: str = ""

    def kpis(self) -> dict[str, KpiValue]:
        if self.summary is None:
            return {k.key: None for k in KPIS} | {"status": "ERROR", "zones_total": None, "best_bound": None}
        return kpi_values(self.summary)


def sorted_outcomes(outcomes: Sequence[VariantOutcome], key: str) -> list[VariantOutcome]:
    """Best first by `key` (descending for coverage-like KPIs, else ascending); missing last;
    ties keep grid order."""
    sign = -1.0 if sort_descending(key) else 1.0

    def rank(o: VariantOutcome) -> tuple[int, float, int]:
        value = o.kpis().get(key)
        if not isinstance(value, int | float) or math.isnan(value):
            return (1, 0.0, o.variant.index)
        return (0, sign * float(value), o.variant.index)

    return sorted(outcomes, key=rank)


def sweep_frame(axes: Sequence[Axis], outcomes: Sequence[VariantOutcome]) -> pd.DataFrame:
    """sweep.csv: `variant` (its folder), one column per --set key (the value as given
    canonically: `2`, `*1.5`, `+20`), then the KPIs, then `error`; rows in the given order."""
    rows = []
    for o in outcomes:
        values = o.kpis()
        row: dict[str, object] = {"variant": o.variant.slug}
        row.update(o.variant.values())
        row.update({k.key: values[k.key] for k in KPIS})
        row["zones_total"] = values["zones_total"]
        row["best_bound"] = values["best_bound"]
        row["error"] = o.error
        rows.append(row)
    columns = ["variant", *(a.target.key for a in axes), *(k.key for k in KPIS), "zones_total"]
    return pd.DataFrame(rows, columns=[*columns, "best_bound", "error"])


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
