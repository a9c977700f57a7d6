"""`roster publish`: the public pages, slots and feeds of a planning's confirmed missions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roster.app.errors import AppError
from roster.app.publish import Published, publish_planning
from roster.commands.checked_planning import refuse_planning
from roster.commands.terminal import err, warn


def _say(done: Published, planning: Path) -> None:
    if not done.written:
        warn(
            f"{planning} has no states.csv: its {done.unpublished_proposed} mission(s) are only proposed "
            "and none is confirmed, so nothing was published. Record the doctors' answers with `roster "
            "answers`, or add --include-proposed to publish proposed missions (marked 'à confirmer')."
        )
        return
    if done.confirmed + done.proposed == 0:
        warn("no confirmed mission: the pages say that no consultation is planned yet")
    elif done.unpublished_proposed:
        warn(f"{done.unpublished_proposed} proposed mission(s) not published (--include-proposed adds them)")
    proposed = f", {done.proposed} proposed" if done.proposed else ""
    err.print(
        f"{done.confirmed + done.proposed} mission(s) published ({done.confirmed} confirmed{proposed}) at "
        f"{done.sites} site(s), {done.slots} slot(s), {done.departments} department(s): written to "
        f"{done.out_dir}",
        markup=False,
    )


def publish(
    planning: Annotated[Path, typer.Argument(help="Planning folder (states.csv: after `roster answers`).")],
    out_dir: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder to write: index.html, departements/, sites/, creneaux.csv."),
    ],
    scenario: Annotated[
        Path | None,
        typer.Option("--scenario", "-s", help="Scenario folder (default: the planning's scenario/)."),
    ] = None,
    include_proposed: Annotated[
        bool,
        typer.Option(
            "--include-proposed", help="Publish proposed missions too, marked 'à confirmer' (TENTATIVE)."
        ),
    ] = False,
    names: Annotated[
        bool, typer.Option("--names/--no-names", help="Show the doctors' titles and names (default).")
    ] = True,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an --out that is not a publication (kept as <out>.prev)."),
    ] = False,
) -> None:
    """Publish a planning for patients: a page and an iCalendar feed per site, a page per
    department, an index, and creneaux.csv (the slots) for a booking tool.

    Only confirmed missions by default. The planning is verified first: one that breaks a hard
    rule is never published (exit 1). No doctor's id, email, phone or RPPS is ever written."""
    try:
        done = publish_planning(planning, out_dir, scenario, include_proposed, names, force)
    except AppError as exc:
        refuse_planning(exc, forceable=False)  # a planning breaking a rule is never published
    _say(done, planning)
