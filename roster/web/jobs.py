"""The solve queue: each job runs `roster.web.worker.run_job` in its own process.

At most `jobs` processes run at once and never two of the same scenario; the others
wait in order. Progress comes back through one multiprocessing queue read by a
thread; a stop request sets the job's event and the child writes its best planning.
Closing the server stops running solves (they still write their planning, within a
grace period) and drops the queued ones.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from roster.web.store import new_id, now_iso
from roster.web.worker import run_job

STATES = ("queued", "running", "done", "failed")


class ReplanBusy(Exception):
    """Another re-plan of the same planning is queued or running."""

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        super().__init__(job_id)


@dataclass
class Job:
    """One solve (or re-plan) and what is known of it."""

    id: str
    kind: str  # "solve", "replan" or "explain"
    scenario: str
    planning_id: str
    spec: dict[str, Any]
    state: str = "queued"
    created: str = field(default_factory=now_iso)
    phase: str | None = None
    elapsed_s: float | None = None
    status: str | None = None
    coverage_score: float | None = None
    best_bound: float | None = None
    gap: float | None = None
    km: float | None = None
    message: str = ""
    stop_requested: bool = False
    version: int = 0
    process: Any = None
    stop_event: Any = None
    dead_since: float | None = None
    url: str = ""  # the page showing the result
    started_at: float | None = None

    @property
    def planning(self) -> str | None:
        return self.planning_id if self.state == "done" else None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


class JobManager:
    """Runs jobs in worker processes, `jobs` at a time."""

    def __init__(self, jobs: int = 1, target: Callable[..., None] | None = None) -> None:
        """`target(spec, events, stop)` runs in each child (default: `roster.web.worker.run_job`)."""
        self.max_running = max(1, jobs)
        self._target = target
        self._ctx = mp.get_context("spawn")
        self._events = self._ctx.Queue()
        self._cond = threading.Condition()
        self._jobs: dict[str, Job] = {}
        self._queue: list[str] = []
        self._closed = False
        self._threads = [
            threading.Thread(target=self._dispatch, name="roster-jobs", daemon=True),
            threading.Thread(target=self._read, name="roster-events", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    # --- public -------------------------------------------------------------------
    def submit(
        self, kind: str, scenario: str, make_spec: Callable[[str, str], dict[str, Any]],
        planning_id: str | None = None, replans: str | None = None,
    ) -> Job:  # fmt: skip
        """Queue a job; `make_spec(job_id, planning_id)` gives what the worker needs. The planning
        id is a new one (solve, replan) or the planning the job works on (explain). `replans`: the
        planning a re-plan starts from; `ReplanBusy` while another re-plan of it is unfinished
        (each would keep the mission the other cancelled)."""
        with self._cond:
            if self._closed:
                raise RuntimeError("the server is stopping")
            busy = [
                j
                for j in self._jobs.values()
                if replans and not j.finished and j.spec.get("replans") == replans
            ]
            if busy:
                raise ReplanBusy(busy[0].id)
            job_id, planning_id = new_id("j"), planning_id or new_id("p")
            spec = {**make_spec(job_id, planning_id), "job": job_id, "replans": replans}
            job = Job(id=job_id, kind=kind, scenario=scenario, planning_id=planning_id, spec=spec)
            self._jobs[job.id] = job
            self._queue.append(job.id)
            self._cond.notify_all()
            return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        with self._cond:
            return sorted(self._jobs.values(), key=lambda j: j.created, reverse=True)

    def position(self, job: Job) -> int | None:
        """1 for the next job to start, None when not queued."""
        with self._cond:
            return self._queue.index(job.id) + 1 if job.id in self._queue else None

    def queued(self) -> list[Job]:
        with self._cond:
            return [self._jobs[j] for j in self._queue]

    def running(self) -> list[Job]:
        with self._cond:
            return [j for j in self._jobs.values() if j.state == "running"]

    def stop(self, job_id: str) -> Job | None:
        """Stop a job: a queued one never starts, a running one keeps its best planning."""
        with self._cond:
            job = self._jobs.get(job_id)
            if job is None or job.finished:
                return job
            job.stop_requested = True
            if job.id in self._queue:
                self._queue.remove(job.id)
                self._finish(job, "failed", "stopped before it started")
            elif job.stop_event is not None:
                job.stop_event.set()
            job.version += 1
            self._cond.notify_all()
            return job

    def shutdown(self, grace_s: float = 20.0) -> None:
        """Drop queued jobs, stop running ones and wait (up to `grace_s`) for their plannings."""
        with self._cond:
            self._closed = True
            for job_id in list(self._queue):
                self._finish(self._jobs[job_id], "failed", "the server stopped before this job started")
            self._queue.clear()
            running = [j for j in self._jobs.values() if j.state == "running"]
            for job in running:
                job.stop_requested = True
                job.stop_event.set()
            self._cond.notify_all()
        deadline = time.monotonic() + grace_s
        for job in running:
            job.process.join(max(0.0, deadline - time.monotonic()))
        for job in running:
            if job.process.is_alive():
                job.process.terminate()
                job.process.join(5)
        self._drain(block_s=0.5)
        with self._cond:
            for job in running:
                if not job.finished:
                    self._finish(job, "failed", "the server stopped during this solve")
        for thread in self._threads:
            thread.join(2)

    def wait(self, job_id: str, timeout: float) -> Job | None:
        """Block until the job is finished or `timeout` passes (for scripts and tests)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                job = self._jobs.get(job_id)
                left = deadline - time.monotonic()
                if job is None or job.finished or left <= 0:
                    return job
                self._cond.wait(min(left, 0.5))

    # --- threads ------------------------------------------------------------------
    def _dispatch(self) -> None:
        while True:
            with self._cond:
                job = None
                while not self._closed:
                    job = self._next_startable()
                    if job is not None:
                        break
                    self._cond.wait(0.5)
                if self._closed:
                    return
                assert job is not None
                self._queue.remove(job.id)
                job.stop_event = self._ctx.Event()
                job.process = self._ctx.Process(
                    target=self._target or run_job, args=(job.spec, self._events, job.stop_event),
                    name=f"roster-{job.id}", daemon=True,
                )  # fmt: skip
                job.state = "running"
                job.phase = "start"
                job.started_at = time.monotonic()
                try:  # under the lock: shutdown() only ever sees started processes
                    job.process.start()
                except OSError as exc:
                    self._finish(job, "failed", f"could not start a solve process: {exc}")
                job.version += 1
                self._cond.notify_all()

    def _next_startable(self) -> Job | None:
        busy = {j.scenario for j in self._jobs.values() if j.state == "running"}
        if len(busy) >= self.max_running:
            return None
        for job_id in self._queue:
            if self._jobs[job_id].scenario not in busy:
                return self._jobs[job_id]
        return None

    def _read(self) -> None:
        while not (self._closed and not self.running()):
            self._drain(block_s=0.25)
            self._reap()

    def _drain(self, block_s: float) -> None:
        try:
            message = self._events.get(timeout=block_s)
        except (queue.Empty, OSError, EOFError, ValueError):
            return
        while True:
            self._apply(message)
            try:
                message = self._events.get_nowait()
            except (queue.Empty, OSError, EOFError, ValueError):
                return

    def _apply(self, message: dict[str, Any]) -> None:
        with self._cond:
            job = self._jobs.get(message.get("job", ""))
            if job is None or job.finished:
                return
            for key in ("phase", "elapsed_s", "coverage_score", "best_bound", "gap", "km", "status"):
                if message.get(key) is not None:
                    setattr(job, key, message[key])
            kind = message.get("type")
            if kind == "done":
                job.phase = "done"
                self._finish(job, "done", "stopped: best planning kept" if message.get("interrupted") else "")
            elif kind == "failed":
                self._finish(job, "failed", str(message.get("message", "the solve failed")))
            job.version += 1
            self._cond.notify_all()

    def _reap(self) -> None:
        """A process that ended without its final message failed (killed, out of memory...)."""
        with self._cond:
            for job in self._jobs.values():
                if job.state != "running" or job.process is None or job.process.is_alive():
                    continue
                if job.dead_since is None:
                    job.dead_since = time.monotonic()
                elif time.monotonic() - job.dead_since > 2.0:
                    code = job.process.exitcode
                    self._finish(job, "failed", f"the solve process ended unexpectedly (exit code {code})")

    def _finish(self, job: Job, state: str, message: str) -> None:
        job.state = state
        job.message = message
        job.stop_event = None  # its semaphore is released (no leak warning at exit)
        if job.started_at is not None:
            job.elapsed_s = round(time.monotonic() - job.started_at, 2)
        job.version += 1
        self._cond.notify_all()
