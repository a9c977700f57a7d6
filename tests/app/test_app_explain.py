"""`roster.app.explain`: the zones to explain, their facts, single changes and explain.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import OPTIONS

from roster.app.errors import OutputRefused, UnknownZone
from roster.app.explain import Explanation, write_explanation, zone_index
from roster.app.loading import open_planning, open_scenario
from roster.i18n import ENGLISH, FRENCH


def test_an_unknown_zone_is_refused(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    assert zone_index(scenario, scenario.zones[2].zone_id) == 2
    with pytest.raises(UnknownZone) as caught:
        Explanation(scenario, open_planning(planning_dir), "no-such-zone")
    assert caught.value.zone == "no-such-zone"


def test_every_zone_short_of_days_is_explained(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    planning = open_planning(planning_dir)
    days = {z.zone_id: 0 for z in scenario.zones}
    for a in planning.assignments:
        days[a.zone_id] += 1
    short = {z.zone_id for z in scenario.zones if days[z.zone_id] < z.demand_days}
    explanation = Explanation(scenario, planning)
    assert {scenario.zones[z].zone_id for z in explanation.zones} == short
    assert not explanation.single and not explanation.needs_reference()  # the planning is OPTIMAL
    facts = [explanation.facts(z) for z in explanation.zones]
    assert all(f is not None and f.shortfall > 0 for f in facts)


def test_a_zone_asked_by_name_is_explained_even_when_covered(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    planning = open_planning(planning_dir)
    days = {z.zone_id: 0 for z in scenario.zones}
    for a in planning.assignments:
        days[a.zone_id] += 1
    covered = next(z for z in scenario.zones if days[z.zone_id] >= z.demand_days > 0)
    index = zone_index(scenario, covered.zone_id)
    explanation = Explanation(scenario, planning, covered.zone_id)
    assert explanation.single and explanation.zones == [index]
    facts = explanation.facts(index)
    assert facts is not None and facts.zone_id == covered.zone_id and facts.shortfall == 0
    assert explanation.single_changes(facts, OPTIONS, None) == []  # nothing to add: no solve
    assert Explanation(scenario, planning).facts(index) is None  # skipped unless asked for


def test_single_changes_are_checked_by_solving_again(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    explanation = Explanation(scenario, open_planning(planning_dir))
    facts = explanation.facts(explanation.zones[0])
    assert facts is not None
    assert explanation.single_changes(facts, OPTIONS, None, check_changes=False) == []
    checked = explanation.single_changes(facts, OPTIONS, None)
    assert checked and all(c.days_before == facts.assigned for c in checked)
    assert all(c.status in ("OPTIMAL", "FEASIBLE") for c in checked)


def test_the_markdown_names_the_month_and_marks_an_unverified_planning(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    explanation = Explanation(scenario, open_planning(planning_dir))
    sections = [(f, []) for z in explanation.zones if (f := explanation.facts(z)) is not None]
    english = explanation.markdown(sections, ENGLISH)
    assert english.startswith("# Why these zones fell short: gen-5z-30d-s21 October 2025")
    assert "NOT VERIFIED" not in english
    french = explanation.markdown(sections, FRENCH, verified=False)
    assert french.startswith("# Pourquoi ces zones manquent de médecins :")
    assert "**NON VÉRIFIÉ**" in french


def test_explain_md_is_not_written_over_a_foreign_file(tmp_path: Path) -> None:
    target = tmp_path / "explain.md"
    write_explanation(target, "# Why these zones fell short: x\n", force=False)
    write_explanation(target, "# Why these zones fell short: y\n", force=False)  # its own: replaced
    assert target.read_text(encoding="utf-8").endswith("y\n")
    mine = tmp_path / "mine.md"
    mine.write_text("my notes", encoding="utf-8")
    with pytest.raises(OutputRefused, match=r"is not a previous explain\.md"):
        write_explanation(mine, "# Why these zones fell short: z\n", force=False)
    assert mine.read_text(encoding="utf-8") == "my notes"
