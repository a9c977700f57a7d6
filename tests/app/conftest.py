"""Fixtures of the application-service tests: the small golden month, solved once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from app_helpers import OPTIONS
from helpers_inputs import copy_golden

from roster.app.loading import open_scenario
from roster.app.solve import solve_month, write_planning


@pytest.fixture(scope="session")
def solved_month(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(scenario folder, planning folder) of occitanie-small; copy them before changing them."""
    root = tmp_path_factory.mktemp("app")
    scenario_dir = copy_golden("occitanie-small", root / "scenario")
    scenario = open_scenario(scenario_dir).scenario
    planning_dir = root / "planning"
    write_planning(planning_dir, solve_month(scenario, OPTIONS), scenario)
    return scenario_dir, planning_dir


@pytest.fixture
def month(solved_month: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the solved month, free to be changed."""
    scenario_dir, planning_dir = solved_month
    return (
        Path(shutil.copytree(scenario_dir, tmp_path / "scenario")),
        Path(shutil.copytree(planning_dir, tmp_path / "planning")),
    )
