"""`roster compare`: the KPIs of several plannings side by side, with differences to the first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from roster.models import Scenario, SolveSummary
from roster.outputs.planning_folder import is_planning_folder, load_planning
from roster.scenarios import ScenarioError, load_scenario
from roster.scenarios.errors import Issue
from roster.whatif.kpis import KPIS, delta, kpi_values


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
