"""Stays (`roster.solvers.model.stays`, scenario.toml max_stay_days >= 2): links between
consecutive open days at a lodging site, chains, the length windows, and the monthly
cap exception. The rules are checked on what they allow: for a set of missions, does
some value of the link and one-stay variables satisfy every row of the model
(enumerated: the months here have a handful of links)?

October 2025: Monday 6 to Friday 10; FAR (lodging) is 120 km from D, NEAR 10 km.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from scenario_builder import Spec, doctor, site, zone

from roster.solvers.model import stays
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.rows import IMPLICATION, LINEAR
from roster.solvers.model.values import full_values
from solvers.built import model_of

Pick = tuple[str, int]  # (site, day of October) of D's missions


def stay_month(far_days: str = "Mon Tue Wed Thu Fri", max_days: int = 7, **settings: object) -> Spec:
    return Spec(
        [zone("Z1", demand=9)],
        [site("FAR", "Z1", lodging=1, days=far_days), site("NEAR", "Z1"), site("MID", "Z1", lodging=1)],
        [doctor("D", max_days=max_days, max_km=150)],
        {"D": [6, 7, 8, 9, 10]},
        distances=[
            {"from_id": "D", "to_id": "FAR", "km": 120},
            {"from_id": "D", "to_id": "NEAR", "km": 10},
            {"from_id": "D", "to_id": "MID", "km": 60},  # lodging, but within the day trip (80 km)
        ],
        settings={"max_days_per_doctor": 2, "max_stay_days": 3, **settings},
    )


def name(m: MissionModel, option: int) -> str:
    a, o = m.arrays, m.space.missions
    return f"{a.site_ids[o.site[option]]}/{a.dates[o.date[option]].day}"


def links_of(m: MissionModel) -> list[tuple[str, str, int]]:
    """(later day, earlier day, nights) of every link."""
    assert m.stays is not None
    s = m.stays
    return [
        (name(m, later), name(m, earlier), nights)
        for later, earlier, nights in zip(
            s.later.tolist(), s.earlier.tolist(), s.nights.tolist(), strict=True
        )
    ]


def missions(m: MissionModel, *picks: Pick) -> np.ndarray:
    wanted = {f"{s}/{day}" for s, day in picks}
    chosen = np.array([name(m, i) in wanted for i in range(len(m.space.missions))], dtype=np.int64)
    assert chosen.sum() == len(picks)
    return chosen


def completions(m: MissionModel, *picks: Pick) -> list[np.ndarray]:
    """Every value of the link and one-stay variables that, with these missions, keeps every row."""
    assert m.stays is not None
    base = full_values(m, missions(m, *picks), np.zeros(len(m.y), dtype=np.int64))
    free = np.concatenate((m.stays.var, m.stays.one_stay_var))
    found = []
    for bits in itertools.product([0, 1], repeat=len(free)):
        values = base.copy()
        values[free] = bits
        if m.relaxation.holds(values):
            found.append(values)
    return found


# --- links --------------------------------------------------------------------------------------


def test_previous_open_date_is_the_last_open_date_before_each_date() -> None:
    site_open = np.array([[True, False, True, True, False], [False, False, False, False, True]])
    assert stays.previous_open_date(site_open).tolist() == [[-1, 0, 0, 2, 3], [-1, -1, -1, -1, -1]]


def test_a_link_joins_each_stay_day_to_the_previous_open_date_of_its_site(tmp_path: Path) -> None:
    m = model_of(stay_month(far_days="Mon Wed Thu"), tmp_path)
    assert links_of(m) == [("FAR/8", "FAR/6", 2), ("FAR/9", "FAR/8", 1)]  # none at NEAR or MID


def test_a_lodging_site_becomes_a_stay_site_beyond_stay_min_km(tmp_path: Path) -> None:
    m = model_of(stay_month(far_days="Mon", stay_min_km=50), tmp_path)
    assert [later for later, _, _ in links_of(m)] == ["MID/7", "MID/8", "MID/9", "MID/10"]


def test_a_link_needs_both_of_its_days(tmp_path: Path) -> None:
    m = model_of(stay_month(far_days="Mon Tue"), tmp_path)
    assert m.stays is not None
    rows = stays.stay_days_are_consecutive_at_one_site(m)
    link, later, earlier = int(m.stays.var[0]), int(m.x[m.stays.later[0]]), int(m.x[m.stays.earlier[0]])
    pairs = [rows.variables[rows.starts[i] : rows.starts[i + 1]].tolist() for i in range(len(rows))]
    assert pairs == [[link, later], [link, earlier]]
    assert rows.kind.tolist() == [IMPLICATION, IMPLICATION] and rows.coeffs.tolist() == [1, -1, 1, -1]
    assert 1 in [c[link] for c in completions(m, ("FAR", 6), ("FAR", 7))]
    assert [c[link] for c in completions(m, ("FAR", 6), ("NEAR", 7))] == [0]


def test_a_link_across_a_closed_day_forbids_any_other_mission_of_the_doctor_between(tmp_path: Path) -> None:
    m = model_of(stay_month(far_days="Mon Wed", max_days_per_doctor=3), tmp_path)
    assert m.stays is not None
    link = int(m.stays.var[0])
    rows = stays.stay_days_are_consecutive_at_one_site(m)
    assert rows.kind[-1] == LINEAR and rows.high[-1] == 1
    between = {
        name(m, int(np.flatnonzero(m.x == v)[0])) for v in rows.variables[rows.starts[-2] :] if v != link
    }
    assert between == {"NEAR/7", "MID/7"}
    assert 1 in [c[link] for c in completions(m, ("FAR", 6), ("FAR", 8))]
    assert [c[link] for c in completions(m, ("FAR", 6), ("NEAR", 7), ("FAR", 8))] == [0]


# --- chains and their length -----------------------------------------------------------------


def test_links_form_one_chain_per_run_of_the_doctors_options_at_a_site(tmp_path: Path) -> None:
    spec = stay_month(far_days="Mon Tue Wed Thu Fri")
    spec.available["D"] = [6, 7, 9, 10]  # no option on Wednesday 8: two runs at FAR
    m = model_of(spec, tmp_path)
    assert m.stays is not None
    chains = [[links_of(m)[k][0] for k in chain.tolist()] for chain in stays.link_chains(m.stays)]
    assert chains == [["FAR/7"], ["FAR/10"]]


def test_every_max_stay_days_consecutive_links_of_a_chain_hold_at_most_max_stay_days_minus_one(
    tmp_path: Path,
) -> None:
    m = model_of(stay_month(max_days_per_doctor=5), tmp_path)  # a cap of 5: no cap exception
    assert m.stays is not None
    rows = stays.stay_length_limit(m)
    windows = [[links_of(m)[int(np.flatnonzero(m.stays.var == v)[0])][0] for v in
                rows.variables[rows.starts[i] : rows.starts[i + 1]]] for i in range(len(rows))]  # fmt: skip
    assert windows == [["FAR/7", "FAR/8", "FAR/9"], ["FAR/8", "FAR/9", "FAR/10"]]
    assert rows.high.tolist() == [2, 2]


def test_a_stay_is_at_most_max_stay_days_days(tmp_path: Path) -> None:
    m = model_of(stay_month(max_days_per_doctor=5), tmp_path)
    assert m.stays is not None
    four = completions(m, ("FAR", 6), ("FAR", 7), ("FAR", 8), ("FAR", 9))
    assert four  # four days are allowed ...
    assert max(int(c[m.stays.var].sum()) for c in four) == 2  # ... but one stay covers 3 of them


# --- the monthly cap exception -----------------------------------------------------------------


def test_a_doctor_may_exceed_the_cap_with_all_days_in_one_stay(tmp_path: Path) -> None:
    m = model_of(stay_month(), tmp_path)  # cap 2, stay cap 3
    assert m.stays is not None
    found = completions(m, ("FAR", 6), ("FAR", 7), ("FAR", 8))
    assert found and all(c[m.stays.one_stay_var].tolist() == [1] for c in found)


def test_days_beyond_the_cap_are_refused_when_one_is_not_at_the_stay_site(tmp_path: Path) -> None:
    m = model_of(stay_month(), tmp_path)
    assert completions(m, ("FAR", 6), ("FAR", 7), ("NEAR", 8)) == []


def test_days_beyond_the_cap_are_refused_when_they_form_two_stays(tmp_path: Path) -> None:
    m = model_of(stay_month(), tmp_path)
    assert completions(m, ("FAR", 6), ("FAR", 7), ("FAR", 9)) == []


def test_days_beyond_the_stay_cap_are_refused_even_in_one_stay(tmp_path: Path) -> None:
    m = model_of(stay_month(), tmp_path)
    assert completions(m, ("FAR", 6), ("FAR", 7), ("FAR", 8), ("FAR", 9)) == []


def test_days_within_the_cap_need_no_stay(tmp_path: Path) -> None:
    m = model_of(stay_month(), tmp_path)
    assert completions(m, ("FAR", 6), ("NEAR", 8))


def test_the_doctors_own_max_days_still_bounds_a_stay(tmp_path: Path) -> None:
    m = model_of(stay_month(max_days=2), tmp_path)  # stay cap min(2, max(2, 3)) = 2
    assert m.stays is not None and len(m.stays.one_stay_doctor) == 0
    assert len(stays.monthly_cap_stay_exception(m)) == 0
    assert completions(m, ("FAR", 6), ("FAR", 7), ("FAR", 8)) == []


def test_the_cap_exception_is_three_rows_over_the_doctors_days_links_and_one_stay_variable(
    tmp_path: Path,
) -> None:
    """days <= cap + (stay cap - cap) B; B => days - links <= 1; B => no day off the stay sites."""
    m = model_of(stay_month(), tmp_path)  # cap 2, stay cap 3; FAR is the only stay site
    assert m.stays is not None
    rows = stays.monthly_cap_stay_exception(m)
    b = int(m.stays.one_stay_var[0])
    days = dict.fromkeys(m.x.tolist(), 1)
    elsewhere = {int(m.x[i]): 1 for i in range(len(m.x)) if not name(m, i).startswith("FAR")}
    links = dict.fromkeys(m.stays.var.tolist(), -1)
    terms = [
        dict(zip(rows.variables[s:e].tolist(), rows.coeffs[s:e].tolist(), strict=True))
        for s, e in zip(rows.starts[:-1], rows.starts[1:], strict=True)
    ]
    assert terms == [{**days, b: -1}, {**days, **links, b: 3}, {**elsewhere, b: 3}]
    assert rows.low.tolist() == [-3, -5, 0] and rows.high.tolist() == [2, 4, 3]


# --- completing a planning's stays ----------------------------------------------------------------


def test_complete_stays_links_consecutive_days_and_cuts_a_stay_every_max_stay_days(tmp_path: Path) -> None:
    m = model_of(stay_month(max_days_per_doctor=5), tmp_path)
    assert m.stays is not None
    values = full_values(m, missions(m, *[("FAR", d) for d in (6, 7, 8, 9)]), np.zeros(0, dtype=np.int64))
    on = [links_of(m)[k][0] for k in np.flatnonzero(values[m.stays.var] == 1).tolist()]
    assert on == ["FAR/7", "FAR/8"]  # 6-7-8 is one stay; 9 starts again
    assert m.relaxation.holds(values)
    continued = np.flatnonzero(stays.continuation_mask(m, values)).tolist()
    assert [name(m, i) for i in continued] == ["FAR/7", "FAR/8"]
    assert stays.stay_nights_and_count(m, values) == (2, 1)


def test_complete_stays_sets_one_stay_only_when_all_days_form_one_stay(tmp_path: Path) -> None:
    m = model_of(stay_month(), tmp_path)
    assert m.stays is not None
    zeros = np.zeros(0, dtype=np.int64)
    one = full_values(m, missions(m, ("FAR", 7), ("FAR", 8), ("FAR", 9)), zeros)
    assert one[m.stays.one_stay_var].tolist() == [1] and m.relaxation.holds(one)
    split = full_values(m, missions(m, ("FAR", 7), ("NEAR", 9)), zeros)
    assert split[m.stays.one_stay_var].tolist() == [0] and m.relaxation.holds(split)


def test_a_gap_with_another_mission_breaks_the_stay_when_completed(tmp_path: Path) -> None:
    m = model_of(stay_month(far_days="Mon Wed", max_days_per_doctor=3), tmp_path)
    assert m.stays is not None
    values = full_values(m, missions(m, ("FAR", 6), ("NEAR", 7), ("FAR", 8)), np.zeros(0, dtype=np.int64))
    assert values[m.stays.var].tolist() == [0]
    assert stays.stay_nights_and_count(m, values) == (0, 0)
    assert m.relaxation.holds(values)
