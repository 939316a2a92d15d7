"""``make bench-load``: 50 demo users against ``sme2go serve`` on a private PostgreSQL.

Starts a throw-away PostgreSQL server in /tmp on a free loopback port, migrates it, loads
the Shandong demo, starts ``sme2go serve`` processes (one per core by default, waitress
threads in each), runs the Locust scenario of ``locustfile.py`` headless, prints errors
and p50/p95/p99 (all requests, and after log-in), the slowest pages, and stops everything
it started. Every request goes to 127.0.0.1 only.

Settings (environment): BENCH_USERS (50), BENCH_SPAWN_RATE (10), BENCH_TIME (5m),
BENCH_SERVERS (number of cores), BENCH_THREADS (8). The Locust CSV files are kept in
var/bench-load/.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import psutil  # installed with locust

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TARGET_P95_MS = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin() -> Path:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    sys.exit("bench-load: no PostgreSQL server binaries (apt-get install postgresql).")


def as_postgres(command: list[str]) -> list[str]:
    # initdb refuses to run as root; root runs the server as the postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def start_postgres(stack: ExitStack, work: Path) -> str:
    pg = postgres_bin()
    data, port = work / "pg", free_port()
    if os.geteuid() == 0:
        shutil.chown(work, "postgres", "postgres")
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    subprocess.run(
        as_postgres([str(pg / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]), **quiet
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {work} -c max_connections=200"
    subprocess.run(
        as_postgres(
            [
                str(pg / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(work / "pg.log"),
                "-w",
                "-o",
                options,
                "start",
            ]
        ),
        **quiet,
    )
    stack.callback(
        subprocess.run,
        as_postgres([str(pg / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        as_postgres(
            [str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "sme2go"]
        ),
        **quiet,
    )
    return f"postgres://postgres@127.0.0.1:{port}/sme2go"


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"bench-load: the server for {url} stopped (exit code {process.returncode}).")
        try:
            with urllib.request.urlopen(f"{url}/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"bench-load: {url} did not answer within {seconds:.0f} s.")


def start_servers(
    stack: ExitStack, env: dict[str, str], count: int, threads: int, log: Path
) -> list[tuple[str, subprocess.Popen]]:
    """``count`` serve processes on free ports; the scenario starts no jobs, so no worker.

    Their output (waitress reports each time its task queue grows) goes to ``log``.
    """
    started = []
    output = stack.enter_context(open(log, "w"))  # noqa: SIM115 - the stack closes it
    for _ in range(count):
        port = free_port()
        command = ["serve", "--port", str(port), "--threads", str(threads), "--no-worker"]
        process = subprocess.Popen(
            [str(BIN / "sme2go"), *command], env=env, stdout=output, stderr=subprocess.STDOUT
        )
        stack.callback(stop, process)
        started.append((f"http://127.0.0.1:{port}", process))
    for url, process in started:
        wait_until_up(url, process)
    return started


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time of the processes ``pids`` and their children."""
    total = 0.0
    for pid in pids:
        try:
            process = psutil.Process(pid)
            for each in [process, *process.children(recursive=True)]:
                times = each.cpu_times()
                total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # waitress returns from run() and closes
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def queued_jobs(env: dict[str, str]) -> int:
    """Background jobs waiting in the database queue (no worker runs during the test)."""
    count = "from django_tasks_db.models import DBTaskResult as T; print(T.objects.count())"
    result = subprocess.run(
        [str(BIN / "sme2go"), "shell", "-c", count], env=env, capture_output=True, text=True
    )
    return int(result.stdout.split()[-1])


def report(summary: dict, servers: int, threads: int, cpu: dict[str, float]) -> None:
    """Print the figures and whether they meet the target (0 errors, p95 under 300 ms).

    ``cpu`` holds the CPU seconds the servers and PostgreSQL used during the run: per
    request they say what the app costs, whatever else shared the machine's cores.
    """
    print(f"\nsme2go serve: {servers} processes x {threads} threads, PostgreSQL, Shandong demo")
    for label, key in (("all requests", "all"), ("after log-in", "after_login")):
        row = summary[key]
        print(
            f"{label:>13}: {row['requests']} requests, {row['errors']} errors, "
            f"p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, p99 {row['p99_ms']} ms"
        )
    slowest = sorted(summary["pages"].items(), key=lambda item: -(item[1]["p95_ms"] or 0))[:8]
    print("slowest pages by p95 (requests, p50, p95, p99 in ms):")
    for name, row in slowest:
        print(
            f"  {name:<45} {row['requests']:>6} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8}"
        )
    requests = summary["all"]["requests"] or 1
    print(
        f"CPU per request: sme2go {1000 * cpu['sme2go'] / requests:.1f} ms, "
        f"PostgreSQL {1000 * cpu['postgres'] / requests:.1f} ms "
        f"(load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    row = summary["after_login"]
    met = summary["all"]["errors"] == 0 and (row["p95_ms"] or 0) < TARGET_P95_MS
    print(
        f"target (0 errors, p95 after log-in under {TARGET_P95_MS} ms): {'met' if met else 'NOT met'}"
    )


def main() -> int:
    users = os.environ.get("BENCH_USERS", "50")
    rate = os.environ.get("BENCH_SPAWN_RATE", "10")
    duration = os.environ.get("BENCH_TIME", "5m")
    servers = int(os.environ.get("BENCH_SERVERS", os.cpu_count() or 1))
    threads = int(os.environ.get("BENCH_THREADS", "8"))
    out_dir = ROOT / "var" / "bench-load"
    out_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sme2go-bench-load-")))
        print("Starting a private PostgreSQL server…", flush=True)
        database_url = start_postgres(stack, work)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("SME2GO_") and k != "DATABASE_URL"
        }
        env.update(DATABASE_URL=database_url, SME2GO_DATA_DIR=str(work / "var"), SME2GO_DEBUG="0")
        print("Migrating and loading the demo…", flush=True)
        subprocess.run(
            [str(BIN / "sme2go"), "demo", "--no-serve"],
            env=env,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        started = start_servers(stack, env, servers, threads, out_dir / "servers.log")
        urls = [url for url, _ in started]
        postmaster = int((work / "pg" / "postmaster.pid").read_text().split()[0])
        measured = {"sme2go": [p.pid for _, p in started], "postgres": [postmaster]}
        jobs_before = queued_jobs(env)
        cpu_before = {name: cpu_seconds(pids) for name, pids in measured.items()}
        print(f"Running {users} users for {duration} against {', '.join(urls)}…", flush=True)
        summary_file = out_dir / "summary.json"
        summary_file.unlink(missing_ok=True)
        locust = [
            str(BIN / "locust"),
            "-f", str(Path(__file__).with_name("locustfile.py")),
            "--headless", "-u", users, "-r", rate, "-t", duration,
            "--host", urls[0], "--csv", str(out_dir / "locust"), "--only-summary",
            "--stop-timeout", "10",
        ]  # fmt: skip
        env_locust = dict(
            os.environ, SME2GO_BENCH_HOSTS=",".join(urls), SME2GO_BENCH_SUMMARY=str(summary_file)
        )
        with open(out_dir / "locust.log", "w") as log:
            subprocess.run(
                locust, env=env_locust, stdout=log, stderr=subprocess.STDOUT, check=False
            )
        if not summary_file.exists():
            print("bench-load: locust wrote no summary (see its output above).", file=sys.stderr)
            return 1
        cpu = {name: cpu_seconds(pids) - cpu_before[name] for name, pids in measured.items()}
        report(json.loads(summary_file.read_text()), servers, threads, cpu)
        print(
            f"background jobs the run queued (re-ranking after saves): {queued_jobs(env) - jobs_before}"
        )
    failures = (out_dir / "locust_failures.csv").read_text().splitlines()[1:]
    for line in failures:
        print(f"  error: {line}")
    print(f"Locust CSV files and log: {out_dir}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
