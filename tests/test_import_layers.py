"""The package's layers import downwards only: no cycle, no roster import hidden in a function.

files and models -> scenarios -> solvers -> app -> commands / web. `roster.solvers` (and
`roster.explain.reasons`, which reads solver internals) are left out of these checks.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROSTER = Path(__file__).resolve().parents[1] / "roster"
EXEMPT = ("roster.solvers", "roster.explain.reasons")
FRONT_ENDS = ("roster.cli", "roster.commands", "roster.console", "roster.web")
FRONT_END_LIBRARIES = ("typer", "rich", "fastapi", "starlette", "uvicorn")
LOWER = ("roster.models", "roster.scenarios", "roster.outputs", "roster.verify", "roster.export",
         "roster.report", "roster.whatif", "roster.explain", "roster.signups", "roster.i18n")  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(ROSTER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, bool]]:
    """(module imported, indented) for every import statement of the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [(name, node.col_offset > 0) for name in names]
    return found


MODULES = {module_name(p): imports(p) for p in ROSTER.rglob("*.py")}


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def roster_edges(name: str) -> set[str]:
    """The roster modules `name` imports (a name that is not a module counts as its module)."""
    edges = set()
    for target, _ in MODULES[name]:
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        if target and target != name and target.startswith("roster"):
            edges.add(target)
    return edges


def test_roster_modules_are_imported_at_the_top() -> None:
    indented = [
        (name, target)
        for name, found in MODULES.items()
        if not within(name, EXEMPT)
        for target, nested in found
        if nested and target.startswith("roster")
    ]
    assert indented == []


def test_the_services_use_no_front_end() -> None:
    banned = (*FRONT_END_LIBRARIES, *FRONT_ENDS)
    used = {
        (name, target)
        for name, found in MODULES.items()
        if within(name, ("roster.app",))
        for target, _ in found
        if within(target, banned)
    }
    assert used == set()


def test_loading_every_service_loads_no_front_end_library() -> None:
    services = sorted(n for n in MODULES if within(n, ("roster.app",)))
    code = f"import sys\nfor m in {services!r}: __import__(m)\n" + (
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FRONT_END_LIBRARIES!r}))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert len(services) > 10 and run.stdout.strip() == "[]"


def test_lower_layers_import_neither_the_services_nor_the_front_ends() -> None:
    upward = {
        (name, target)
        for name, found in MODULES.items()
        if within(name, LOWER)
        for target in {t for t, _ in found} | roster_edges(name)
        if within(target, ("roster.app", *FRONT_ENDS, *FRONT_END_LIBRARIES))
    }
    assert upward == set()


def test_nothing_imports_the_cli_and_the_web_app_imports_no_command() -> None:
    assert {n for n in MODULES if "roster.cli" in roster_edges(n)} == set()
    web = [n for n in MODULES if within(n, ("roster.web",))]
    assert {
        (n, t) for n in web for t in roster_edges(n) if within(t, ("roster.commands", "roster.console"))
    } == set()


def test_there_is_no_import_cycle_outside_the_solver() -> None:
    graph = {
        n: {t for t in roster_edges(n) if not within(t, EXEMPT)} for n in MODULES if not within(n, EXEMPT)
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []
