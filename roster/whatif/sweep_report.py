"""A sweep's results: one row per variant, sorted by a KPI, as sweep.csv (table: `console.sweep_table`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from roster.models import SolveSummary
from roster.whatif.grid import Axis, Variant
from roster.whatif.kpis import KPIS, KpiValue, kpi_values, sort_descending

SWEEP_CSV = "sweep.csv"


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
