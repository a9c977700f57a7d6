"""Write a scenario folder (deterministic bytes: same tables, same files)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from roster.outputs.atomic_folder import atomic_folder
from roster.scenarios.generator import GeneratedScenario

README_NAME = "README.md"


def toml_value(value: object) -> str:
    """A TOML literal for a str, bool, int, float or list of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return np.format_float_positional(float(value), trim="0")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def settings_toml(settings: dict[str, object]) -> str:
    return "".join(f"{key} = {toml_value(value)}\n" for key, value in settings.items())


def _cell(value: object) -> str:
    if isinstance(value, float | np.floating):
        return np.format_float_positional(float(value), trim="-")
    return str(value)


def table_csv(frame: pd.DataFrame) -> str:
    """CSV text with shortest exact float formatting and `\\n` line endings."""
    formatted = frame.copy()
    for column in formatted.columns:
        if formatted[column].dtype.kind == "f":
            formatted[column] = formatted[column].map(_cell)
    return formatted.to_csv(index=False, lineterminator="\n")


def write_scenario(
    folder: Path | str, scenario: GeneratedScenario, force: bool = False, keep_backup: bool = True
) -> None:
    """Write scenario.toml and the CSVs atomically.

    An existing non-empty folder (a scenario may have been edited by hand) is replaced
    only with `force`, and then kept as `<folder>.prev` unless `keep_backup` is False.
    """
    folder = Path(folder)
    empty = folder.is_dir() and not any(folder.iterdir())
    replaceable = force or not folder.exists() or empty
    with atomic_folder(folder, replaceable=replaceable, keep_backup=keep_backup and not empty) as temp:
        (temp / "scenario.toml").write_text(settings_toml(scenario.settings), encoding="utf-8")
        for name, frame in scenario.tables.items():
            (temp / name).write_text(table_csv(frame), encoding="utf-8")
        if scenario.readme:
            (temp / README_NAME).write_text(scenario.readme, encoding="utf-8")
