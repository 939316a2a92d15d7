"""The production-style web server behind ``sme2go serve`` and ``sme2go demo``.

It is waitress, a pure-Python multi-threaded WSGI server (no system packages, runs on
every platform), serving :data:`sme2go.config.wsgi.application`. Static files are served
by WhiteNoise inside the application, so the server works with ``DEBUG`` off and needs no
``collectstatic`` step.

Beside the web server, :func:`serve` starts one background worker (``sme2go worker``,
the job queue of :mod:`sme2go.planning.jobs`) in a child process and stops it on exit,
so scheduler runs work without a second command; ``--no-worker`` leaves that to
separately started ``sme2go worker`` processes. Once the server listens, a background
thread loads the PDF engine (:func:`sme2go.agendas.exports.warm_pdf`), so the first
agenda PDF takes as long as the next ones and start-up does not wait for it.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from django.core.management.base import CommandError, CommandParser

DEFAULT_ADDR = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_THREADS = 8
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# How long the worker may take to finish its job in hand when the server stops.
WORKER_STOP_S = 10

logger = logging.getLogger(__name__)


def _bounded_int(low: int, high: int):
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected a number from {low} to {high}, not {raw!r}")
        return value

    return parse


def add_server_arguments(parser: CommandParser) -> None:
    """The ``--addr``, ``--port`` and ``--threads`` options shared by ``serve`` and ``demo``."""
    parser.add_argument(
        "--addr", default=DEFAULT_ADDR, help=f"address to listen on (default {DEFAULT_ADDR})"
    )
    parser.add_argument(
        "--port",
        type=_bounded_int(1, 65535),
        default=DEFAULT_PORT,
        help=f"port to listen on (default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--threads",
        type=_bounded_int(1, 256),
        default=DEFAULT_THREADS,
        help=f"worker threads (default {DEFAULT_THREADS})",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start a background worker (run 'sme2go worker' separately)",
    )


def url_for(addr: str, port: int) -> str:
    """The URL a browser on this machine opens for a server bound to ``addr:port``."""
    host = "127.0.0.1" if addr in ("0.0.0.0", "") else addr
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def _stop_with_parent() -> None:
    """In the worker child (Linux): the kernel sends it SIGTERM when the server process
    dies, even by SIGKILL, so no worker outlives its server."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _stop_on_sigterm(signum, frame) -> None:
    # waitress shuts down cleanly on SystemExit, as on Ctrl-C; the worker is then stopped.
    raise SystemExit(0)


def _warm_pdf() -> None:
    from sme2go.agendas.exports import warm_pdf

    start = time.perf_counter()
    try:
        warm_pdf()
        logger.info("PDF engine loaded in %.1f s", time.perf_counter() - start)
    except Exception:
        # A warm-up that fails costs the first PDF its speed, not the server its start;
        # that PDF then shows the real error to whoever asked for it.
        logger.warning("Could not load the PDF engine in advance", exc_info=True)


def start_pdf_warm_up() -> threading.Thread:
    """Load the PDF engine in a daemon thread (it dies with the server)."""
    thread = threading.Thread(target=_warm_pdf, name="sme2go-pdf-warm-up", daemon=True)
    thread.start()
    return thread


@contextmanager
def background_worker(stdout: TextIO) -> Iterator[subprocess.Popen]:
    """An ``sme2go worker`` child process for the duration of the block. On exit it is
    asked to stop (SIGTERM: it finishes or abandons its job) and killed after
    :data:`WORKER_STOP_S` seconds; a scheduler run it abandons is marked failed by the
    next run of its mission."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sme2go", "worker", "--verbosity", "0"],
        env=os.environ.copy(),
        preexec_fn=_stop_with_parent if sys.platform == "linux" else None,
    )
    stdout.write(f"Background worker started (process {process.pid}).\n")
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=WORKER_STOP_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def serve(*, addr: str, port: int, threads: int, stdout: TextIO, worker: bool = True) -> None:
    """Serve the app on ``addr:port`` until interrupted (Ctrl-C returns normally), with
    a background worker beside it unless ``worker`` is False.

    Raises ``CommandError`` with one sentence when the address cannot be bound.
    """
    from django.conf import settings
    from waitress.server import create_server

    # WhiteNoise warns at start-up when STATIC_ROOT is missing; files come from the app
    # folders (WHITENOISE_USE_FINDERS), so an empty folder is all it needs.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    from sme2go.config.wsgi import application

    try:
        server = create_server(application, host=addr, port=port, threads=threads)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(
                f"Port {port} on {addr} is already in use; choose another with --port."
            ) from None
        raise CommandError(f"Cannot listen on {addr}:{port}: {exc.strerror or exc}.") from None
    stdout.write(f"Serving sme2go on {url_for(addr, port)} (waitress, {threads} threads).\n")
    if addr not in LOOPBACK and not settings.DEBUG:
        stdout.write(
            "Other machines reach it only under the host names in SME2GO_ALLOWED_HOSTS "
            f"(now: {', '.join(settings.ALLOWED_HOSTS) or 'none'}).\n"
        )
    # A service manager stops the server with SIGTERM: let it end like Ctrl-C does.
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    # Started from a script in the background ("sme2go demo &"), the shell hands the process
    # SIGINT ignored, and Python keeps it so: Ctrl-C (SIGINT) would then never stop it.
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with background_worker(stdout) if worker else _nothing():
            stdout.write("Press Ctrl-C to stop.\n")
            stdout.flush()
            start_pdf_warm_up()
            try:
                # waitress turns Ctrl-C into a normal return from run().
                server.run()
            finally:
                server.close()
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    stdout.write("Stopped.\n")


@contextmanager
def _nothing() -> Iterator[None]:
    yield None
