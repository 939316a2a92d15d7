"""``sme2go demo`` and ``sme2go serve``."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sme2go.demo import data
from sme2go.demo.server import url_for
from sme2go.needs.models import Need


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_demo_no_serve_loads_and_prints_the_logins():
    out = io.StringIO()

    call_command("demo", "--no-serve", stdout=out)

    text = out.getvalue()
    assert Need.objects.count() == 7
    for username, *_ in data.USERS:
        assert f"  {username} " in text
    assert data.DEMO_PASSWORD in text
    assert "needs:" in text and "(7 new)" in text


@pytest.mark.django_db
def test_demo_twice_reports_nothing_new():
    call_command("demo", "--no-serve", stdout=io.StringIO())
    out = io.StringIO()

    call_command("demo", "--no-serve", stdout=out)

    assert "new)" in out.getvalue()
    assert all("(0 new)" in line for line in out.getvalue().splitlines() if "new)" in line)


@pytest.mark.django_db
def test_serve_refuses_a_port_in_use():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(CommandError, match=f"Port {port} on 127.0.0.1 is already in use"):
            call_command("serve", "--port", str(port), stdout=io.StringIO())


@pytest.mark.parametrize(
    ("option", "value"), [("--port", "0"), ("--port", "70000"), ("--threads", "0")]
)
def test_serve_rejects_out_of_range_numbers(option, value):
    with pytest.raises(CommandError, match=f"argument {option}: expected a number from 1 to"):
        call_command("serve", option, value, stdout=io.StringIO())


def test_serve_refuses_an_unmigrated_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SME2GO_")}
    env.pop("DATABASE_URL", None)
    env["SME2GO_DATA_DIR"] = str(tmp_path)

    result = subprocess.run(
        [sys.executable, "-m", "sme2go", "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "unapplied migrations; run 'sme2go migrate' first." in result.stderr
    assert "Traceback" not in result.stderr


def test_url_for_points_a_browser_at_the_server():
    assert url_for("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert url_for("0.0.0.0", 8080) == "http://127.0.0.1:8080/"
    assert url_for("::1", 8000) == "http://[::1]:8000/"


@pytest.mark.slow
def test_demo_serves_login_page_and_static_files_with_debug_off_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SME2GO_")}
    env.pop("DATABASE_URL", None)
    env.update(SME2GO_DATA_DIR=str(tmp_path), SME2GO_DEBUG="0")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sme2go", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        login = css = None
        # Migrating and loading take ~15 s on a quiet machine; far more on a loaded one.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as r:
                    login = r.read().decode()
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/static/sme2go/sme2go.css"
                ) as r:
                    css = r.read().decode()
                break
            except OSError:
                time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGINT)
        # The worker gets 10 s to finish its job; a loaded machine needs more than that.
        output = proc.communicate(timeout=90)[0]
    assert proc.returncode == 0, output
    assert output.rstrip().endswith("Stopped.")
    assert login is not None, output
    assert "csrfmiddlewaretoken" in login
    assert css
    assert f"Serving sme2go on http://127.0.0.1:{port}/" in output
    assert "nordichealth" in output
