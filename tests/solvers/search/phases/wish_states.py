"""States the wish phases' tests start from: a planning of the best coverage, and its wish LP."""

from __future__ import annotations

from roster.solvers.search.month import Month
from roster.solvers.search.phases.lp_wish import LpWish
from roster.solvers.search.state import SearchState
from solvers.built import context, planning, state

# the five-cycle's coverage-2 plannings: two options that share nothing
A_AND_B = (("A", "S1", 1), ("B", "S2", 2))
B_AND_C = (("B", "S1", 1), ("C", "S2", 2))


def covered(month: Month, missions: tuple[tuple[str, str, int], ...] = A_AND_B) -> SearchState:
    return state(month, planning(month, *missions))


def with_wish_lp(month: Month, missions: tuple[tuple[str, str, int], ...] = A_AND_B) -> SearchState:
    before = covered(month, missions)
    ctx = context(month)
    return ctx.apply(before, LpWish().run(before, ctx))
