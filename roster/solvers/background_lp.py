"""An LP solved in a thread while the solve goes on (a cut round beside the first dive).

GLOP releases the GIL while it solves (measured: a Python loop in the main thread
kept ticking every 10 ms through a 2.7 s coverage LP), so on two cores the LP runs
beside a CP-SAT search instead of after it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from roster.solvers.control import SolveControl
from roster.solvers.lp import LinearRelaxation, LpSolution, solve_lp

WAIT_S = 0.05  # how often a wait for the LP checks for a stop


class BackgroundLp:
    """`solve_lp` started in a thread at once; `result` joins it (interrupted first when
    cancelled: GLOP stops within its next iteration)."""

    def __init__(
        self,
        relaxation: LinearRelaxation,
        objective: np.ndarray,
        maximize: bool,
        extra_rows: list[tuple[np.ndarray, np.ndarray, float, float]],
        time_limit_s: float,
        glop_parameters: str = "",
    ) -> None:
        self._control = SolveControl()
        self._solution: LpSolution | None = None

        def solve() -> None:
            self._solution = solve_lp(
                relaxation, objective, maximize, extra_rows=extra_rows, time_limit_s=time_limit_s,
                control=self._control, glop_parameters=glop_parameters,
            )  # fmt: skip

        self._thread = threading.Thread(target=solve, name="roster-background-lp", daemon=True)
        self._thread.start()

    def result(self, cancel: bool = False, stopped: Callable[[], bool] = lambda: False) -> LpSolution | None:
        """The LP's solution once it is solved; None when `cancel`, or when `stopped()` turns
        true while it waits (a Ctrl-C): the LP is then interrupted."""
        if cancel:
            self._control.stop()
        while self._thread.is_alive():
            self._thread.join(WAIT_S)
            if not cancel and stopped():
                cancel = True
                self._control.stop()
        return None if cancel else self._solution
