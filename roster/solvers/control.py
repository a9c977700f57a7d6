"""Options, progress snapshots and the stop switch of a solve."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SolveOptions:
    """How long and how the solve searches."""

    time_limit_s: float = 60.0
    workers: int = 0  # CP-SAT workers; 0: every core
    seed: int = 0
    log_search: bool = False
    minimize_km: bool = True
    use_lp: bool = True  # LP relaxations (GLOP): bounds, often the planning, reduced-cost fixing
    use_flow: bool = True  # flow relaxation + repair when the LP planning is not integral
    use_cuts: bool = True  # zero-half cuts on a fractional coverage LP


@dataclass(frozen=True)
class Progress:
    """A snapshot of the search, for the live display."""

    phase: str  # "build", "lp", "flow", "coverage", "changes", "wish", "km", "history" or "proof"
    elapsed_s: float
    coverage: float | None = None
    bound: float | None = None
    km: float | None = None
    km_bound: float | None = None
    wish: int | None = None  # wishes.csv: the wish score and its bound
    wish_bound: int | None = None
    proven: tuple[str, ...] = ()  # the objectives proven so far ("coverage", "wish", "km")

    @property
    def gap(self) -> float | None:
        if self.coverage is None or self.bound is None:
            return None
        return max(0.0, self.bound - self.coverage) / max(abs(self.bound), 1e-12)


ProgressFn = Callable[[Progress], None]


class Stoppable(Protocol):
    def stop_search(self) -> None: ...


class SolveControl:
    """Lets another thread stop the running search (keeping the best planning so far)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._solver: Stoppable | None = None
        self.stopped = False

    def attach(self, solver: Stoppable | None) -> bool:
        """Register the running solver; False if a stop was already requested."""
        with self._lock:
            self._solver = solver
            return not self.stopped

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            if self._solver is not None:
                self._solver.stop_search()
