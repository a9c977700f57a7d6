"""`compare`: the KPIs of plannings (verified first) and solved scenarios, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from roster.app.errors import BadInput, InvalidOption, NoScenarioToVerify, OutputRefused
from roster.app.loading import open_scenario
from roster.app.verification import verify_or_refuse
from roster.models import SolveSummary
from roster.outputs.atomic_folder import OutputExistsError
from roster.outputs.safe_file import is_compare_csv
from roster.scenarios import ScenarioError
from roster.whatif.atomic_file import write_text_atomic
from roster.whatif.compare import CompareInput, compare_frame, read_inputs
from roster.whatif.kpis import KPIS, delta, kpi_values
from roster.whatif.spreadsheet import spreadsheet_csv

NOT_VERIFIED = " [NOT VERIFIED]"


def check_compare_csv(csv_file: Path | None, force: bool) -> None:
    """`--csv` must be a file name, new or an earlier comparison (unless `force`)."""
    if csv_file is None:
        return
    if csv_file.is_dir():
        raise InvalidOption(f"--csv {csv_file} is a folder; give a file name.")
    if csv_file.exists() and not (force or is_compare_csv(csv_file)):
        raise OutputRefused(
            f"--csv {csv_file} exists and is not a previous comparison; choose another file or add --force."
        )


def read_compare_inputs(paths: Sequence[Path]) -> list[CompareInput]:
    """Every planning read and every scenario loaded; `BadInput` lists the problems of all inputs."""
    try:
        return read_inputs(paths)
    except ScenarioError as exc:
        raise BadInput.of(exc, "inputs") from exc


def verify_input(
    item: CompareInput, scenario: Path | None, force: bool
) -> tuple[CompareInput, tuple[str, ...]]:
    """A planning input checked by the verifier against `scenario` or its own scenario/ folder
    (written by replan and sweep): (the input, labelled NOT VERIFIED when it is not, and the
    violations let through by `force`). Scenario inputs pass as they are."""
    if item.kind != "planning":
        return item, ()
    source = scenario if scenario is not None else item.path / "scenario"
    violations: tuple[str, ...] = ()
    if not (source.is_dir() or (source.is_file() and source.suffix.lower() == ".xlsx")):
        if not force:
            raise NoScenarioToVerify(
                f"{item.path}: no scenario to verify it against; give --scenario (or --force to compare "
                "it NOT VERIFIED)."
            )
        verified = False
    else:
        verified, violations = verify_or_refuse(open_scenario(source).scenario, item.path, force)
    if verified:
        return item, ()
    return CompareInput(f"{item.label}{NOT_VERIFIED}", item.path, item.summary, item.scenario), violations


def write_compare_csv(csv_file: Path, inputs: Sequence[CompareInput], force: bool) -> None:
    """The comparison as CSV, one row per input; `OutputRefused` if it cannot be written."""
    try:
        write_text_atomic(csv_file, spreadsheet_csv(compare_frame(inputs)), is_compare_csv, force)
    except OutputExistsError as exc:
        raise OutputRefused(str(exc)) from exc


def kpi_comparison(a: SolveSummary, b: SolveSummary) -> list[dict[str, Any]]:
    """One row per KPI: both values, b - a, their display and whether b is better."""
    values = [kpi_values(a), kpi_values(b)]
    rows = []
    for kpi in KPIS:
        va, vb = values[0][kpi.key], values[1][kpi.key]
        diff = delta(vb, va)
        rows.append({
            "key": kpi.key, "label": kpi.label, "a": va, "b": vb, "delta": diff,
            "a_text": kpi.show(va), "b_text": kpi.show(vb),
            "delta_text": kpi.show_delta(diff) if diff is not None else "",
            "better": kpi.is_better(diff) if diff is not None else None,
        })  # fmt: skip
    return rows
