"""The hard rules as rows (`roster.solvers.model.rules`): each rule's rows on a month
where it binds, read back as {option: coefficient}, bounds and CP-SAT form; and, on
generated months, each rule's rows hold exactly when the independent verifier's check
of that rule finds nothing.

October 2025: the 1st is a Wednesday. An option is written doctor@site/day (missions)
or locum>practice/day (locum days).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_builder import Spec, doctor, locum, practice, site, zone
from strategies import scenarios

from roster.models import Scenario
from roster.scenarios import load_scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.model import rules
from roster.solvers.model.mission_model import MissionModel, build_model
from roster.solvers.model.rows import AT_MOST_ONE, LINEAR, Rows
from roster.verify import Verdict
from roster.verify.checks import (
    Cover,
    Mission,
    check_doctor_days,
    check_home_practice_continuity,
    check_locum_limits,
    check_site_opening_and_capacity,
)
from solvers.built import model_of

HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Row = tuple[dict[str, int], int, int, int]  # {option: coefficient}, low, high, kind


def labels(m: MissionModel) -> dict[int, str]:
    """Variable index -> doctor@site/day or locum>practice/day."""
    a, o, loc = m.arrays, m.space.missions, m.space.locums
    out = {
        int(m.x[i]): f"{a.doctor_ids[o.doctor[i]]}@{a.site_ids[o.site[i]]}/{a.dates[o.date[i]].day}"
        for i in range(len(o))
    }
    for j in range(len(loc)):
        who, where = a.locum_ids[loc.locum[j]], a.practice_ids[loc.practice[j]]
        out[int(m.y[j])] = f"{who}>{where}/{a.dates[loc.date[j]].day}"
    return out


def readable(m: MissionModel, rows: Rows) -> list[Row]:
    name = labels(m)
    out = []
    for i in range(len(rows)):
        at = slice(rows.starts[i], rows.starts[i + 1])
        terms = {name[int(v)]: int(c) for v, c in zip(rows.variables[at], rows.coeffs[at], strict=True)}
        out.append((terms, int(rows.low[i]), int(rows.high[i]), int(rows.kind[i])))
    return out


def row_holds(rows: Rows, values: np.ndarray) -> np.ndarray:
    """Per row: low <= coeffs . values <= high."""
    activity = np.array(
        [
            rows.coeffs[s:e] @ values[rows.variables[s:e]]
            for s, e in zip(rows.starts[:-1], rows.starts[1:], strict=True)
        ]
    ).reshape(-1)
    return (rows.low <= activity) & (activity <= rows.high)


def ones(*names: str, coeff: int = 1) -> dict[str, int]:
    return dict.fromkeys(names, coeff)


# --- rule 1 ---------------------------------------------------------------------------------


def rule1_month(max_days_per_doctor: int = 2) -> Spec:
    """A: S1 every day, S2 (43 km away) on Wednesdays (days 1, 2, 3); B (max_days 1): S1 on
    days 1, 2; C (max_days 5): S1 on day 1 only. Only A travels beyond 20 km."""
    return Spec(
        [zone("Z1", demand=9)],
        [site("S1", "Z1", capacity=3), site("S2", "Z1", lat=43.9, days="Wed")],
        [doctor("A", max_days=3), doctor("B", max_days=1, max_km=20), doctor("C", max_days=5, max_km=20)],
        {"A": [1, 2, 3], "B": [1, 2], "C": [1]},
        settings={"max_days_per_doctor": max_days_per_doctor},
    )


def test_one_mission_per_day_is_an_at_most_one_per_doctor_date_with_two_options_or_more(
    tmp_path: Path,
) -> None:
    m = model_of(rule1_month(), tmp_path)
    assert readable(m, rules.one_mission_per_day(m)) == [(ones("A@S1/1", "A@S2/1"), 0, 1, AT_MOST_ONE)]


def test_the_monthly_cap_is_min_of_max_days_and_the_policy_cap(tmp_path: Path) -> None:
    m = model_of(rule1_month(max_days_per_doctor=2), tmp_path)
    assert readable(m, rules.monthly_cap(m)) == [
        (ones("A@S1/1", "A@S2/1", "A@S1/2", "A@S1/3"), 0, 2, LINEAR),  # min(3, 2)
        (ones("B@S1/1", "B@S1/2"), 0, 1, AT_MOST_ONE),  # min(1, 2)
    ]  # C has one option: its cap cannot bind


def test_a_higher_policy_cap_leaves_the_doctors_own_max_days(tmp_path: Path) -> None:
    m = model_of(rule1_month(max_days_per_doctor=4), tmp_path)
    caps = {frozenset(terms): high for terms, _, high, _ in readable(m, rules.monthly_cap(m))}
    assert caps == {
        frozenset({"A@S1/1", "A@S2/1", "A@S1/2", "A@S1/3"}): 3,
        frozenset({"B@S1/1", "B@S1/2"}): 1,
    }


# --- rule 2 ---------------------------------------------------------------------------------


def test_a_site_never_receives_more_doctors_than_its_capacity(tmp_path: Path) -> None:
    spec = Spec(
        [zone("Z1", demand=9)],
        [
            site("TWO", "Z1", capacity=2, days="Wed"),
            site("ONE", "Z1", days="Thu"),
            site("BIG", "Z1", 3, days="Fri"),
        ],
        [doctor("A"), doctor("B"), doctor("C")],
        {"A": [1, 2, 3], "B": [1, 2, 3], "C": [1]},
    )
    m = model_of(spec, tmp_path)
    assert readable(m, rules.site_capacity(m)) == [
        (ones("A@TWO/1", "B@TWO/1", "C@TWO/1"), 0, 2, LINEAR),
        (ones("A@ONE/2", "B@ONE/2"), 0, 1, AT_MOST_ONE),
    ]  # BIG: 2 doctors on Friday, capacity 3


# --- rule 4 ---------------------------------------------------------------------------------


def test_continuity_counts_missions_plus_one_and_locums_minus_one_up_to_the_slack(tmp_path: Path) -> None:
    """P needs 2 of 1 other doctor + volunteers A, B: slack 1; both may leave on day 1 only."""
    spec = Spec(
        [zone("Z1", demand=9)],
        [site("S1", "Z1", capacity=2), site("S2", "Z1", lon=0.05)],
        [doctor("A", "P"), doctor("B", "P")],
        {"A": [1, 2], "B": [1], "R": [1, 2], "Q": [1]},
        practices=[practice("P", min_present=2, other=1)],
        locums=[locum("R"), locum("Q")],
    )
    m = model_of(spec, tmp_path)
    leavers = ones("A@S1/1", "A@S2/1", "B@S1/1", "B@S2/1")
    assert readable(m, rules.home_practice_continuity(m)) == [
        ({**leavers, **ones("R>P/1", "Q>P/1", coeff=-1)}, -2, 1, LINEAR)
    ]


def test_continuity_has_no_row_when_the_slack_lets_every_volunteer_leave(tmp_path: Path) -> None:
    spec = Spec(
        [zone("Z1")],
        [site("S1", "Z1", capacity=2)],
        [doctor("A", "P"), doctor("B", "P")],
        {"A": [1], "B": [1]},
        practices=[practice("P", min_present=3, other=1)],  # required min(3, 1 + 2) = 3: slack 0
    )
    assert len(rules.home_practice_continuity(model_of(spec, tmp_path / "tight"))) == 1
    spec.practices = [practice("P", min_present=1, other=1)]  # slack 2
    assert len(rules.home_practice_continuity(model_of(spec, tmp_path / "loose"))) == 0


# --- rule 5 ---------------------------------------------------------------------------------


def test_a_locum_works_one_practice_per_date_and_at_most_max_days(tmp_path: Path) -> None:
    """P1 and P2 each need their only volunteer on days 1 and 2; R (max_days 1) reaches both."""
    spec = Spec(
        [zone("Z1", demand=9)],
        [site("S1", "Z1", capacity=2)],
        [doctor("A", "P1"), doctor("B", "P2")],
        {"A": [1, 2], "B": [1], "R": [1, 2]},
        practices=[practice("P1"), practice("P2", lon=0.01)],
        locums=[locum("R", max_days=1)],
    )
    m = model_of(spec, tmp_path)
    assert readable(m, rules.locum_limits(m)) == [
        (ones("R>P1/1", "R>P2/1"), 0, 1, AT_MOST_ONE),  # one practice on day 1
        (ones("R>P1/1", "R>P2/1", "R>P1/2"), 0, 1, AT_MOST_ONE),  # max_days 1
    ]


def test_no_locum_option_no_locum_row(tmp_path: Path) -> None:
    m = model_of(Spec([zone("Z1")], [site("S1", "Z1")], [doctor("A")], {"A": [1]}), tmp_path)
    assert len(rules.locum_limits(m)) == 0 and len(rules.home_practice_continuity(m)) == 0


# --- extensions: pins, zone minimums --------------------------------------------------------


def extension_model(tmp_path: Path, pins: list[str], min_days: list[int]) -> MissionModel:
    """Z1 (S1, every day) and Z2 (S2, Wednesdays); A available days 1 and 2; pins.csv and
    zones.csv min_days as given."""
    spec = Spec(
        [zone("Z1", demand=3), zone("Z2", demand=3)],
        [site("S1", "Z1"), site("S2", "Z2", days="Wed")],
        [doctor("A")],
        {"A": [1, 2]},
    )
    folder = spec.write(tmp_path / "s")
    header, *lines = (folder / "zones.csv").read_text(encoding="utf-8").splitlines()
    rows = [f"{line},{k}" for line, k in zip(lines, min_days, strict=True)]
    (folder / "zones.csv").write_text("\n".join([f"{header},min_days", *rows]) + "\n", encoding="utf-8")
    (folder / "pins.csv").write_text("\n".join(["date,doctor_id,site_id", *pins]) + "\n", encoding="utf-8")
    return build_model(ScenarioArrays.from_scenario(load_scenario(folder)))


def test_each_pin_with_an_option_is_a_row_forcing_it_labelled_with_its_pin(tmp_path: Path) -> None:
    m = extension_model(tmp_path, ["2025-10-02,A,S2", "2025-10-02,A,S1"], [0, 0])  # S2 closed on Thu 2
    pinned = rules.pinned_missions(m)
    assert readable(m, pinned) == [(ones("A@S1/2"), 1, 1, LINEAR)]
    assert pinned.requirement == ("pin 1",)


def test_a_zone_minimum_is_a_row_of_the_zones_missions_labelled_with_its_zone(tmp_path: Path) -> None:
    m = extension_model(tmp_path, [], [0, 1])
    minimums = rules.zone_minimums(m)
    assert readable(m, minimums) == [(ones("A@S2/1"), 1, 2, LINEAR)]
    assert minimums.requirement == ("minimum 1",)


def test_without_pins_or_minimums_the_extension_rules_have_no_row(tmp_path: Path) -> None:
    m = extension_model(tmp_path, [], [0, 0])
    assert len(rules.pinned_missions(m)) == 0 and len(rules.zone_minimums(m)) == 0


def test_hard_rules_lists_every_constraint_rule_in_the_models_order(tmp_path: Path) -> None:
    m = extension_model(tmp_path, ["2025-10-01,A,S1"], [1, 0])
    assert list(rules.hard_rules(m)) == [
        "one_mission_per_day",
        "monthly_cap",
        "site_capacity",
        "home_practice_continuity",
        "locum_limits",
        "pinned_missions",
        "zone_minimums",
    ]
    assert [name for name, _ in m.rows][:7] == list(rules.hard_rules(m))
    for (_, built), rows in zip(m.rows, rules.hard_rules(m).values(), strict=False):
        assert readable(m, built) == readable(m, rows)


# --- the rows against the verifier, on generated months --------------------------------------


def generated(spec: Spec) -> tuple[Scenario, MissionModel]:
    with tempfile.TemporaryDirectory() as tmp:
        scenario = load_scenario(spec.write(Path(tmp) / "s"))
    return scenario, build_model(ScenarioArrays.from_scenario(scenario))


def random_values(m: MissionModel, seed: int, density: float, one_a_day: bool = False) -> np.ndarray:
    """Each mission and locum option taken with probability `density`; with `one_a_day`,
    at most one mission per doctor and date (rule 4's rows count missions, the verifier
    volunteers away: the two agree once rule 1 holds)."""
    rng = np.random.default_rng(seed)
    values = np.zeros(m.num_variables, dtype=np.int64)
    taken = rng.random(len(m.x)) < density
    if one_a_day:
        o, chosen = m.space.missions, np.flatnonzero(taken)
        _, first = np.unique((o.doctor * m.arrays.n_dates + o.date)[chosen], return_index=True)
        taken[:] = False
        taken[chosen[first]] = True
    values[m.x] = taken
    values[m.y] = rng.random(len(m.y)) < density
    return values


def missions_of(m: MissionModel, values: np.ndarray) -> list[Mission]:
    a, o = m.arrays, m.space.missions
    return [
        Mission(i + 2, a.dates[o.date[i]], a.doctor_ids[o.doctor[i]], a.site_ids[o.site[i]],
                a.zone_ids[o.zone[i]], float(o.km[i]))
        for i in np.flatnonzero(values[m.x] == 1).tolist()
    ]  # fmt: skip


def covers_of(m: MissionModel, values: np.ndarray) -> list[Cover]:
    a, loc = m.arrays, m.space.locums
    return [
        Cover(j + 2, a.dates[loc.date[j]], a.locum_ids[loc.locum[j]], a.practice_ids[loc.practice[j]],
              float(loc.km[j]))
        for j in np.flatnonzero(values[m.y] == 1).tolist()
    ]  # fmt: skip


def rows_hold(rows: Rows, values: np.ndarray) -> bool:
    return bool(row_holds(rows, values).all())


def verifier_finds(check: object, *args: object) -> bool:
    v = Verdict()
    check(*args, v)  # type: ignore[operator]
    return bool(v.violations)


DENSITY = st.sampled_from([0.05, 0.15, 0.3, 0.6])


@HYPOTHESIS
@given(spec=scenarios(max_doctors=5), seed=st.integers(0, 2**32 - 1), density=DENSITY)
def test_rule_1_rows_hold_exactly_when_the_verifier_finds_no_rule_1_violation(
    spec: Spec, seed: int, density: float
) -> None:
    s, m = generated(spec)
    values = random_values(m, seed, density)
    held = rows_hold(rules.one_mission_per_day(m), values) and rows_hold(rules.monthly_cap(m), values)
    assert held != verifier_finds(check_doctor_days, s, missions_of(m, values))


@HYPOTHESIS
@given(spec=scenarios(max_doctors=5), seed=st.integers(0, 2**32 - 1), density=DENSITY)
def test_rule_2_rows_hold_exactly_when_the_verifier_finds_no_rule_2_violation(
    spec: Spec, seed: int, density: float
) -> None:
    s, m = generated(spec)
    values = random_values(m, seed, density)
    held = rows_hold(rules.site_capacity(m), values)
    assert held != verifier_finds(check_site_opening_and_capacity, s, missions_of(m, values))


@HYPOTHESIS
@given(spec=scenarios(max_doctors=6, tight_practices=True), seed=st.integers(0, 2**32 - 1), density=DENSITY)
def test_rule_4_rows_hold_exactly_when_the_verifier_finds_every_practice_staffed(
    spec: Spec, seed: int, density: float
) -> None:
    s, m = generated(spec)
    values = random_values(m, seed, density, one_a_day=True)
    held = rows_hold(rules.home_practice_continuity(m), values)
    assert held != verifier_finds(
        check_home_practice_continuity, s, missions_of(m, values), covers_of(m, values)
    )


@HYPOTHESIS
@given(spec=scenarios(max_doctors=6, tight_practices=True), seed=st.integers(0, 2**32 - 1), density=DENSITY)
def test_rule_5_rows_hold_exactly_when_the_verifier_finds_no_rule_5_violation(
    spec: Spec, seed: int, density: float
) -> None:
    s, m = generated(spec)
    values = random_values(m, seed, density)
    held = rows_hold(rules.locum_limits(m), values)
    assert held != verifier_finds(check_locum_limits, s, covers_of(m, values))
