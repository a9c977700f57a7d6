"""`signups`: a sign-up form export merged into a scenario's doctors, availability and wishes."""

from __future__ import annotations

from pathlib import Path

from roster.app.errors import BadInput
from roster.scenarios import ScenarioError
from roster.signups import ImportSummary, import_signups


def import_signup_export(export: Path, into: Path, mapping: Path | None = None) -> ImportSummary:
    """Import the export into the scenario at `into` (folder or workbook); `BadInput` lists every
    problem of the scenario, the mapping or the export, and nothing is written."""
    try:
        return import_signups(export, into, mapping)
    except ScenarioError as exc:
        raise BadInput.of(exc, "sign-up import") from exc
