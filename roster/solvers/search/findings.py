"""What a phase found, in the order it found it: the only way a phase changes the search.

A phase returns a `PhaseResult`, a sequence of findings; `apply` folds them into the
state one after the other. A finding is a planning offered (`Offer`), a proven bound
(`CoverageBound`, `WishBound`, `KmBound`, `KmLpBound`), a proof claimed under a condition on the state
it is applied to (`Settle`), what later phases reuse (`Cuts`, `Fixings`, `Facts`), an
entry of the phases' log (`Entry`), or the proof that no planning exists (`Infeasible`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from roster.solvers.engines.cuts import Cut


@dataclass(frozen=True)
class Offer:
    """A planning (every model variable): the incumbent unless that ranks strictly higher.
    `reopens_km`: when it is adopted and its missions differ, km is no longer proven."""

    values: np.ndarray
    reopens_km: bool = False


@dataclass(frozen=True)
class CoverageBound:
    """A proven upper bound on the integer coverage objective (the lowest one counts)."""

    value: int


@dataclass(frozen=True)
class KmBound:
    """A proven lower bound on the second objective in metres (the highest one counts),
    valid only when `when` holds (a bound at one coverage is none at another)."""

    metres: int
    when: Condition | None = None


@dataclass(frozen=True)
class WishBound:
    """A proven upper bound on the wish score at the coverage held (the lowest one counts)."""

    value: int


@dataclass(frozen=True)
class KmLpBound:
    """The km LP's bound in km at the incumbent's coverage (the highest one counts)."""

    km: float


@dataclass(frozen=True)
class CoverageCloseTo:
    """The incumbent's coverage is within PROVEN_GAP of an LP bound."""

    lp_value: float


@dataclass(frozen=True)
class CoverageAtLeast:
    """The incumbent's integer coverage reaches `value` (None: the state's coverage bound)."""

    value: int | None = None


@dataclass(frozen=True)
class WishAtBound:
    """The incumbent's wish score reaches the state's wish bound."""


@dataclass(frozen=True)
class KmCloseToLp:
    """The incumbent's km is within KM_PROVEN_GAP of the state's km LP bound."""


@dataclass(frozen=True)
class KmAtBound:
    """The incumbent's metres reach the state's km bound."""


Condition = CoverageCloseTo | CoverageAtLeast | WishAtBound | KmCloseToLp | KmAtBound


@dataclass(frozen=True)
class Settle:
    """`objective` ("coverage", "wish" or "km") is proven optimal, by `proof`, when
    `when` holds (always when None); the first proof of an objective stays."""

    objective: str
    proof: str
    when: Condition | None = None


@dataclass(frozen=True)
class Cuts:
    """Valid cuts: of the coverage LP (every later model and LP holds them) or, with
    `km`, of the km LP (the km model after its holds, then every later model)."""

    cuts: tuple[Cut, ...]
    km: bool = False


@dataclass(frozen=True)
class Fixings:
    """Variables reduced-cost fixing sets to 0 or 1 in every planning as good as the incumbent."""

    to_zero: np.ndarray
    to_one: np.ndarray


@dataclass(frozen=True)
class Facts:
    """What later phases reuse: new values of the state's other fields (LP optima, the
    basis, the wish score held, ...), by name."""

    fields: dict[str, Any]


@dataclass(frozen=True)
class Entry:
    """One entry of the phases' log (summary.json `phases`)."""

    entry: dict[str, object]


@dataclass(frozen=True)
class Infeasible:
    """No planning satisfies the pins and zone minimums (proven by CP-SAT)."""


Finding = (
    Offer
    | CoverageBound
    | WishBound
    | KmBound
    | KmLpBound
    | Settle
    | Cuts
    | Fixings
    | Facts
    | Entry
    | Infeasible
)


@dataclass(frozen=True)
class PhaseResult:
    """A phase's findings, in order."""

    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def then(self, *findings: Finding | PhaseResult) -> PhaseResult:
        """These findings followed by `findings` (or by another result's)."""
        more: list[Finding] = []
        for finding in findings:
            more.extend(finding.findings if isinstance(finding, PhaseResult) else (finding,))
        return PhaseResult(self.findings + tuple(more))
