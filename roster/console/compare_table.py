"""`roster compare`'s table: KPIs as rows, inputs as columns, differences to the first in colour."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from roster.whatif.compare import CompareInput
from roster.whatif.kpis import KPIS, Kpi, KpiValue, delta, kpi_values


def _cell(kpi: Kpi, values: dict[str, KpiValue], reference: dict[str, KpiValue] | None) -> str:
    text = kpi.show(values[kpi.key])
    if kpi.key == "zones_reached" and values["zones_total"] is not None:
        text += f"/{values['zones_total']}"
    if reference is None:
        return text
    diff = delta(values[kpi.key], reference[kpi.key])
    if diff is None:
        return text
    better = kpi.is_better(diff)
    style = "dim" if better is None else ("green" if better else "red")
    return f"{text} [{style}]({kpi.show_delta(diff)})[/]"


def compare_table(inputs: Sequence[CompareInput]) -> Table:
    """Rows = KPIs, columns = inputs; every cell after the first shows its difference to the first
    (green when better, red when worse)."""
    table = Table(title="Compare (differences to the first column)", title_justify="left")
    table.add_column("KPI")
    for i in inputs:
        table.add_column(Text(i.label), justify="right", overflow="fold")
    values = [kpi_values(i.summary) for i in inputs if i.summary is not None]
    for kpi in KPIS:
        table.add_row(
            kpi.label, *(_cell(kpi, v, None if n == 0 else values[0]) for n, v in enumerate(values))
        )
    return table
