"""The phase protocol: what every step of the monthly solve answers.

A phase says once, from the month's inputs, whether it belongs to this solve
(`supports`); then, before it runs, whether the state still needs it (`wanted`); and
`run` returns what it found (a `PhaseResult`), which the pipeline folds into the state
with `apply`. A phase never changes the state itself. A `PhaseGroup` runs its phases
in order while its own condition held when it began (the km phase and its polish).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import PhaseResult
from roster.solvers.search.month import Month
from roster.solvers.search.state import SearchState


class Phase(Protocol):
    """One step of the monthly solve."""

    name: str

    def supports(self, month: Month) -> bool:
        """Whether the phase belongs to a solve of this month (its inputs only)."""
        ...

    def wanted(self, state: SearchState) -> bool:
        """Whether the phase can still help, given what the search found so far."""
        ...

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        """Search, and return what was found."""
        ...


@dataclass(frozen=True)
class PhaseGroup:
    """Phases run one after the other when `when(state)` holds before the first of them;
    each one's own `supports` and `wanted` still apply."""

    name: str
    when: Callable[[SearchState], bool]
    phases: tuple[Step, ...]

    def supports(self, month: Month) -> bool:
        return any(phase.supports(month) for phase in self.phases)

    def wanted(self, state: SearchState) -> bool:
        return self.when(state)


Step = Phase | PhaseGroup


def phases_of(steps: tuple[Step, ...]) -> list[Phase]:
    """Every phase of `steps`, groups opened, in order."""
    out: list[Phase] = []
    for step in steps:
        out.extend(phases_of(step.phases) if isinstance(step, PhaseGroup) else (step,))
    return out


def run_steps(steps: tuple[Step, ...], state: SearchState, ctx: SolveContext) -> SearchState:
    """Run every step that supports the month and is wanted, folding each phase's result
    into the state; stops when the solve is stopped or proven infeasible."""
    for step in steps:
        if ctx.control.stopped or state.infeasible:
            break
        if not step.supports(ctx.month) or not step.wanted(state):
            continue
        if isinstance(step, PhaseGroup):
            state = run_steps(step.phases, state, ctx)
        else:
            proven = set(state.proof)
            state = ctx.apply(state, step.run(state, ctx))
            if set(state.proof) != proven:  # a proof as soon as it is made (benchmarks time them)
                ctx.show("proof", state)
    return state
