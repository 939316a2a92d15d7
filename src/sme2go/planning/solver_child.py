"""The solver's own process, started by the job (:mod:`sme2go.planning.jobs`).

This module imports nothing from Django: the job starts it with multiprocessing's
"spawn" method, so the child is a fresh interpreter that never inherits the worker's
database connection, threads or locks. The engine forks its own search processes and
keeps the GIL while it solves; in a process of its own it can do both without stalling
the worker's heartbeat.

The child leads a new process group, so the job ends it together with the engine's
processes in one ``killpg``. If the worker itself dies (``kill -9``), a watchdog thread
sees the parent change and ends the group, so no solver is left running unattended.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

# How often the watchdog looks for its parent (seconds).
WATCH_INTERVAL_S = 0.5


def _watch_parent(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os.killpg(0, signal.SIGKILL)
        time.sleep(WATCH_INTERVAL_S)


def run(instance: Any, options: dict[str, Any], queue: Any, parent_pid: int) -> None:
    """Solve ``instance`` with :class:`SolveOptions` ``options``; put
    ``("progress", time_s, objective, bound, phase)`` tuples on ``queue`` as the engine
    reports, then ``("result", result)`` (or ``("error", text)``)."""
    os.setpgid(0, 0)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    from sme2go.scheduling import SolveOptions, solve

    def report(progress) -> None:
        queue.put(("progress", progress.time_s, progress.objective, progress.bound, progress.phase))

    try:
        result = solve(instance, SolveOptions(**options, progress=report))
    except Exception as exc:  # any engine error ends the run with its text as the message
        queue.put(("error", f"{type(exc).__name__}: {exc}"))
    else:
        queue.put(("result", result))
