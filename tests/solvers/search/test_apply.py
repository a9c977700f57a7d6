"""`apply`: the one place where the search state changes, finding by finding."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import numpy as np
import pytest
from scenario_builder import Spec, doctor, site, zone

from roster.solvers.search.apply import apply, holds, km_of
from roster.solvers.search.findings import (
    CoverageAtLeast,
    CoverageBound,
    CoverageCloseTo,
    Cuts,
    Entry,
    Facts,
    Fixings,
    Infeasible,
    KmAtBound,
    KmBound,
    KmCloseToLp,
    KmLpBound,
    Offer,
    PhaseResult,
    Settle,
)
from roster.solvers.search.month import Month
from solvers.built import month_of, planning, state


def two_zones() -> Spec:
    """Z1 (priority 3) and Z2 (priority 2), a day each; D1 at 0.1 deg from S1, S3 nearer."""
    zones = [zone("Z1", priority=3, demand=1), zone("Z2", priority=2, demand=1)]
    sites = [site("S1", "Z1", lon=0.1), site("S2", "Z2", lon=0.2), site("S3", "Z2", lon=0.05)]
    doctors = [doctor("D1", max_days=2), doctor("D2", lon=0.2, max_days=1, max_km=10)]
    return Spec(zones, sites, doctors, {"D1": [1, 2], "D2": [2]})


@pytest.fixture
def month(tmp_path: Path) -> Month:
    return month_of(two_zones(), tmp_path / "s")


def test_an_offer_replaces_the_incumbent_unless_it_ranks_strictly_higher(month: Month) -> None:
    one = state(month, planning(month, ("D1", "S1", 1)))
    near = planning(month, ("D1", "S1", 1), ("D2", "S2", 2))  # D2 lives at S2: 0 km
    far = planning(month, ("D1", "S1", 1), ("D1", "S3", 2))  # the same coverage, more km
    more = apply(one, PhaseResult((Offer(far),)), month)
    assert more.coverage > one.coverage and more.found  # higher coverage: adopted
    fewer_km = apply(more, PhaseResult((Offer(near),)), month)
    assert fewer_km.coverage == more.coverage and fewer_km.metres < more.metres
    kept = apply(
        fewer_km,
        PhaseResult(
            (Offer(far), Offer(one.values)),
        ),
        month,
    )
    assert kept.incumbent is fewer_km.incumbent  # more km, then less coverage: both rank lower


def test_an_equal_planning_is_adopted_and_the_incumbent_is_read_only(month: Month) -> None:
    one = planning(month, ("D1", "S1", 1))
    first = state(month, one)
    again = apply(first, PhaseResult((Offer(one.copy()),)), month)
    assert again.incumbent is not first.incumbent and np.array_equal(again.values, one)
    with pytest.raises(ValueError):
        again.values[0] = 1 - again.values[0]
    with pytest.raises(FrozenInstanceError):
        again.found = False  # type: ignore[misc]


def test_bounds_only_tighten_and_a_bound_of_zero_is_kept(month: Month) -> None:
    s = apply(state(month), PhaseResult((CoverageBound(10), CoverageBound(0), CoverageBound(7))), month)
    assert s.coverage_bound == 0  # the lowest upper bound, 0 included
    s = apply(s, PhaseResult((KmBound(5), KmBound(0), KmBound(3), KmLpBound(2.5), KmLpBound(1.0))), month)
    assert (s.km_bound, s.km_lp_bound) == (5, 2.5)  # the highest lower bounds


def test_a_km_bound_holds_only_where_its_condition_does(month: Month) -> None:
    one = state(month, planning(month, ("D1", "S1", 1)))
    unmet = apply(one, PhaseResult((KmBound(9, when=CoverageAtLeast(one.coverage + 1)),)), month)
    met = apply(one, PhaseResult((KmBound(9, when=CoverageAtLeast(one.coverage)),)), month)
    assert unmet.km_bound is None and met.km_bound == 9


def test_a_proof_is_recorded_when_its_condition_holds_and_the_first_one_stays(month: Month) -> None:
    one = state(month, planning(month, ("D1", "S1", 1)))
    score = one.coverage / month.scale
    s = apply(one, PhaseResult((Settle("coverage", "far", CoverageCloseTo(score + 1)),)), month)
    assert not s.coverage_proven
    s = apply(
        s, PhaseResult((Settle("coverage", "LP", CoverageCloseTo(score)), Settle("coverage", "later"))), month
    )
    assert dict(s.proof) == {"coverage": "LP"}
    assert holds(CoverageAtLeast(), s, month) is False  # no bound yet
    s = apply(s, PhaseResult((CoverageBound(s.coverage),)), month)
    assert holds(CoverageAtLeast(), s, month)


def test_km_proofs_compare_with_the_lp_bound_and_the_integer_bound(month: Month) -> None:
    one = state(month, planning(month, ("D1", "S1", 1)))
    km = km_of(one, month)
    assert not holds(KmCloseToLp(), one, month) and not holds(KmAtBound(), one, month)
    close = apply(one, PhaseResult((KmLpBound(km * (1 - 1e-7)), KmBound(one.metres))), month)
    assert holds(KmCloseToLp(), close, month) and holds(KmAtBound(), close, month)
    far = apply(one, PhaseResult((KmLpBound(km * 0.99), KmBound(one.metres - 1))), month)
    assert not holds(KmCloseToLp(), far, month) and not holds(KmAtBound(), far, month)


def test_a_planning_that_changes_the_missions_reopens_km_when_it_asks_to(month: Month) -> None:
    one = planning(month, ("D1", "S1", 1))
    proven = apply(state(month, one), PhaseResult((Settle("km", "LP"), Settle("coverage", "LP"))), month)
    same = apply(proven, PhaseResult((Offer(one.copy(), reopens_km=True),)), month)
    assert same.km_proven  # the same missions: km stays proven
    other = apply(proven, PhaseResult((Offer(planning(month, ("D1", "S1", 2)), reopens_km=True),)), month)
    assert not other.km_proven and other.coverage_proven and list(other.proof) == ["coverage"]


def test_cuts_fixings_facts_entries_and_infeasibility_are_kept(month: Month) -> None:
    s = apply(state(month), PhaseResult((
        Fixings(np.array([3, 1]), np.array([0])), Fixings(np.array([1, 2]), np.array([], dtype=np.int64)),
        Cuts(()), Facts({"km_lp_engine": "highs"}), Entry({"phase": "a"}), Entry({"phase": "b"}),
        Infeasible(),
    )), month)  # fmt: skip
    assert s.fixed_to_zero.tolist() == [1, 2, 3] and s.fixed_to_one.tolist() == [0]
    assert s.km_lp_engine == "highs" and [e["phase"] for e in s.log] == ["a", "b"] and s.infeasible


def test_facts_cannot_change_what_has_its_own_finding(month: Month) -> None:
    for name in ("incumbent", "coverage_bound", "proof", "log", "cuts"):
        with pytest.raises(ValueError, match=name):
            apply(state(month), PhaseResult((Facts({name: None}),)), month)


def test_findings_apply_in_order_so_a_result_is_its_parts_one_after_the_other(month: Month) -> None:
    one, both = planning(month, ("D1", "S1", 1)), planning(month, ("D1", "S1", 1), ("D2", "S2", 2))
    first = PhaseResult((Offer(one), Settle("coverage", "early", CoverageAtLeast(10**18))))
    second = PhaseResult((Offer(both), CoverageBound(month.ranking.of(both).coverage)))
    third = PhaseResult((Settle("coverage", "late", CoverageAtLeast()),))
    whole = apply(state(month), first.then(second, third), month)
    stepwise = apply(apply(apply(state(month), first, month), second, month), third, month)
    assert dict(whole.proof) == dict(stepwise.proof) == {"coverage": "late"}
    assert np.array_equal(whole.values, stepwise.values)
