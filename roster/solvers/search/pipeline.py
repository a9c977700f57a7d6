"""The monthly solve's phases, in order.

Coverage first (the LP, its cuts and dives, the flow, the policy months' starts and
dives, CP-SAT), then, re-planning, the fewest changes, then the wish score (wishes.csv:
its ceiling and a polish, the LP, its cuts and dives, CP-SAT; then held), then km
(polish, the km LP, its dives and cuts, CP-SAT, a last polish), then history. A phase
that belongs to this solve (`supports`) runs when the state still needs it (`wanted`);
each objective's phases hold the objectives before it with rows on the same integer
objectives (`SolveContext.hold`). An objective between the wish score and km goes after
"wish-held" and before "polish", and every later phase must hold it.
"""

from __future__ import annotations

from roster.solvers.search.phase import PhaseGroup, Step
from roster.solvers.search.phases.changes import Changes
from roster.solvers.search.phases.contract_start import ContractStart
from roster.solvers.search.phases.coverage_cuts import CoverageCuts
from roster.solvers.search.phases.coverage_dive import CoverageLpDive
from roster.solvers.search.phases.coverage_fixing import CoverageFixing
from roster.solvers.search.phases.coverage_search import CoverageSearch
from roster.solvers.search.phases.flow import Flow
from roster.solvers.search.phases.history import History
from roster.solvers.search.phases.km_cuts import KmCuts
from roster.solvers.search.phases.km_dive import KmLpDive
from roster.solvers.search.phases.km_search import KmSearch
from roster.solvers.search.phases.lp_coverage import LpCoverage
from roster.solvers.search.phases.lp_km import LpKm
from roster.solvers.search.phases.lp_wish import LpWish
from roster.solvers.search.phases.policy_dive import PolicyLpDive
from roster.solvers.search.phases.policy_flow import BudgetFlow, StayFlow
from roster.solvers.search.phases.policy_km_dive import PolicyKmDive
from roster.solvers.search.phases.polish import Polish
from roster.solvers.search.phases.stays_polish import StaysPolish
from roster.solvers.search.phases.wish_cuts import WishCuts
from roster.solvers.search.phases.wish_dive import WishLpDive
from roster.solvers.search.phases.wish_fixing import WishFixing
from roster.solvers.search.phases.wish_held import WishHeld
from roster.solvers.search.phases.wish_search import WishSearch
from roster.solvers.search.phases.wish_start import WishStart
from roster.solvers.search.state import SearchState


def _coverage_open(state: SearchState) -> bool:
    return not state.coverage_proven


def _wish_open(state: SearchState) -> bool:
    return not state.wish_proven


def _km_open(state: SearchState) -> bool:
    return not state.km_proven


PIPELINE: tuple[Step, ...] = (
    LpCoverage(),
    CoverageCuts(),
    CoverageLpDive(),
    Flow(),
    ContractStart(),
    StayFlow(),
    BudgetFlow(),
    PolicyLpDive(),
    PhaseGroup("coverage", _coverage_open, (CoverageFixing(), CoverageSearch())),
    Changes(),
    PhaseGroup("wish", _wish_open, (
        CoverageFixing(before_wishes=True), WishStart(), LpWish(), WishCuts(), WishLpDive(), WishFixing(),
        WishSearch(),
    )),
    WishHeld(),
    Polish(),
    StaysPolish(),
    PolicyKmDive(),
    PhaseGroup("km", _km_open, (
        CoverageFixing(),
        LpKm(),
        PhaseGroup("km-search", _km_open, (KmLpDive(), KmCuts(), KmSearch(), Polish(after_km=True))),
    )),
    History(),
)  # fmt: skip
