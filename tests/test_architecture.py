"""The package's architecture: layers that import downwards, no import cycle, imports at the top.

Every import statement counts, also those inside functions and under `TYPE_CHECKING`.
The layers, lowest first (`LAYERS`): a module imports only modules of its own layer
or of lower ones. An import inside a function is kept for an optional dependency or
a start-up cost, and each one is listed by name in `INDENTED`.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROSTER = Path(__file__).resolve().parents[1] / "roster"
LAYERS: tuple[tuple[str, ...], ...] = (
    ("roster.models", "roster.i18n", "roster.data"),  # the domain, the languages, the bundled data
    (
        "roster.scenarios",
        "roster.outputs",
        "roster.verify",
        "roster.signups",
        "roster.baselines",
        "roster.rounds",
    ),  # files
    ("roster.solvers.control",),  # the solver: options, progress, stop switch
    ("roster.solvers.data",),  # problem data: arrays, domains, search space
    ("roster.solvers.model",),  # rows, rules, objectives, the frozen model, arcs
    ("roster.solvers.engines",),  # LPs, cuts, flows, CP-SAT
    ("roster.solvers.search",),  # state, apply, phases, pipeline
    ("roster.solvers",),  # summary, monthly: the composition
    # what plannings become
    ("roster.explain", "roster.export", "roster.report", "roster.whatif", "roster.publish"),
    ("roster.app",),  # the application services
    ("roster.console", "roster.commands", "roster.web"),  # the front ends
    ("roster.cli",),
)
# (module, what it imports inside a function): why
INDENTED = {
    ("roster.commands.serve", "roster.web"): "the web stack (0.35 s) loads for `roster serve` only",
    ("roster.whatif.runner", "dask.distributed"): "optional: the dask executor of `roster sweep`",
    ("roster.scenarios.workbook", "python_calamine"): "optional: the fast xlsx reader",
    ("roster.scenarios.workbook", "openpyxl"): "only to read a workbook: 0.09 s of every scenario load",
}
FRONT_END_LIBRARIES = ("typer", "rich", "fastapi", "starlette", "uvicorn", "jinja2")
SOLVER_FILE_MAX_LINES, MONTHLY_MAX_LINES = 450, 250


def module_name(path: Path) -> str:
    parts = path.relative_to(ROSTER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, bool]]:
    """(name imported, indented) for every import statement of the file (`from a import b`
    names both `a` and `a.b`)."""
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


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def edges(name: str) -> set[str]:
    """The roster modules `name` imports (a name that is not a module counts as its module)."""
    out = set()
    for target, _ in MODULES[name]:
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        if target and target != name and target.startswith("roster"):
            out.add(target)
    return out


def layer(name: str) -> int:
    """The index in LAYERS of the most specific prefix of `name`."""
    best = max(
        ((len(p), i) for i, group in enumerate(LAYERS) for p in group if within(name, p)), default=None
    )
    assert best is not None, f"{name} is in no layer of tests/test_architecture.py"
    return best[1]


def cycles() -> list[list[str]]:
    """The strongly connected components of the import graph with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan, recursive: the graph is a few hundred modules deep at most
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = [stack.pop()]
            while component[-1] != v:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(MODULES):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_counting_imports_inside_functions() -> None:
    assert cycles() == []


def test_every_module_imports_only_its_own_layer_or_lower_ones() -> None:
    upward = sorted(
        (name, target) for name in MODULES for target in edges(name) if layer(target) > layer(name)
    )
    assert upward == []


def test_imports_inside_functions_are_only_those_listed_with_their_reason() -> None:
    indented = set()
    for name, found in MODULES.items():
        for target, nested in found:
            listed = [key for key in INDENTED if key[0] == name and within(target, key[1])]
            if nested and not listed:
                indented.add((name, target))
    assert indented == set()
    used = {
        (name, prefix) for name, prefix in INDENTED if any(within(t, prefix) for t, n in MODULES[name] if n)
    }
    assert used == set(INDENTED)  # a listed exception that is gone is removed from the list


def test_no_module_imports_the_command_line_and_no_noqa_e402_is_left() -> None:
    assert [name for name in MODULES if "roster.cli" in edges(name)] == []
    late = [p.name for p in ROSTER.rglob("*.py") if "noqa: E402" in p.read_text(encoding="utf-8")]
    assert late == []


def test_the_verifier_and_the_baselines_share_no_code_with_the_solver() -> None:
    shared = {
        (name, target)
        for name in MODULES
        if within(name, "roster.verify") or within(name, "roster.baselines")
        for target in edges(name)
        if within(target, "roster.solvers")
    }
    assert shared == set()


def test_the_services_and_the_solver_use_no_front_end_library() -> None:
    used = {
        (name, target)
        for name, found in MODULES.items()
        if within(name, "roster.app") or within(name, "roster.solvers")
        for target, _ in found
        if any(within(target, lib) for lib in FRONT_END_LIBRARIES)
    }
    assert used == set()


def test_the_services_load_no_front_end_library_through_what_they_import() -> None:
    code = (
        "import sys, roster.app.solve, roster.app.replan, roster.app.explain, roster.app.calendars\n"
        f"print(sorted(m for m in {FRONT_END_LIBRARIES!r} if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


@pytest.mark.parametrize("path", sorted((ROSTER / "solvers").rglob("*.py")), ids=lambda p: p.name)
def test_solver_files_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= (MONTHLY_MAX_LINES if path.name == "monthly.py" else SOLVER_FILE_MAX_LINES)
