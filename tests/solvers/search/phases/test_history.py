"""history: returns to known sites, then balanced totals, with every objective before held."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scenario_builder import Spec, doctor, site, zone

from roster.solvers.search.phases.history import History
from solvers.built import context, entries, month_of, planning, state


def month_with_history(folder: Path) -> Spec:
    """One day wanted, two sites as far from D1 on either side; D1 came to S2 last month."""
    spec = Spec([zone("Z1", demand=1)], [site("S1", "Z1", lon=0.05), site("S2", "Z1", lon=-0.05)],
                [doctor("D1")], {"D1": [1]})  # fmt: skip
    spec.write(folder)
    (folder / "history.csv").write_text("date,doctor_id,site_id\n2025-09-12,D1,S2\n", encoding="utf-8")
    return spec


def test_a_doctor_goes_back_to_the_site_they_served_when_nothing_else_is_lost(tmp_path: Path) -> None:
    spec = month_with_history(tmp_path / "s")
    month = month_of(spec, tmp_path / "s")
    assert History().supports(month)
    first, back = planning(month, ("D1", "S1", 1)), planning(month, ("D1", "S2", 1))
    ctx, before = context(month), state(month, first)
    result = History().run(before, ctx)
    after = ctx.apply(before, result)
    assert np.array_equal(after.values, back) and after.metres == before.metres
    assert [e["phase"] for e in entries(result)] == ["history"]


def test_without_history_the_phase_does_not_run(tmp_path: Path) -> None:
    spec = Spec([zone("Z1", demand=1)], [site("S1", "Z1")], [doctor("D1")], {"D1": [1]})
    assert not History().supports(month_of(spec, tmp_path / "s"))
