"""Helpers of the application-service tests."""

from __future__ import annotations

from pathlib import Path

from roster.solvers import SolveOptions

OPTIONS = SolveOptions(time_limit_s=30, workers=1, seed=0)  # one worker: a deterministic search


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (to check that nothing was written)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a file in place; fails if `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
