"""Scenario folders: reading, validation and generation."""

from roster.scenarios.errors import Issue, ScenarioError
from roster.scenarios.loader import load_scenario

__all__ = ["Issue", "ScenarioError", "load_scenario"]
