"""`explain`: why zones fell short, with numbers, and which single change adds a day."""

from __future__ import annotations

from pathlib import Path

from roster.app.errors import OutputRefused, UnknownZone
from roster.explain.changes import Checked, check
from roster.explain.reasons import Explainer, ZoneFacts
from roster.explain.report import explain_markdown
from roster.explain.wishes import wishes_markdown
from roster.i18n import Lang
from roster.models import Planning, Scenario
from roster.outputs.atomic_folder import OutputExistsError
from roster.outputs.safe_file import is_explain_md, write_output_file
from roster.solvers import SolveOptions

Section = tuple[ZoneFacts, list[Checked]]


def zone_index(scenario: Scenario, zone: str) -> int:
    """The place of `zone` in zones.csv; `UnknownZone` if the scenario has no such zone."""
    index = {z.zone_id: i for i, z in enumerate(scenario.zones)}.get(zone)
    if index is None:
        raise UnknownZone(zone)
    return index


class Explanation:
    """The zones of one planning to explain: the one asked for, else every zone short of days."""

    def __init__(self, scenario: Scenario, planning: Planning, zone: str | None = None) -> None:
        """`UnknownZone` (before any counting) if `zone` is not in the scenario."""
        index = None if zone is None else zone_index(scenario, zone)
        self.scenario = scenario
        self.planning = planning
        self.explainer = Explainer(scenario, planning)
        self.zones = [index] if index is not None else self.explainer.shortfall_zones()
        self.single = index is not None

    def needs_reference(self, check_changes: bool = True) -> bool:
        """Whether checking single changes needs the month solved again first: the planning
        is not proven optimal, so its own coverage is no fair reference."""
        return check_changes and bool(self.zones) and self.planning.summary.status != "OPTIMAL"

    def facts(self, zone: int) -> ZoneFacts | None:
        """The zone's reach, availability and blocking rules; None for a zone with no shortfall
        (kept only when it was asked for by name)."""
        facts = self.explainer.facts(zone)
        return None if facts.shortfall == 0 and not self.single else facts

    def single_changes(
        self, facts: ZoneFacts, options: SolveOptions, baseline: Planning | None, check_changes: bool = True
    ) -> list[Checked]:
        """Each candidate change solved again (none without a shortfall or with `check_changes` off)."""
        if not (check_changes and facts.shortfall):
            return []
        return check(self.explainer, facts, self.planning, options, baseline)

    def markdown(
        self, sections: list[Section], lang: Lang, verified: bool = True, wishes: bool = True
    ) -> str:
        """explain.md: the sections, then (with wishes.csv and `wishes`) the volunteers who got none."""
        title = f"{self.scenario.settings.name} {lang.month_year(self.scenario.settings.first_day)}"
        text = explain_markdown(self.explainer, sections, title, lang, verified)
        if wishes and self.scenario.has_wishes_file:
            text += "\n".join(["", *wishes_markdown(self.explainer, self.planning, lang.fr)])
        return text


def write_explanation(target: Path, text: str, force: bool) -> None:
    """Write explain.md; `OutputRefused` over a file that is not an earlier explanation unless `force`."""
    try:
        write_output_file(target, text, is_explain_md, force, "explain.md")
    except OutputExistsError as exc:
        raise OutputRefused(str(exc)) from exc
