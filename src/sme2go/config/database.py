"""Database configuration and the one-sentence explanations of database failures."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sme2go.config.options import ConfigError

SUPPORTED_SCHEMES = ("postgres", "postgresql", "pgsql", "sqlite")

# Seconds to wait for a PostgreSQL server before giving up; without it an address that
# drops packets makes every command hang for minutes before failing.
CONNECT_TIMEOUT = 10


def database_config(url: str, data_dir: Path) -> dict[str, Any]:
    """Django ``DATABASES['default']`` for ``url`` (empty: SQLite in the data folder).

    Raises :class:`ConfigError` with one sentence when ``url`` is malformed: unknown
    scheme, a port that is not a number from 1 to 65535, or no database name.
    """
    if not url:
        path = data_dir / "sme2go.sqlite3"
        make_user_only(path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    import dj_database_url

    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in SUPPORTED_SCHEMES:
        raise ConfigError(
            f"DATABASE_URL must start with postgres:// or sqlite://, not {url.split(':', 1)[0]!r}."
        )
    _check_port(url)
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"DATABASE_URL is malformed ({str(exc).rstrip('.')}).") from None
    if config.get("ENGINE") == "django.db.backends.postgresql":
        if not config.get("NAME"):
            raise ConfigError("DATABASE_URL names no database (the part after the last '/').")
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", CONNECT_TIMEOUT)
    elif config.get("NAME") and config["NAME"] != ":memory:":
        make_user_only(Path(config["NAME"]))
    return config


def make_user_only(path: Path) -> None:
    """Create the SQLite file ``path`` readable by its owner only (0600), or tighten it.

    SQLite gives its journal and WAL files the database file's permissions, so they follow.
    A folder that cannot be written is left for the first connection to report.
    """
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:
        return


def _check_port(url: str) -> None:
    netloc = urlsplit(url).netloc
    raw = netloc.rpartition("@")[2]
    raw = raw.rpartition("]")[2] if raw.startswith("[") else raw
    if ":" not in raw:
        return
    port = raw.rpartition(":")[2]
    if not (port.isdigit() and 1 <= int(port) <= 65535):
        raise ConfigError(
            f"DATABASE_URL has an invalid port {port!r}; use a number from 1 to 65535."
        )


def describe_database_error(exc: Exception) -> str:
    """One sentence for a database failure the CLI cannot recover from.

    Known causes (server down, unknown host, wrong password, missing database, SQLite file
    that cannot be opened, tables not created yet) get a sentence saying what to fix; any
    other error is named with the first line of the driver's message.
    """
    from django.db import connection

    settings = connection.settings_dict
    text = " ".join(str(exc).split())
    lines = str(exc).strip().splitlines()
    first_line = lines[0].strip().rstrip(".") if lines else type(exc).__name__
    name = settings.get("NAME")
    if "no such table" in text or re.search(r'relation ".*" does not exist', text):
        return f"The database {name} is not set up ({first_line}); run 'sme2go migrate' first."
    if settings.get("ENGINE", "").endswith("sqlite3"):
        if "unable to open database file" in text:
            return (
                f"Cannot open the SQLite database {name}; "
                "check that its folder exists and is writable."
            )
        if "readonly database" in text:
            return f"The SQLite database {name} is read-only; make it and its folder writable."
        return f"The SQLite database {name} failed: {first_line}."
    host = settings.get("HOST") or "localhost"
    server = f"{host}:{settings.get('PORT') or 5432}"
    if "failed to resolve host" in text or "could not translate host name" in text:
        return f"Cannot find the database host {host!r}; check the host name in DATABASE_URL."
    socket = re.search(r'on socket "([^"]+)" failed: (No such file|Connection refused)', text)
    if socket:
        return (
            f"Cannot reach a PostgreSQL server through the local socket {socket.group(1)}; "
            "start it or put a host name in DATABASE_URL."
        )
    if "Connection refused" in text:
        return (
            f"Cannot connect to the database server at {server} (connection refused); "
            "check that PostgreSQL is running there and that DATABASE_URL is right."
        )
    if "timeout expired" in text or "timed out" in text:
        return (
            f"The database server at {server} did not answer within {CONNECT_TIMEOUT} seconds; "
            "check DATABASE_URL and the network."
        )
    if "password authentication failed" in text or re.search(r'role ".*" does not exist', text):
        return (
            f"The database server at {server} rejected the user name or password in DATABASE_URL."
        )
    if re.search(r'database ".*" does not exist', text):
        return (
            f"The database {name!r} does not exist on {server}; create it first (createdb {name})."
        )
    return f"The database {name} at {server} failed: {first_line}."
