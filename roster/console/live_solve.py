"""Run a solve in a worker thread with a rich live status line; Ctrl-C stops it gracefully."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import NoReturn, TypeVar

from rich.console import Console
from rich.live import Live
from rich.spinner import Spinner
from rich.text import Text

from roster.solvers import Progress, SolveControl

T = TypeVar("T")
CTRL_C_HINT = "  Ctrl-C: stop and keep the best planning"


def progress_text(p: Progress | None, started: float, interrupted: bool) -> Text:
    elapsed = time.perf_counter() - started
    text = Text()
    if p is None or p.phase == "build":
        text.append(f"building the model  {elapsed:6.1f} s", style="cyan")
        return text
    text.append(f"{p.phase:<8}", style="bold cyan")
    text.append(f" {elapsed:6.1f} s")
    if p.coverage is not None:
        text.append(f"  coverage {p.coverage:.4f}")
    if p.bound is not None:
        text.append(f"  bound {p.bound:.4f}")
    if p.gap is not None:
        text.append(f"  gap {100 * p.gap:.2f}%", style="yellow" if p.gap > 1e-9 else "green")
    if p.km is not None:
        text.append(f"  km {p.km:,.1f}")
    if p.km_bound is not None:
        text.append(f"  (bound {p.km_bound:,.1f})")
    if p.wish is not None:
        text.append(f"  wishes {p.wish}" + ("" if p.wish_bound is None else f" (bound {p.wish_bound})"))
    if p.proven:
        text.append(f"  proven: {', '.join(p.proven)}", style="green")
    if interrupted:
        text.append("  stopping: keeping the best planning so far...", style="bold red")
    else:
        text.append(CTRL_C_HINT, style="dim")
    return text


SECOND_CTRL_C = "second Ctrl-C: stopped at once; nothing was written."


def abort_now(live: Live | None) -> NoReturn:
    """The second Ctrl-C: say so on the real stderr and leave at once (exit 130).

    The live display redirects stderr, and a normal exit would wait for (or crash in)
    the solver's native threads; nothing has been written yet, so nothing is lost.
    """
    if live is not None:
        with contextlib.suppress(Exception):
            live.stop()
    stream = sys.__stderr__
    if stream is not None:
        stream.write(SECOND_CTRL_C + "\n")
        stream.flush()
    os._exit(130)


def run_with_live_progress(
    work: Callable[[Callable[[Progress], None], SolveControl], T],
    console: Console,
    show: bool = True,
) -> tuple[T, bool]:
    """Run `work(progress, control)` in a thread; returns (result, interrupted).

    The first Ctrl-C asks the solver to stop and waits for the best planning; a
    second one aborts at once with a message (`abort_now`), nothing is written.
    On a terminal the status is one live line; elsewhere (a log file, a batch job)
    one plain line is printed each time the solve enters a new phase.
    """
    control = SolveControl()
    latest: list[Progress | None] = [None]
    result: list[T] = []
    failure: list[BaseException] = []
    started = time.perf_counter()

    done = threading.Event()

    plain = show and not console.is_terminal
    phases_seen: list[str] = []

    def on_progress(p: Progress) -> None:
        latest[0] = p
        if plain and p.phase != "build" and (not phases_seen or phases_seen[-1] != p.phase):
            phases_seen.append(p.phase)
            console.print(progress_text(p, started, False)[: -len(CTRL_C_HINT)].plain, markup=False)

    def target() -> None:
        try:
            result.append(work(on_progress, control))
        except BaseException as exc:  # re-raised in the main thread
            failure.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=target, name="roster-solve", daemon=True)
    interrupted = False
    spinner = Spinner("dots")

    def render() -> Spinner:
        spinner.text = progress_text(latest[0], started, interrupted)
        return spinner

    live = (
        Live(render(), console=console, refresh_per_second=8, transient=True, get_renderable=render)
        if show and not plain
        else None
    )
    if live is not None:
        live.start()
    try:
        thread.start()
        # Event.wait, not Thread.join: a KeyboardInterrupt inside join() corrupts the
        # thread's state on Python 3.11 (is_alive() turns False while it still runs).
        while not done.is_set():
            try:
                done.wait(0.1)
            except KeyboardInterrupt:
                if interrupted:
                    abort_now(live)
                interrupted = True
                control.stop()
    finally:
        if live is not None:
            live.stop()
    if failure:
        raise failure[0]
    return result[0], interrupted
