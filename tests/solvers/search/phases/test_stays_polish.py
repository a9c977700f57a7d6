"""stays-polish: consecutive days at a lodging site joined into stays."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from roster.solvers.search.phases.stays_polish import StaysPolish
from solvers.built import context, entries, missions, month_of, state
from solvers.search.months import far_stay_month, two_sites_month


def test_three_days_in_a_row_become_one_stay_with_one_trip(tmp_path: Path) -> None:
    month = month_of(far_stay_month(), tmp_path / "s")
    m = month.m
    days = missions(month, ("D", "S", 6), ("D", "S", 7), ("D", "S", 8))
    unlinked = np.zeros(m.num_variables, dtype=np.int64)
    unlinked[m.x] = days
    ctx, before = context(month), state(month, unlinked, found=True)
    result = StaysPolish().run(before, ctx)
    after = ctx.apply(before, result)
    assert after.values[m.stays.var].sum() == 2 and after.metres < before.metres
    [entry] = entries(result)
    assert entry == {"phase": "stays-polish", "km_after": 120.0}  # the first day carries the trip


def test_only_stay_months_with_a_planning_are_polished(tmp_path: Path) -> None:
    assert StaysPolish().supports(month_of(far_stay_month(), tmp_path / "a"))
    assert not StaysPolish().supports(month_of(two_sites_month(), tmp_path / "b"))
    assert not StaysPolish().wanted(state(month_of(far_stay_month(), tmp_path / "c"), found=False))
