"""``sme2go serve`` starts a job worker beside waitress and never leaves it behind: not
when stopped with SIGTERM (as a service manager does), not when killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.demo.test_commands import free_port

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SME2GO_")}
    env.pop("DATABASE_URL", None)
    env.update(SME2GO_DATA_DIR=str(tmp_path_factory.mktemp("serve")), SME2GO_DEBUG="0")
    subprocess.run([sys.executable, "-m", "sme2go", "migrate", "-v", "0"], env=env, check=True)
    return env


def start_server(env) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sme2go", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/").close()
            break
        except OSError:
            time.sleep(0.3)
    workers = [
        int(stat.parent.name)
        for stat in Path("/proc").glob("[0-9]*/stat")
        if _ppid(stat) == server.pid and b"worker" in _cmdline(stat.parent)
    ]
    assert len(workers) == 1, workers
    return server, workers[0]


def _ppid(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""


def gone(pid: int, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.1)
    return False


def test_sigterm_stops_the_server_and_its_worker(env):
    server, worker = start_server(env)
    server.send_signal(signal.SIGTERM)
    output = server.communicate(timeout=30)[0]
    assert server.returncode == 0, output
    assert "Background worker started" in output
    assert output.rstrip().endswith("Stopped.")
    assert gone(worker)


def test_a_killed_server_takes_its_worker_along(env):
    server, worker = start_server(env)
    server.kill()
    server.communicate(timeout=30)
    assert gone(worker)
