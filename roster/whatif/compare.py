"""`roster compare`: the KPIs of several plannings side by side, with differences to the first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rich.table import Table
from rich.text import Text

from roster.models import Scenario, SolveSummary
from roster.outputs.planning_folder import is_planning_folder, load_planning
from roster.scenarios import ScenarioError, load_scenario
from roster.scenarios.errors import Issue
from roster.whatif.kpis import KPIS, Kpi, KpiValue, delta, kpi_values


@dataclass(frozen=True)
class CompareInput:
    """One column of the comparison: a planning read from disk, or a scenario to solve."""

    label: str
    path: Path
    summary: SolveSummary | None = None  # set for a planning folder, or once solved
    scenario: Scenario | None = None

    @property
    def kind(self) -> str:
        return "scenario" if self.scenario is not None else "planning"


def read_inputs(paths: Sequence[Path]) -> list[CompareInput]:
    """Read every planning folder and load every scenario; ScenarioError lists every problem
    of every input at once (nothing is solved before all inputs are known to be good)."""
    issues: list[Issue] = []
    total = 0
    inputs: list[CompareInput] = []
    for path in paths:
        try:
            if is_planning_folder(path):
                inputs.append(CompareInput(str(path), path, summary=load_planning(path).summary))
            else:
                inputs.append(CompareInput(str(path), path, scenario=load_scenario(path)))
        except ScenarioError as exc:
            issues.extend(exc.issues)
            total += exc.total
    if issues:
        raise ScenarioError(issues, total)
    return inputs


def solve_inputs(
    inputs: Sequence[CompareInput], solve: Callable[[CompareInput], SolveSummary]
) -> list[CompareInput]:
    """Every input with its summary (scenarios solved with `solve`, in order)."""
    return [
        i if i.summary is not None else CompareInput(i.label, i.path, solve(i), i.scenario) for i in inputs
    ]


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


def compare_frame(inputs: Sequence[CompareInput]) -> pd.DataFrame:
    """The CSV: one row per input (`input`, `kind`), then each KPI followed, for numeric ones,
    by `<kpi>_delta` = this input minus the first (0 on the first row; empty if unknown)."""
    values = [kpi_values(i.summary) for i in inputs if i.summary is not None]
    rows = []
    for i, v in zip(inputs, values, strict=True):
        row: dict[str, object] = {"input": i.label, "kind": i.kind}
        for kpi in KPIS:
            row[kpi.key] = v[kpi.key]
            if kpi.numeric:
                row[f"{kpi.key}_delta"] = delta(v[kpi.key], values[0][kpi.key])
            if kpi.key == "zones_reached":
                row["zones_total"] = v["zones_total"]
        rows.append(row)
    return pd.DataFrame(rows)
