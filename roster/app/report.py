"""The HTML report of a verified planning, written next to it or where asked."""

from __future__ import annotations

from pathlib import Path

from roster.app.errors import InvalidOption, OutputRefused
from roster.app.verification import CheckedPlanning
from roster.i18n import Lang
from roster.outputs.atomic_folder import OutputExistsError
from roster.outputs.safe_file import is_roster_report, write_output_file
from roster.report import render_report


def report_target(planning_dir: Path, out_file: Path | None) -> Path:
    """`out_file`, or `<planning>/report.html`; `InvalidOption` if it is a folder."""
    target = out_file if out_file is not None else planning_dir / "report.html"
    if target.is_dir():
        raise InvalidOption(f"{target} is a folder; give a file name to --out.")
    return target


def write_report(checked: CheckedPlanning, target: Path, lang: Lang, force: bool) -> None:
    """Render the report (marked NOT VERIFIED with the violations when the planning is not
    verified) and write it; `OutputRefused` over a file that is not an earlier report unless `force`."""
    html = render_report(
        checked.scenario, checked.planning, lang=lang, verified=checked.verified,
        violations=checked.violations,
    )  # fmt: skip
    try:
        write_output_file(target, html, is_roster_report, force, "roster report")
    except OutputExistsError as exc:
        raise OutputRefused(str(exc)) from exc
