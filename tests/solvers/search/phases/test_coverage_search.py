"""coverage: CP-SAT maximises coverage; INFEASIBLE proves the pins cannot all hold."""

from __future__ import annotations

from pathlib import Path

from fractional_fixtures import odd_cycle
from scenario_builder import Spec, doctor, site, zone

from roster.solvers.search.phases.coverage_search import CoverageSearch
from roster.solvers.search.proofs import CP_SAT_PROOF
from solvers.built import context, month_of, state


def test_cp_sat_proves_the_five_cycles_optimum(tmp_path: Path) -> None:
    month = month_of(odd_cycle((1.1, 1.3, 1.7)), tmp_path / "s")
    ctx, before = context(month), state(month)
    after = ctx.apply(before, CoverageSearch().run(before, ctx))
    assert after.proof["coverage"] == CP_SAT_PROOF and after.coverage == 3 * month.scale
    assert after.coverage_bound == 3 * month.scale and after.found and not after.infeasible
    assert [e["phase"] for e in after.log] == ["coverage"]


def test_two_pins_of_one_doctor_on_one_day_are_infeasible(tmp_path: Path) -> None:
    spec = Spec([zone("Z1")], [site("S1", "Z1"), site("S2", "Z1", lon=0.1)], [doctor("D1")], {"D1": [1]})
    folder = spec.write(tmp_path / "s")
    (folder / "pins.csv").write_text("date,doctor_id,site_id\n2025-10-01,D1,S1\n2025-10-01,D1,S2\n")
    month = month_of(spec, tmp_path / "s")
    ctx, before = context(month), state(month)
    after = ctx.apply(before, CoverageSearch().run(before, ctx))
    assert after.infeasible and after.log[-1]["status"] == "INFEASIBLE"
