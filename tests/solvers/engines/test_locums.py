"""The locum choice (`roster.solvers.engines.locums`): with the missions fixed, the fewest
locum days that cover rule 4's need, then (re-planning) the most previous days kept,
then the least locum km; never a mission changed.

On generated months the choice is compared with every subset of locum options that keeps
every row of the model (enumerated: the months are tiny).

October 2025: the 1st is a Wednesday.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scenario_builder import Spec, doctor, locum, practice, site, zone
from strategies import scenarios

from roster.scenarios import load_scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.engines.locums import away_per_row, choose_locums, locum_cover, locums_needed
from roster.solvers.model.mission_model import MissionModel, build_model
from roster.solvers.model.values import full_values
from solvers.built import model_of
from solvers.engines.drawn import drawn_missions, locum_metres

HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MONTHS = scenarios(max_doctors=5, max_practices=2, max_locums=3, days=4, tight_practices=True)
SEEDS = st.integers(0, 2**32 - 1)


def two_practices(km: dict[tuple[str, str], float] | None = None, **locum_days: list[int]) -> Spec:
    """A (practice P1) and B (practice P2) are their practices' only doctors; S1 takes both.
    Locums R1 and R2 reach P1 at 5 and 8 km, P2 at 10 and 30 km (or `km`)."""
    km = km or {("R1", "P1"): 5, ("R1", "P2"): 10, ("R2", "P1"): 8, ("R2", "P2"): 30}
    return Spec(
        [zone("Z1", demand=4)],
        [site("S1", "Z1", capacity=2, days="Wed Thu")],
        [doctor("A", "P1"), doctor("B", "P2")],
        {"A": [1, 2], "B": [1], "R1": [1, 2], "R2": [1, 2], **locum_days},
        practices=[practice("P1"), practice("P2", lon=0.1)],
        locums=[locum("R1"), locum("R2")],
        distances=[{"from_id": r, "to_id": p, "km": k} for (r, p), k in km.items()],
    )


def away(m: MissionModel, *picks: tuple[str, int]) -> np.ndarray:
    """The planning with these (doctor, day) missions at S1, and no locum."""
    a, o = m.arrays, m.space.missions
    wanted = {(a.doctor_ids.index(d), day - 1) for d, day in picks}
    chosen = np.array([(d, t) in wanted for d, t in zip(o.doctor.tolist(), o.date.tolist(), strict=True)])
    assert chosen.sum() == len(picks)
    return full_values(m, chosen.astype(np.int64), np.zeros(len(m.y), dtype=np.int64))


def locum_rows_each(m: MissionModel) -> list[tuple[str, str, int]]:
    """(locum, practice, day) of every locum option, in option order."""
    a, loc = m.arrays, m.space.locums
    return [
        (a.locum_ids[r], a.practice_ids[p], t + 1)
        for r, p, t in zip(loc.locum.tolist(), loc.practice.tolist(), loc.date.tolist(), strict=True)
    ]


def locum_rows(m: MissionModel, chosen: np.ndarray) -> list[tuple[str, str, int]]:
    """(locum, practice, day) of the chosen locum options, sorted."""
    return sorted(row for row, taken in zip(locum_rows_each(m), chosen.tolist(), strict=True) if taken)


def row_names(m: MissionModel) -> list[tuple[str, int]]:
    c = m.space.continuity
    return [
        (m.arrays.practice_ids[p], t + 1) for p, t in zip(c.practice.tolist(), c.date.tolist(), strict=True)
    ]


# --- need ---------------------------------------------------------------------------------------


def test_the_need_is_the_volunteers_away_beyond_each_rows_slack(tmp_path: Path) -> None:
    m = model_of(two_practices(), tmp_path)
    values = away(m, ("A", 1), ("B", 1))
    assert row_names(m) == [("P1", 1), ("P1", 2), ("P2", 1)]
    assert away_per_row(m.space, values[m.x] == 1).tolist() == [1, 0, 1]
    assert locums_needed(m, values).tolist() == [1, 0, 1]


def test_a_row_with_slack_needs_no_locum_for_its_first_leavers(tmp_path: Path) -> None:
    spec = two_practices()
    spec.doctors.append(doctor("C", "P1"))  # P1: 2 volunteers, needs 1: slack 1
    spec.available["C"] = [1]
    m = model_of(spec, tmp_path)
    assert row_names(m) == [("P1", 1), ("P2", 1)]
    assert locums_needed(m, away(m, ("A", 1))).tolist() == [0, 0]
    assert locums_needed(m, away(m, ("A", 1), ("C", 1), ("B", 1))).tolist() == [1, 1]


# --- the choice ------------------------------------------------------------------------------------


def test_the_fewest_locum_days_cover_the_need_at_the_least_km_in_total(tmp_path: Path) -> None:
    """R1 -> P1 is the nearest pair, yet R2 -> P1 and R1 -> P2 (18 km) beat R1 -> P1 and R2 -> P2 (35 km)."""
    m = model_of(two_practices(), tmp_path)
    chosen = choose_locums(m, away(m, ("A", 1), ("B", 1)))
    assert locum_rows(m, chosen[m.y] == 1) == [("R1", "P2", 1), ("R2", "P1", 1)]
    assert locum_metres(m, chosen) == 18_000


def test_one_locum_day_per_unit_of_need_and_none_where_nobody_is_away(tmp_path: Path) -> None:
    m = model_of(two_practices(), tmp_path)
    chosen = choose_locums(m, away(m, ("A", 2)))
    assert locum_rows(m, chosen[m.y] == 1) == [("R1", "P1", 2)]
    assert choose_locums(m, away(m))[m.y].sum() == 0


def test_a_locum_works_one_practice_a_date_and_at_most_max_days(tmp_path: Path) -> None:
    spec = two_practices()
    spec.locums = [locum("R1", max_days=1), locum("R2")]
    m = model_of(spec, tmp_path)
    chosen = choose_locums(m, away(m, ("A", 1), ("A", 2), ("B", 1)))
    rows = locum_rows(m, chosen[m.y] == 1)
    assert len(rows) == 3 and [r for r, _, _ in rows].count("R1") == 1
    assert len({(r, day) for r, _, day in rows}) == 3


def test_the_missions_are_never_changed(tmp_path: Path) -> None:
    m = model_of(two_practices(), tmp_path)
    values = away(m, ("A", 1), ("B", 1))
    chosen = choose_locums(m, values)
    assert chosen[m.x].tolist() == values[m.x].tolist() and chosen[m.u].tolist() == values[m.u].tolist()


def test_locum_days_no_longer_needed_are_dropped(tmp_path: Path) -> None:
    m = model_of(two_practices(), tmp_path)
    values = away(m, ("A", 1))
    values[m.y] = 1  # every locum option taken
    assert locum_rows(m, choose_locums(m, values)[m.y] == 1) == [("R1", "P1", 1)]


def test_a_need_no_locum_can_cover_leaves_the_planning_as_it_was(tmp_path: Path) -> None:
    m = model_of(two_practices(R1=[2], R2=[2]), tmp_path)  # nobody on Wednesday
    values = away(m, ("A", 1))
    assert choose_locums(m, values) is values
    chosen, covered = locum_cover(m.arrays, m.space, locums_needed(m, values))
    assert not chosen.any() and covered.tolist() == [0, 0, 0]


# --- re-planning: the previous locum days ------------------------------------------------------------


def test_prefer_keeps_a_previous_locum_day_over_a_nearer_locum(tmp_path: Path) -> None:
    m = model_of(two_practices(), tmp_path)
    values = away(m, ("A", 1))
    previous = np.array([row == ("R2", "P1", 1) for row in locum_rows_each(m)])
    assert locum_rows(m, choose_locums(m, values)[m.y] == 1) == [("R1", "P1", 1)]
    assert locum_rows(m, choose_locums(m, values, prefer=previous)[m.y] == 1) == [("R2", "P1", 1)]


def test_prefer_never_adds_a_locum_day(tmp_path: Path) -> None:
    m = model_of(two_practices(), tmp_path)
    everything = np.ones(len(m.y), dtype=bool)
    assert choose_locums(m, away(m, ("A", 1)), prefer=everything)[m.y].sum() == 1


# --- against every subset, on generated months ------------------------------------------------------


def model(spec: Spec) -> MissionModel:
    with tempfile.TemporaryDirectory() as tmp:
        return build_model(ScenarioArrays.from_scenario(load_scenario(spec.write(Path(tmp) / "s"))))


def best_subset(m: MissionModel, values: np.ndarray, prefer: np.ndarray) -> tuple[int, int, int] | None:
    """(locum days, - previous days kept, locum metres) of the best subset keeping every row."""
    best = None
    for bits in itertools.product([0, 1], repeat=len(m.y)):
        trial = values.copy()
        trial[m.y] = bits
        if m.relaxation.holds(trial):
            taken = np.array(bits, dtype=bool)
            key = (int(taken.sum()), -int((taken & prefer).sum()), locum_metres(m, trial))
            best = key if best is None else min(best, key)
    return best


@HYPOTHESIS
@given(spec=MONTHS, seed=SEEDS, prefer_seed=st.one_of(st.none(), SEEDS))
def test_the_choice_is_the_best_subset_of_locum_days_fewest_then_kept_then_km(
    spec: Spec, seed: int, prefer_seed: int | None
) -> None:
    m = model(spec)
    assume(0 < len(m.y) <= 12)
    values = drawn_missions(m, seed)  # rules 1 to 3; rule 4 left to the locums
    prefer = np.zeros(len(m.y), dtype=bool)
    if prefer_seed is not None:
        prefer = np.random.default_rng(prefer_seed).random(len(m.y)) < 0.4
    chosen = choose_locums(m, values, prefer=prefer if prefer_seed is not None else None)
    best = best_subset(m, values, prefer)
    if best is None:  # no subset covers: the planning is returned as it was
        assert chosen is values
        return
    taken = chosen[m.y] == 1
    assert m.relaxation.holds(chosen)
    assert (int(taken.sum()), -int((taken & prefer).sum()), locum_metres(m, chosen)) == best
