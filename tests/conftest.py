"""Shared fixtures: a stress-size generated month (too large to finish in a few seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roster.scenarios.generator import GeneratorSpec, generate
from roster.scenarios.writer import write_scenario


@pytest.fixture(scope="session")
def stress_month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """151 zones, 10,000 volunteers: a solve takes well over 10 s on any machine."""
    folder = tmp_path_factory.mktemp("stress") / "month"
    spec = GeneratorSpec(region="all", zones=151, doctors=10000, practices=4000, replacements=1000, seed=11)
    write_scenario(folder, generate(spec))
    return folder
