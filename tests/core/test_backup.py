"""``sme2go backup`` and ``sme2go restore``: a round trip keeps every row and upload.

Each case runs the real CLI in subprocesses with their own data folders (and, on
PostgreSQL, their own databases on the server DATABASE_URL names), so the suite's test
database is not involved. The SQLite round trip runs in the SQLite pass of ``make test``,
the PostgreSQL one in the pass where DATABASE_URL points at PostgreSQL.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = POSTGRES_URL.startswith(("postgres://", "postgresql://"))

UPLOADS = {
    "agendas/2027/agenda.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "companies/logo kirkasvirta.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 1000,
}


def sme2go(*args: str, data_dir: Path, database_url: str = "", cwd: Path | None = None):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("SME2GO_") and k != "DATABASE_URL"
    }
    env["SME2GO_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "sme2go", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess, sentence: str) -> None:
    assert "Traceback" not in result.stderr
    assert result.stderr == f"CommandError: {sentence}\n"
    assert result.returncode == 2


class Postgres:
    """Throw-away databases on the server of DATABASE_URL."""

    def __init__(self) -> None:
        import psycopg

        self.psycopg = psycopg
        self.names: list[str] = []
        parts = urlsplit(POSTGRES_URL)
        self._url = lambda name: urlunsplit(parts._replace(path=f"/{name}"))
        self.admin = psycopg.connect(self._url("postgres"), autocommit=True)

    def create(self) -> str:
        name = f"sme2go_backup_{uuid.uuid4().hex[:10]}"
        self.admin.execute(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return self._url(name)

    def drop_all(self) -> None:
        for name in self.names:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.close()


@pytest.fixture
def postgres():
    server = Postgres()
    yield server
    server.drop_all()


def all_rows_sqlite(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def all_rows_postgres(url: str) -> dict[str, list[tuple]]:
    import psycopg

    with psycopg.connect(url) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        rows = {t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
        # Sequences too: a restored database must hand out new ids after the old ones.
        rows["<sequences>"] = sorted(
            db.execute("SELECT sequencename, last_value FROM pg_sequences").fetchall()
        )
        return rows


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A data folder with a migrated, empty SQLite database (migrating takes a while)."""
    data_dir = tmp_path_factory.mktemp("migrated") / "var"
    ok(sme2go("migrate", "-v", "0", data_dir=data_dir))
    return data_dir


@pytest.fixture(scope="module")
def empty_backup(migrated, tmp_path_factory) -> Path:
    """A backup of :func:`migrated`."""
    archive = tmp_path_factory.mktemp("backups") / "empty.tar.gz"
    ok(sme2go("backup", "--output", str(archive), data_dir=migrated))
    return archive


def fill_uploads(data_dir: Path) -> None:
    for name, content in UPLOADS.items():
        path = data_dir / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def uploads_in(data_dir: Path) -> dict[str, bytes]:
    media = data_dir / "media"
    return {
        p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
    }


def assert_uploads_restored(data_dir: Path, expected: dict[str, bytes]) -> None:
    media = data_dir / "media"
    assert uploads_in(data_dir) == expected
    for path in media.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


def round_trip(tmp_path: Path, source_url: str = "", target_url: str = "") -> Path:
    source, target = tmp_path / "source", tmp_path / "target"
    ok(sme2go("demo", "--no-serve", data_dir=source, database_url=source_url))
    # The demo's own uploads (the signed agreement's PDF) and the test's.
    demo_uploads = uploads_in(source)
    assert any(name.endswith(".pdf") for name in demo_uploads)
    fill_uploads(source)
    expected = {**demo_uploads, **UPLOADS}
    archive = tmp_path / "backups" / "sme2go.tar.gz"
    archive.parent.mkdir()
    out = ok(sme2go("backup", "--output", str(archive), data_dir=source, database_url=source_url))
    assert out.startswith(f"Backup written to {archive}: ")
    assert out.endswith(f" tables, {len(expected)} uploaded files.\n")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert "secret_key" not in " ".join(names)
    assert {"manifest.json", "media/agendas/2027/agenda.pdf"} <= names

    out = ok(sme2go("restore", str(archive), data_dir=target, database_url=target_url))
    assert out.startswith(f"Restored {archive} (made ")
    assert "migrate" not in out  # made by this very code: nothing left to migrate
    assert_uploads_restored(target, expected)
    return archive


# The cases below run their subprocesses on SQLite whatever DATABASE_URL says, so the
# PostgreSQL pass of make test skips them rather than repeat them.
sqlite_pass_only = pytest.mark.skipif(ON_POSTGRES, reason="the SQLite pass of make test runs it")


@pytest.mark.slow
@sqlite_pass_only
def test_sqlite_round_trip_keeps_every_row_and_upload(tmp_path):
    archive = round_trip(tmp_path)
    before = all_rows_sqlite(tmp_path / "source" / "sme2go.sqlite3")
    after = all_rows_sqlite(tmp_path / "target" / "sme2go.sqlite3")
    assert set(after) == set(before)
    assert len(before["auth_user"]) >= 6 and len(before["companies_companyprofile"]) >= 5
    for table in before:
        assert after[table] == before[table], table
    assert stat.S_IMODE((tmp_path / "target" / "sme2go.sqlite3").stat().st_mode) == 0o600

    # A second restore would mix two installations: refused, nothing changed.
    target = tmp_path / "target"
    refused(
        sme2go("restore", str(archive), data_dir=target),
        f"The database {target / 'sme2go.sqlite3'} already has {len(before)} tables; "
        "restore only into an empty database.",
    )
    assert all_rows_sqlite(target / "sme2go.sqlite3") == after


@pytest.mark.slow
@pytest.mark.skipif(not ON_POSTGRES, reason="DATABASE_URL does not point at PostgreSQL")
def test_postgres_round_trip_keeps_every_row_and_upload(tmp_path, postgres):
    source_url, target_url = postgres.create(), postgres.create()
    archive = round_trip(tmp_path, source_url, target_url)
    before, after = all_rows_postgres(source_url), all_rows_postgres(target_url)
    assert set(after) == set(before)
    assert len(before["auth_user"]) >= 6 and len(before["companies_companyprofile"]) >= 5
    for table in before:
        assert after[table] == before[table], table

    name = urlsplit(target_url).path.lstrip("/")
    refused(
        sme2go("restore", str(archive), data_dir=tmp_path / "again", database_url=target_url),
        f"The database {name} already has {len(before) - 1} tables; "
        "restore only into an empty database.",
    )
    refused(
        sme2go("restore", str(archive), data_dir=tmp_path / "sqlite"),
        "The backup holds a postgresql database but the configured database is sqlite; "
        "restore it into the same kind of database.",
    )


@sqlite_pass_only
def test_restore_refuses_a_data_folder_with_uploads(tmp_path, empty_backup):
    target = tmp_path / "target"
    fill_uploads(target)
    refused(
        sme2go("restore", str(empty_backup), data_dir=target),
        f"The data folder already has uploaded files in {target / 'media'}; "
        "restore only into an empty data folder.",
    )
    assert not (target / "sme2go.sqlite3").stat().st_size  # nothing written


@sqlite_pass_only
def test_backup_never_overwrites_and_needs_an_existing_folder(tmp_path):
    existing = tmp_path / "old.tar.gz"
    existing.write_bytes(b"keep me")
    refused(
        sme2go("backup", "--output", str(existing), data_dir=tmp_path / "var"),
        f"{existing} already exists; choose another --output or move it away.",
    )
    assert existing.read_bytes() == b"keep me"
    missing = tmp_path / "nowhere" / "b.tar.gz"
    refused(
        sme2go("backup", "--output", str(missing), data_dir=tmp_path / "var"),
        f"The folder {missing.parent} for the backup does not exist.",
    )


@sqlite_pass_only
def test_backup_default_name_is_in_the_current_folder(tmp_path):
    out = ok(sme2go("backup", data_dir=tmp_path / "var", cwd=tmp_path))
    [archive] = tmp_path.glob("sme2go-backup-*.tar.gz")
    assert out.startswith(f"Backup written to {archive.name}: ")


@sqlite_pass_only
@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        (b"not a tar file", "{path} is not an sme2go backup or is damaged ("),
        (None, "{path} is not an sme2go backup (it has no manifest.json)."),
    ],
)
def test_restore_refuses_what_is_not_a_backup(tmp_path, content, sentence):
    path = tmp_path / "odd.tar.gz"
    if content is None:
        with tarfile.open(path, "w:gz") as tar:
            extra = tmp_path / "notes.txt"
            extra.write_text("hello")
            tar.add(extra, arcname="notes.txt")
    else:
        path.write_bytes(content)
    result = sme2go("restore", str(path), data_dir=tmp_path / "var")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"CommandError: {sentence.format(path=path)}")
    assert result.stderr.count("\n") == 1


@sqlite_pass_only
def test_restore_of_an_older_backup_says_to_migrate(tmp_path, migrated):
    source = tmp_path / "source"
    shutil.copytree(migrated, source)
    ok(sme2go("migrate", "sessions", "zero", "-v", "0", data_dir=source))
    archive = tmp_path / "old.tar.gz"
    ok(sme2go("backup", "--output", str(archive), data_dir=source))
    out = ok(sme2go("restore", str(archive), data_dir=tmp_path / "target"))
    assert out.endswith(
        "The backup is older than this sme2go: run 'sme2go migrate' (1 migrations to apply).\n"
    )


@sqlite_pass_only
def test_restore_refuses_a_backup_of_a_newer_version(tmp_path, empty_backup):
    unpacked = tmp_path / "unpacked"
    with tarfile.open(empty_backup) as tar:
        tar.extractall(unpacked, filter="data")
    manifest = json.loads((unpacked / "manifest.json").read_text())
    manifest["sme2go_version"] = "9.0.0"
    manifest["migrations"].append("needs.9999_from_the_future")
    (unpacked / "manifest.json").write_text(json.dumps(manifest))
    newer = tmp_path / "newer.tar.gz"
    with tarfile.open(newer, "w:gz") as tar:
        for name in ("manifest.json", "database.sqlite3"):
            tar.add(unpacked / name, arcname=name)
    target = tmp_path / "target"
    refused(
        sme2go("restore", str(newer), data_dir=target),
        "The backup was made by a newer sme2go (9.0.0, migration needs.9999_from_the_future "
        "is unknown here); restore it with that version.",
    )
    assert not (target / "sme2go.sqlite3").stat().st_size  # nothing written
