"""The scenario a planning was solved from, as files under `scenario/` of its folder.

`replan`, `sweep` and the web app write it so that a planning can be verified later
without the original scenario at hand.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from roster.models import Scenario
from roster.scenarios.scenario_files import scenario_files
from roster.scenarios.writer import settings_toml


def scenario_snapshot(scenario: Scenario) -> dict[str, bytes]:
    """`scenario/<file>` written from the model (a changed availability, a variant...)."""
    return {f"scenario/{name}": content for name, content in scenario_files(scenario).items()}


def source_snapshot(
    source: Path, scenario: Scenario, overrides: Mapping[str, Any], rebuilt: bool
) -> dict[str, bytes]:
    """`scenario/<file>` of the scenario as solved.

    A scenario folder is copied as it is (scenario.toml rewritten with the overrides),
    so optional files and settings survive; a workbook or a changed availability
    (`rebuilt`) is written from the model."""
    files: dict[str, bytes] = {}
    if source.is_dir() and not rebuilt:
        for path in sorted(source.iterdir()):
            if path.is_file() and not path.is_symlink():
                files[path.name] = path.read_bytes()
        if overrides:
            try:
                settings = tomllib.loads(files["scenario.toml"].decode("utf-8"))
                settings.update(overrides)
                files["scenario.toml"] = settings_toml(settings).encode("utf-8")
            except (KeyError, ValueError, TypeError):
                files = scenario_files(scenario)
    else:
        files = scenario_files(scenario)
    return {f"scenario/{name}": content for name, content in files.items()}
