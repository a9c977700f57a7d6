"""`roster explain`: why zones fell short, with numbers, and which single change helps."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown

from roster.app.errors import AppError, UnknownZone
from roster.app.explain import Explanation, Section, write_explanation
from roster.app.solve import solve_month
from roster.commands.checked_planning import ForceUnverified, LangOpt, load_checked, parse_lang
from roster.commands.options import TimeLimit, Workers
from roster.commands.terminal import err, fail, fail_with
from roster.solvers import SolveOptions


def explain(
    scenario: Annotated[Path, typer.Argument(help="Scenario folder.")],
    planning: Annotated[Path, typer.Argument(help="Planning folder to explain.")],
    zone: Annotated[str | None, typer.Option("--zone", "-z", help="Only this zone (zone_id).")] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="Markdown file (default: PLANNING/explain.md).")
    ] = None,
    check_changes: Annotated[
        bool, typer.Option("--check-changes/--no-check-changes", help="Re-solve to test single changes.")
    ] = True,
    time_limit: TimeLimit = 20.0,
    workers: Workers = 0,
    force: ForceUnverified = False,
    lang: LangOpt = "fr",
) -> None:
    """Explain every zone with a shortfall: reach, availability, use elsewhere, blocking rules,
    and the single changes that would add a day (each verified by solving again); with
    wishes.csv, why each volunteer who got none of their wishes got none."""
    language = parse_lang(lang)
    checked_planning = load_checked(scenario, planning, force)
    try:
        explanation = Explanation(checked_planning.scenario, checked_planning.planning, zone)
    except UnknownZone:
        fail(f"--zone {zone!r}: no such zone in {scenario}/zones.csv")
    options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=0)
    baseline = None
    if explanation.needs_reference(check_changes):
        err.print("the planning is not proven optimal: solving it again as the reference...", markup=False)
        baseline = solve_month(checked_planning.scenario, options)
    sections: list[Section] = []
    for z in explanation.zones:
        facts = explanation.facts(z)
        if facts is None:
            continue
        with err.status(f"checking single changes for {facts.zone_id} {facts.name}..."):
            checked = explanation.single_changes(facts, options, baseline, check_changes)
        sections.append((facts, checked))
    text = explanation.markdown(sections, language, checked_planning.verified)
    target = out_file or (planning / "explain.md")
    try:
        write_explanation(target, text, force)
    except AppError as exc:
        fail_with(exc)
    Console(highlight=False).print(Markdown(text))  # wrapped, unlike the soft-wrapping `out`
    err.print(f"written to {target}", markup=False)
