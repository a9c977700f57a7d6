"""changes (re-planning): the fewest changed assignments at the best coverage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scenario_builder import Spec, doctor, site, zone

from roster.models import Assignment, LocumDay, Planning, SolveSummary
from roster.solvers.search.phases.changes import Changes
from solvers.built import context, entries, month_of, planning, state


def previous_planning() -> Planning:
    """D1 at S1 on the 1st and D2 at S2 on the 2nd; D1 has since cancelled the 1st."""
    rows = (
        Assignment(date=dt.date(2025, 10, 1), doctor_id="D1", site_id="S1", zone_id="Z1", km=1.0),
        Assignment(date=dt.date(2025, 10, 2), doctor_id="D2", site_id="S2", zone_id="Z2", km=1.0),
    )
    summary = SolveSummary(status="OPTIMAL", objective=0, best_bound=0, wall_time_s=0, coverage_score=0,
                           total_km=0, doctor_days=2, indemnity_eur=0, travel_eur=0)  # fmt: skip
    return Planning(assignments=rows, locum_days=tuple[LocumDay, ...](), summary=summary)


def replan_month() -> Spec:
    zones = [zone("Z1", priority=2), zone("Z2")]
    sites = [site("S1", "Z1"), site("S2", "Z2", lon=0.05)]
    doctors = [doctor("D1"), doctor("D2"), doctor("D3", lon=0.02)]
    return Spec(zones, sites, doctors, {"D1": [3], "D2": [2], "D3": [1, 2]})  # D1 now free on the 3rd only


def test_the_fewest_changes_keep_what_can_be_kept(tmp_path: Path) -> None:
    month = month_of(replan_month(), tmp_path / "s", previous=previous_planning())
    assert month.replanning and month.previous_rows == 2
    moved = planning(month, ("D3", "S1", 1), ("D3", "S2", 2), ("D1", "S1", 3))  # 2 removed, 3 added
    ctx, before = context(month), state(month, moved)
    result = Changes().run(before, ctx)
    after = ctx.apply(before, result)
    assert month.changes(moved) == 5 and after.coverage == before.coverage
    assert month.changes(after.values) == 3  # D2's day kept; D1's cancelled day removed, Z1's two days added
    [entry] = entries(result)
    assert entry["phase"] == "changes" and entry["objective"] == 3.0 and entry["status"] == "OPTIMAL"


def test_only_a_replan_minimises_changes(tmp_path: Path) -> None:
    assert Changes().supports(month_of(replan_month(), tmp_path / "a", previous=previous_planning()))
    assert not Changes().supports(month_of(replan_month(), tmp_path / "b"))
