"""The job in a real ``sme2go worker`` process on a SQLite file: a run to the end, a
cancelled run, and a worker killed with SIGKILL mid-run (its solver goes with it; the
next start marks the lost run failed and runs cleanly).

The test reads and writes the database file with :mod:`sqlite3`, outside Django, as a
second process would.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sme2go.planning.problem import Note

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SME2GO_")}
    env.pop("DATABASE_URL", None)
    env.update(SME2GO_DATA_DIR=str(data_dir), SME2GO_DEBUG="0")
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated database file, made once (migrating takes seconds) and copied."""
    data_dir = tmp_path_factory.mktemp("migrated")
    subprocess.run(
        [sys.executable, "-m", "sme2go", "migrate", "-v", "0"],
        env=environment(data_dir),
        check=True,
    )
    return data_dir / "sme2go.sqlite3"


@pytest.fixture
def env(tmp_path, migrated):
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    shutil.copy(migrated, data_dir / "sme2go.sqlite3")
    return environment(data_dir)


def helper(env, *args) -> int:
    out = subprocess.run(
        [sys.executable, "-m", "tests.planning.worker_world", *map(str, args)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, f"worker_world {' '.join(map(str, args))} failed:\n{out.stderr}"
    return int(out.stdout.strip().splitlines()[-1])


def db(env) -> sqlite3.Connection:
    return sqlite3.connect(Path(env["SME2GO_DATA_DIR"]) / "sme2go.sqlite3", timeout=20)


def run_row(env, run_pk):
    """(status, message in English, elapsed, heartbeat) of a run, read by SQL."""
    with db(env) as conn:
        status, notes, elapsed, beat = conn.execute(
            "select status, notes, elapsed_s, heartbeat_at from planning_solverrun where id=?",
            (run_pk,),
        ).fetchone()
    message = "\n".join(str(Note.from_json(note)) for note in json.loads(notes))
    return status, message, elapsed, beat


def wait_for(env, run_pk, statuses, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = run_row(env, run_pk)
        if row[0] in statuses:
            return row
        time.sleep(0.05)
    raise AssertionError(f"run {run_pk} still {run_row(env, run_pk)}")


def worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sme2go", "worker", "--interval", "0.2"], env=env, cwd=ROOT
    )


def children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_a_real_worker_runs_the_job_and_a_cancel_stops_it(env):
    mission = helper(env, "setup")
    process = worker(env)
    try:
        run = helper(env, "start", mission)
        status, message, elapsed, beat = wait_for(env, run, {"done", "failed"})
        assert (status, message) == ("done", "")
        assert elapsed > 0 and beat
        with db(env) as conn:
            meetings = conn.execute(
                "select count(*) from planning_scheduledmeeting m join planning_schedule s "
                "on m.schedule_id = s.id where s.run_id = ?",
                (run,),
            ).fetchone()[0]
        assert meetings == 4

    finally:
        stop(process)
    # A cancel request the job finds when it looks (about once a second while solving):
    # written before a worker takes the run, so it is there at the job's first look.
    run = helper(env, "start", mission)
    with db(env) as conn:
        conn.execute("update planning_solverrun set cancel_requested = 1 where id = ?", (run,))
    process = worker(env)
    try:
        status, message, _e, _b = wait_for(env, run, {"cancelled", "done", "failed"})
        assert (status, message) == ("cancelled", "Cancelled while solving.")
        with db(env) as conn:
            assert conn.execute(
                "select count(*) from planning_schedule where run_id = ?", (run,)
            ).fetchone() == (0,)
    finally:
        stop(process)


def test_a_worker_killed_mid_run_leaves_a_clear_state_and_the_next_run_starts(env):
    mission = helper(env, "setup", 20)
    process = worker(env)
    try:
        lost = helper(env, "start", mission)
        wait_for(env, lost, {"running"})
        deadline = time.monotonic() + 20
        while not children(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        solver = children(process.pid)
        assert solver
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while alive(solver) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(solver), "the solver outlived its worker"
    finally:
        if process.poll() is None:
            process.kill()
    assert run_row(env, lost)[0] == "running"
    # Time passes: the lost run's heartbeat is older than the limit.
    with db(env) as conn:
        conn.execute(
            "update planning_solverrun set heartbeat_at = datetime('now', '-120 seconds') "
            "where id = ?",
            (lost,),
        )
    process = worker(env)
    try:
        fresh = helper(env, "start", mission)
        status, message, _e, _b = run_row(env, lost)
        assert status == "failed"
        assert message.startswith("The worker running this run stopped: no sign of life")
        assert wait_for(env, fresh, {"done", "failed"}, timeout=90)[:2] == ("done", "")
    finally:
        stop(process)
