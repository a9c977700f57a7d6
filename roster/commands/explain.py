"""`roster explain`: why zones fell short, with numbers, and which single change helps."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roster.commands.checked_planning import ForceUnverified, LangOpt, load_checked, parse_lang
from roster.commands.options import TimeLimit, Workers


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
    from rich.console import Console
    from rich.markdown import Markdown

    from roster.cli import err, fail
    from roster.explain.changes import check
    from roster.explain.reasons import Explainer
    from roster.explain.report import explain_markdown
    from roster.explain.wishes import wishes_markdown
    from roster.solvers import SolveOptions
    from roster.solvers import solve as solve_month

    language = parse_lang(lang)
    checked_planning = load_checked(scenario, planning, force)
    data, plan = checked_planning.scenario, checked_planning.planning
    known = {z.zone_id: i for i, z in enumerate(data.zones)}
    if zone is not None and zone not in known:
        fail(f"--zone {zone!r}: no such zone in {scenario}/zones.csv")
    e = Explainer(data, plan)
    zones = [known[zone]] if zone is not None else e.shortfall_zones()
    options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=0)
    baseline = None
    if check_changes and zones and plan.summary.status != "OPTIMAL":
        err.print("the planning is not proven optimal: solving it again as the reference...", markup=False)
        baseline = solve_month(data, options)
    sections = []
    for z in zones:
        facts = e.facts(z)
        if facts.shortfall == 0 and zone is None:
            continue
        with err.status(f"checking single changes for {facts.zone_id} {facts.name}..."):
            checked = check(e, facts, plan, options, baseline) if check_changes and facts.shortfall else []
        sections.append((facts, checked))
    title = f"{data.settings.name} {language.month_year(data.settings.first_day)}"
    text = explain_markdown(e, sections, title, language, checked_planning.verified)
    if data.has_wishes_file:
        text += "\n".join(["", *wishes_markdown(e, plan, language.fr)])
    target = out_file or (planning / "explain.md")
    from roster.outputs.atomic_folder import OutputExistsError
    from roster.outputs.safe_file import is_explain_md, write_output_file

    try:
        write_output_file(target, text, is_explain_md, force, "explain.md")
    except OutputExistsError as exc:
        fail(str(exc))
    Console(highlight=False).print(Markdown(text))  # wrapped, unlike the soft-wrapping `out`
    err.print(f"written to {target}", markup=False)
