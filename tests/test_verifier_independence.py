"""The verifier must not share code with the solver: no import of roster.solvers."""

from __future__ import annotations

import ast
from pathlib import Path

VERIFY = Path(__file__).resolve().parents[1] / "roster" / "verify"


def test_the_verifier_imports_nothing_from_the_solver() -> None:
    imported = set()
    for path in VERIFY.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert imported, "the verifier's imports were not read"
    assert not [name for name in imported if name.startswith(("roster.solvers", "roster.baselines"))]
