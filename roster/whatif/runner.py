"""Solve sweep variants in parallel: local processes or a Dask distributed cluster.

Both executors run the same function, `solve_variant`, on the same data: the variant's
scenario travels as `Scenario.model_dump(mode="python")` (never a path, so a remote
worker needs no shared disk) and the planning comes back as `Planning.model_dump`.
Results are yielded as they complete; the caller writes them. Dask is imported only
by `connect_dask`, so the local path never imports it.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Generator, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from roster.models import Planning, Scenario
from roster.solvers import SolveOptions, solve

if TYPE_CHECKING:  # pragma: no cover
    from dask.distributed import Client

DASK_HINT = "the dask executor needs dask.distributed: pip install roster[dask]"


class ExecutorError(Exception):
    """The executor cannot be used (dask missing, scheduler unreachable)."""


@dataclass(frozen=True)
class VariantTask:
    """Everything a worker needs to solve one variant."""

    slug: str
    scenario_data: dict[str, Any]
    time_limit_s: float
    workers: int
    seed: int


@dataclass(frozen=True)
class VariantResult:
    """A worker's answer: the planning as data, or why there is none."""

    slug: str
    planning_data: dict[str, Any] | None
    error: str = ""

    def planning(self) -> Planning | None:
        return None if self.planning_data is None else Planning.model_validate(self.planning_data)


def make_task(slug: str, scenario: Scenario, time_limit_s: float, workers: int, seed: int) -> VariantTask:
    return VariantTask(slug, scenario.model_dump(mode="python"), time_limit_s, workers, seed)


def solve_variant(task: VariantTask) -> VariantResult:
    """Rebuild the scenario from its data and solve it (runs in a worker process)."""
    try:
        scenario = Scenario.model_validate(task.scenario_data)
        options = SolveOptions(time_limit_s=task.time_limit_s, workers=task.workers, seed=task.seed)
        return VariantResult(task.slug, solve(scenario, options).model_dump(mode="python"))
    except Exception as exc:
        return VariantResult(task.slug, None, f"{type(exc).__name__}: {exc}")


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _result(future: Any, task: VariantTask) -> VariantResult:
    try:
        return future.result()
    except Exception as exc:  # a crashed worker process, a lost Dask worker...
        return VariantResult(task.slug, None, f"{type(exc).__name__}: {exc}")


def run_in_processes(
    tasks: Iterable[VariantTask], jobs: int, total: int | None = None
) -> Generator[VariantResult, None, None]:
    """Solve the tasks in `jobs` fresh (spawned) processes; yield results as they complete.

    Tasks are taken from the iterable as workers free up (at most two per worker wait
    in the queue), so a large grid is never built in memory at once.
    """
    workers = max(1, min(jobs, total if total is not None else jobs))
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_ignore_sigint,
    )
    remaining = iter(tasks)
    pending: dict[Any, VariantTask] = {}

    def fill() -> None:
        while len(pending) < 2 * workers:
            task = next(remaining, None)
            if task is None:
                return
            pending[executor.submit(solve_variant, task)] = task

    finished = False
    try:
        fill()
        while pending:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in done:
                yield _result(future, pending.pop(future))
            fill()
        finished = True
    finally:
        if not finished:  # Ctrl-C or the caller stopped early: do not wait for running solves
            for process in list(getattr(executor, "_processes", {}).values()):
                process.terminate()
        executor.shutdown(wait=True, cancel_futures=True)


def connect_dask(address: str, timeout_s: float = 10.0) -> Client:
    """A client of the Dask scheduler at `address`; ExecutorError if dask is missing or it is unreachable."""
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise ExecutorError(DASK_HINT) from exc
    try:
        return Client(address, timeout=timeout_s, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ExecutorError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def run_on_dask(client: Client, tasks: Sequence[VariantTask]) -> Generator[VariantResult, None, None]:
    """Submit every task to the cluster; yield results as they complete."""
    from dask.distributed import as_completed as dask_completed

    futures = {client.submit(solve_variant, task, pure=False): task for task in tasks}
    finished = False
    try:
        for future in dask_completed(list(futures), loop=client.loop):
            yield _result(future, futures[future])
        finished = True
    finally:
        if not finished:
            client.cancel(list(futures))
