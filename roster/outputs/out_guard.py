"""Refuse an output folder that would overwrite, or be mixed with, the scenario it is made from."""

from __future__ import annotations

from pathlib import Path


def out_overlaps_scenario(out_dir: Path, scenario: Path) -> str | None:
    """Why `out_dir` cannot receive outputs of `scenario` (equal to it, inside it or
    containing it, links followed), or None."""
    out, source = out_dir.resolve(), scenario.resolve()
    if out == source:
        return f"--out {out_dir} is the scenario folder itself; choose another folder"
    if source in out.parents:
        return f"--out {out_dir} is inside the scenario folder {scenario}; choose a folder outside it"
    if out in source.parents:
        return f"--out {out_dir} contains the scenario folder {scenario}; choose a folder beside it"
    return None
