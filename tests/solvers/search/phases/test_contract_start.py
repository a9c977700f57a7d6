"""contract-start (stay months): the LP optima of the month without stays as a start."""

from __future__ import annotations

from pathlib import Path

from roster.solvers.search.phases.contract_start import ContractStart
from solvers.built import context, entries, month_of, state
from solvers.search.months import easy_month, far_stay_month


def test_a_stay_month_starts_from_the_contract_months_optimum(tmp_path: Path) -> None:
    """The contract month gives the doctor 2 days (the cap without a stay), 120 km each."""
    month = month_of(far_stay_month(), tmp_path / "s")
    ctx, before = context(month), state(month)
    result = ContractStart().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert entry["integral"] and entry["km_lp_integral"] and entry["km"] == 240.0
    assert after.found and int(after.values[month.m.x].sum()) == 2
    assert after.contract_km_support is not None and int(after.contract_km_support.sum()) == 2
    assert not after.values[month.m.stays.var].any()  # no stay: a planning of the contract month


def test_only_stay_months_start_from_the_contract_month(tmp_path: Path) -> None:
    assert ContractStart().supports(month_of(far_stay_month(), tmp_path / "a"))
    assert not ContractStart().supports(month_of(far_stay_month(), tmp_path / "b", use_lp=False))
    assert not ContractStart().supports(month_of(easy_month(), tmp_path / "c"))
