"""Bad configuration stops ``sme2go <command>`` with one sentence and exit code 2.

Each case runs the real CLI in a subprocess (``python -m sme2go``) with a clean
environment and a temporary data folder, so nothing leaks in from the developer's shell.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest


def run(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("SME2GO_") and k != "DATABASE_URL"
    }
    clean.update(SME2GO_DATA_DIR=str(data_dir), **env)
    return subprocess.run(
        [sys.executable, "-m", "sme2go", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_fails_with(result: subprocess.CompletedProcess, sentence: str) -> None:
    assert "Traceback" not in result.stderr
    assert result.stderr == f"sme2go: {sentence}\n"
    assert result.returncode == 2


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("command", ["check", "migrate"])
@pytest.mark.parametrize(
    ("url", "sentence"),
    [
        ("foo", "DATABASE_URL must start with postgres:// or sqlite://, not 'foo'."),
        ("mysql://u@h/db", "DATABASE_URL must start with postgres:// or sqlite://, not 'mysql'."),
        ("postgres://", "DATABASE_URL names no database (the part after the last '/')."),
        (
            "postgres://u@localhost/",
            "DATABASE_URL names no database (the part after the last '/').",
        ),
        (
            "postgres://u:p@localhost:abc/db",
            "DATABASE_URL has an invalid port 'abc'; use a number from 1 to 65535.",
        ),
        (
            "postgres://u:p@localhost:99999/db",
            "DATABASE_URL has an invalid port '99999'; use a number from 1 to 65535.",
        ),
    ],
)
def test_malformed_database_url(tmp_path, command, url, sentence):
    assert_fails_with(run(command, data_dir=tmp_path, DATABASE_URL=url), sentence)


@pytest.mark.parametrize("command", ["check", "migrate", "demo"])
def test_database_server_not_running(tmp_path, command):
    port = closed_port()

    result = run(command, data_dir=tmp_path, DATABASE_URL=f"postgres://u:p@127.0.0.1:{port}/db")

    assert_fails_with(
        result,
        f"Cannot connect to the database server at 127.0.0.1:{port} (connection refused); "
        "check that PostgreSQL is running there and that DATABASE_URL is right.",
    )


def test_no_local_postgres_socket(tmp_path):
    folder = tmp_path / "no-server-here"
    folder.mkdir()

    result = run(
        "check",
        data_dir=tmp_path,
        DATABASE_URL=f"postgres://u@{str(folder).replace('/', '%2F')}/db",
    )

    assert_fails_with(
        result,
        f"Cannot reach a PostgreSQL server through the local socket {folder}/.s.PGSQL.5432; "
        "start it or put a host name in DATABASE_URL.",
    )


def test_unknown_database_host(tmp_path):
    result = run("check", data_dir=tmp_path, DATABASE_URL="postgres://u@nonexistent.invalid/db")

    assert_fails_with(
        result,
        "Cannot find the database host 'nonexistent.invalid'; check the host name in DATABASE_URL.",
    )


def test_sqlite_file_in_a_missing_folder(tmp_path):
    path = tmp_path / "missing" / "db.sqlite3"

    result = run("migrate", data_dir=tmp_path, DATABASE_URL=f"sqlite:///{path}")

    assert_fails_with(
        result,
        f"Cannot open the SQLite database {path}; check that its folder exists and is writable.",
    )


def test_tables_not_created_yet(tmp_path):
    result = run("changepassword", "nobody", data_dir=tmp_path)

    assert_fails_with(
        result,
        f"The database {tmp_path.resolve() / 'sme2go.sqlite3'} is not set up "
        "(no such table: auth_user); run 'sme2go migrate' first.",
    )


@pytest.mark.parametrize("command", ["check", "migrate"])
def test_data_folder_that_cannot_be_created(tmp_path, command):
    result = run(command, data_dir=Path("/proc/nope"))

    assert_fails_with(
        result,
        "Cannot write to the data folder /proc/nope (SME2GO_DATA_DIR): no such file or directory.",
    )


def test_data_folder_that_is_a_file(tmp_path):
    file = tmp_path / "file"
    file.write_text("")

    assert_fails_with(
        run("check", data_dir=file),
        f"The data folder {file} (SME2GO_DATA_DIR) is a file, not a folder.",
    )
    assert_fails_with(
        run("check", data_dir=file / "sub"),
        f"Cannot write to the data folder {file / 'sub'} (SME2GO_DATA_DIR): not a directory.",
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_data_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run("check", data_dir=folder)
    finally:
        folder.chmod(0o755)

    assert_fails_with(
        result,
        f"Cannot write to the data folder {folder} (SME2GO_DATA_DIR): permission denied.",
    )


@pytest.mark.parametrize(
    ("variable", "value", "sentence"),
    [
        (
            "SME2GO_DEBUG",
            "maybe",
            "SME2GO_DEBUG must be 1/0, true/false, yes/no or on/off, not 'maybe'.",
        ),
        (
            "SME2GO_LOGIN_ATTEMPTS",
            "many",
            "SME2GO_LOGIN_ATTEMPTS must be a whole number, not 'many'.",
        ),
    ],
)
def test_unparsable_option(tmp_path, variable, value, sentence):
    assert_fails_with(run("check", data_dir=tmp_path, **{variable: value}), sentence)


def test_out_of_range_port_is_a_usage_error(tmp_path):
    result = run("serve", "--port", "70000", data_dir=tmp_path)

    assert "Traceback" not in result.stderr
    assert "argument --port: expected a number from 1 to 65535, not '70000'" in result.stderr
    assert result.returncode != 0


def test_help_works_without_a_database(tmp_path):
    result = run(
        "help", data_dir=tmp_path, DATABASE_URL=f"postgres://u@127.0.0.1:{closed_port()}/db"
    )

    assert result.returncode == 0
    assert "demo" in result.stdout and "serve" in result.stdout


def test_makemigrations_works_without_a_database(tmp_path):
    result = run(
        "makemigrations",
        "--dry-run",
        data_dir=tmp_path,
        DATABASE_URL=f"postgres://u@127.0.0.1:{closed_port()}/db",
    )

    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr


def test_a_good_configuration_passes(tmp_path):
    result = run("showmigrations", "needs", data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "0001_initial" in result.stdout


POSTGRES_URL = os.environ.get("DATABASE_URL", "")


@pytest.mark.skipif(
    not POSTGRES_URL.startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL pointing at a PostgreSQL server",
)
def test_missing_postgres_database(tmp_path):
    parts = urlsplit(POSTGRES_URL)
    url = urlunsplit(parts._replace(path="/sme2go_no_such_database"))
    server = f"{parts.hostname or 'localhost'}:{parts.port or 5432}"

    result = run("check", data_dir=tmp_path, DATABASE_URL=url)

    assert_fails_with(
        result,
        f"The database 'sme2go_no_such_database' does not exist on {server}; "
        "create it first (createdb sme2go_no_such_database).",
    )


def test_processes_preparing_the_same_data_folder_do_not_trip_over_each_others_probe(tmp_path):
    """The servers and the worker start together; each writes and removes a probe of its
    own. (A probe left by another process, here one that cannot be removed as a file, used
    to make the start fail.)"""
    from sme2go.config.options import prepare_data_dir

    (tmp_path / ".write-test").mkdir()
    assert prepare_data_dir(str(tmp_path)) == tmp_path.resolve()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".write-test"]
