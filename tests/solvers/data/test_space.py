"""The search space (`roster.solvers.data.space`): the options are exactly the cells the
contract's domain rules allow, continuity rows sit only where more volunteers could
leave than the slack, and rule 4's row index points each option at its row.

The oracles here are written from the contract and the scenario records (road km from
the verifier's `road_km`), not from the arrays the space is built from.

October 2025: the 1st is a Wednesday; dates are indices from 0 (the 1st).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_builder import Spec, doctor, locum, practice, site, zone
from strategies import scenarios

from roster.models import Scenario
from roster.scenarios import load_scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.options import SearchSpace
from roster.solvers.data.space import build_space
from roster.verify.checks import road_km

HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Cell = tuple[str, str, int]  # (person, place, date index)


def loaded(spec: Spec) -> tuple[Scenario, ScenarioArrays, SearchSpace]:
    with tempfile.TemporaryDirectory() as tmp:
        scenario = load_scenario(spec.write(Path(tmp) / "s"))
    a = ScenarioArrays.from_scenario(scenario)
    return scenario, a, build_space(a)


def is_open(weekdays: frozenset[int], scenario: Scenario, t: int) -> bool:
    day = scenario.settings.dates()[t]
    return day.weekday() in weekdays and day not in scenario.holidays_in_month()


def wished(s: Scenario, doctor_id: str, site_id: str, zone_id: str, t: int) -> bool:
    """A wishes.csv row of the doctor with a positive weight matches the mission (every field given equal)."""
    day = s.settings.dates()[t]
    return any(
        w.doctor_id == doctor_id
        and w.weight > 0
        and w.site_id in (None, site_id)
        and w.zone_id in (None, zone_id)
        and w.weekday in (None, day.weekday())
        and w.date in (None, day)
        for w in s.wishes
    )


def allowed_missions(s: Scenario) -> set[Cell]:
    """Rules 1-3 as the contract words them: available date, positive cap, open site, reach,
    lodging; and, for an only_wished doctor, a matching positive wish."""
    out: set[Cell] = set()
    dates = s.settings.dates()
    for d in s.doctors:
        if min(d.max_days, s.settings.max_days_per_doctor) == 0:
            continue
        for x in s.sites:
            km = road_km(s, d.doctor_id, d.latitude, d.longitude, x.site_id, x.latitude, x.longitude)
            if km > d.max_km or (km > s.settings.day_trip_max_km and not x.lodging):
                continue
            for t, day in enumerate(dates):
                works = day in s.available(d.doctor_id) and is_open(x.open_weekdays, s, t)
                if works and (not d.only_wished or wished(s, d.doctor_id, x.site_id, x.zone_id, t)):
                    out.add((d.doctor_id, x.site_id, t))
    return out


@st.composite
def with_wishes(draw: st.DrawFn) -> Spec:
    """A generated month with random wishes.csv rows and some only_wished doctors."""
    spec: Spec = draw(scenarios(max_doctors=4, days=5))
    doctors, sites = [d["doctor_id"] for d in spec.doctors], [x["site_id"] for x in spec.sites]
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        row: dict[str, object] = {"doctor_id": draw(st.sampled_from(doctors))}
        field = draw(st.sampled_from(["site_id", "zone_id", "weekday", "date", None]))
        if field == "site_id":
            row["site_id"] = draw(st.sampled_from(sites))
        elif field == "zone_id":
            row["zone_id"] = draw(st.sampled_from([z["zone_id"] for z in spec.zones]))
        elif field == "weekday":
            row["weekday"] = draw(st.sampled_from(["Mon", "Wed", "Thu", "Sat"]))
        elif field == "date":
            row["date"] = f"{spec.month}-{draw(st.integers(1, 5)):02d}"
        row["weight"] = draw(st.sampled_from([-2, 1, 3]))
        rows.append(row)
    spec.wishes = rows
    for d in spec.doctors:
        d["only_wished"] = draw(st.sampled_from([0, 1]))
    return spec


def expected_rows(s: Scenario, missions: set[Cell]) -> dict[tuple[str, int], int]:
    """(practice, date) -> slack, where more volunteers have an option that date than the slack."""
    out = {}
    for p in s.practices:
        team = {d.doctor_id for d in s.doctors if d.practice_id == p.practice_id}
        required = min(p.min_present, p.other_doctors + len(team))
        slack = p.other_doctors + len(team) - required
        for t in range(len(s.settings.dates())):
            leavers = {d for d, _, day in missions if d in team and day == t}
            if required > 0 and is_open(p.open_weekdays, s, t) and len(leavers) > slack:
                out[(p.practice_id, t)] = slack
    return out


def mission_cells(a: ScenarioArrays, space: SearchSpace) -> list[Cell]:
    o = space.missions
    return [
        (a.doctor_ids[d], a.site_ids[x], t)
        for d, x, t in zip(o.doctor.tolist(), o.site.tolist(), o.date.tolist(), strict=True)
    ]


def locum_cells(a: ScenarioArrays, space: SearchSpace) -> list[Cell]:
    loc = space.locums
    return [
        (a.locum_ids[r], a.practice_ids[p], t)
        for r, p, t in zip(loc.locum.tolist(), loc.practice.tolist(), loc.date.tolist(), strict=True)
    ]


def rows_of(a: ScenarioArrays, space: SearchSpace) -> dict[tuple[str, int], int]:
    c = space.continuity
    return {
        (a.practice_ids[p], t): k
        for p, t, k in zip(c.practice.tolist(), c.date.tolist(), c.slack.tolist(), strict=True)
    }


# --- properties on generated months --------------------------------------------------------


@HYPOTHESIS
@given(spec=scenarios(max_doctors=5, max_locums=2))
def test_the_mission_options_are_exactly_the_cells_rules_1_to_3_allow(spec: Spec) -> None:
    s, a, space = loaded(spec)
    cells = mission_cells(a, space)
    assert len(cells) == len(set(cells))  # one option per cell
    assert set(cells) == allowed_missions(s)


@HYPOTHESIS
@given(spec=with_wishes())
def test_an_only_wished_doctor_keeps_exactly_the_allowed_cells_matching_a_positive_wish(spec: Spec) -> None:
    s, a, space = loaded(spec)
    assert set(mission_cells(a, space)) == allowed_missions(s)


@HYPOTHESIS
@given(spec=scenarios(max_doctors=5, max_locums=2))
def test_each_mission_option_carries_its_sites_zone_and_road_km(spec: Spec) -> None:
    s, a, space = loaded(spec)
    o = space.missions
    doctors, sites = {d.doctor_id: d for d in s.doctors}, {x.site_id: x for x in s.sites}
    for i, (d, x, _) in enumerate(mission_cells(a, space)):
        who, where = doctors[d], sites[x]
        km = road_km(s, d, who.latitude, who.longitude, x, where.latitude, where.longitude)
        assert o.km[i] == pytest.approx(km, rel=1e-12)
        assert a.zone_ids[o.zone[i]] == where.zone_id


@HYPOTHESIS
@given(spec=scenarios(max_doctors=6, max_practices=2, max_locums=2, tight_practices=True))
def test_continuity_rows_sit_exactly_where_more_volunteers_could_leave_than_the_slack(spec: Spec) -> None:
    s, a, space = loaded(spec)
    assert rows_of(a, space) == expected_rows(s, set(mission_cells(a, space)))


@HYPOTHESIS
@given(spec=scenarios(max_doctors=6, max_practices=2, max_locums=2))
def test_continuity_rows_with_other_doctors_and_retired_volunteers(spec: Spec) -> None:
    s, a, space = loaded(spec)
    assert rows_of(a, space) == expected_rows(s, set(mission_cells(a, space)))


@HYPOTHESIS
@given(spec=scenarios(max_doctors=6, max_practices=2, max_locums=2, tight_practices=True))
def test_mission_row_points_each_option_at_its_volunteers_practice_date_or_minus_one(spec: Spec) -> None:
    s, a, space = loaded(spec)
    home = {d.doctor_id: d.practice_id for d in s.doctors}
    index = {cell: r for r, cell in enumerate(rows_of(a, space))}
    expected = [index.get((home[d], t), -1) for d, _, t in mission_cells(a, space)]
    assert space.mission_row.tolist() == expected


@HYPOTHESIS
@given(spec=scenarios(max_doctors=6, max_practices=2, max_locums=2, tight_practices=True))
def test_locum_options_are_the_rule_5_cells_at_continuity_rows_only(spec: Spec) -> None:
    s, a, space = loaded(spec)
    practices = {p.practice_id: p for p in s.practices}
    expected = set()
    for r in s.replacements:
        for p, t in rows_of(a, space):
            where = practices[p]
            km = road_km(s, r.replacement_id, r.latitude, r.longitude, p, where.latitude, where.longitude)
            works = s.settings.dates()[t] in s.available(r.replacement_id)
            if works and km <= r.max_km and r.max_days > 0:
                expected.add((r.replacement_id, p, t))
    cells = locum_cells(a, space)
    assert len(cells) == len(set(cells)) and set(cells) == expected


@HYPOTHESIS
@given(spec=scenarios(max_doctors=6, max_practices=2, max_locums=2, tight_practices=True))
def test_locum_row_points_each_locum_option_at_the_row_of_its_practice_date(spec: Spec) -> None:
    _, a, space = loaded(spec)
    rows = space.continuity
    assert (space.locum_row >= 0).all()
    assert space.locums.practice.tolist() == rows.practice[space.locum_row].tolist()
    assert space.locums.date.tolist() == rows.date[space.locum_row].tolist()
    assert np.allclose(space.locums.km, a.locum_practice_km[space.locums.locum, space.locums.practice])


# --- continuity rows on hand-made months ---------------------------------------------------


def practice_month(min_present: int = 1, other: int = 0, days: str = "Mon Tue Wed Thu Fri Sat Sun") -> Spec:
    """Practice P with volunteers A (days 1, 2, 4) and B (day 2); C has no practice (day 1)."""
    return Spec(
        [zone("Z1", demand=9)],
        [site("S1", "Z1", capacity=3)],
        [doctor("A", "P", max_days=3), doctor("B", "P"), doctor("C")],
        {"A": [1, 2, 4], "B": [2], "C": [1], "R": [1, 2, 3, 4, 5]},
        practices=[practice("P", min_present=min_present, other=other, days=days)],
        locums=[locum("R")],
    )


def test_a_practice_whose_volunteers_cannot_both_leave_gets_a_row_only_on_their_shared_date() -> None:
    _, a, space = loaded(practice_month(min_present=1))
    assert rows_of(a, space) == {("P", 1): 1}  # slack 2 - 1; alone on days 1 and 4, A may leave


def test_a_practice_needing_everyone_gets_a_row_on_each_date_a_volunteer_could_leave() -> None:
    _, a, space = loaded(practice_month(min_present=2))
    assert rows_of(a, space) == {("P", 0): 0, ("P", 1): 0, ("P", 3): 0}


def test_other_doctors_add_to_the_slack() -> None:
    _, a, space = loaded(practice_month(min_present=2, other=1))
    assert rows_of(a, space) == {("P", 1): 1}


def test_a_practice_requiring_nobody_has_no_row() -> None:
    _, _, space = loaded(practice_month(min_present=0))
    assert len(space.continuity) == 0 and len(space.locums) == 0


def test_a_practice_has_no_row_on_a_day_it_is_closed() -> None:
    _, a, space = loaded(practice_month(min_present=2, days="Wed Thu Fri"))  # Sat 4 closed
    assert rows_of(a, space) == {("P", 0): 0, ("P", 1): 0}


def test_a_practice_has_no_row_on_a_holiday() -> None:
    spec = practice_month(min_present=2)
    spec.settings["holidays"] = ["2025-10-02"]  # the site is closed too: nobody can leave
    _, a, space = loaded(spec)
    assert rows_of(a, space) == {("P", 0): 0, ("P", 3): 0}


def test_a_volunteer_with_no_option_that_date_is_not_a_leaver() -> None:
    spec = practice_month(min_present=1)
    spec.sites[0]["open_weekdays"] = "Wed Sat"  # Thu 2, the only date both could leave, is closed
    _, _, space = loaded(spec)
    assert len(space.continuity) == 0


def test_a_doctor_without_practice_has_no_row_and_the_locum_only_the_row_dates() -> None:
    _, a, space = loaded(practice_month(min_present=2))
    rows = space.mission_row[np.array([d == "C" for d, _, _ in mission_cells(a, space)])]
    assert rows.tolist() == [-1]
    assert locum_cells(a, space) == [("R", "P", 0), ("R", "P", 1), ("R", "P", 3)]  # not 2, 4: no row
