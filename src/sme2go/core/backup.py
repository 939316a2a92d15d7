"""Backup and restore of one installation: its database and its uploaded files.

An archive is one gzip-compressed tar file holding

- ``manifest.json``: archive format, sme2go version, database vendor, the applied
  migrations, the number of tables and files, and when it was made (UTC);
- ``database.sqlite3``: a copy of the SQLite database taken with SQLite's online backup
  API, consistent even while the app keeps writing; or ``database.pgdump``: a ``pg_dump``
  custom-format dump of the PostgreSQL database (one snapshot);
- ``media/...``: the uploaded files of the data folder.

The secret key is not in the archive. It protects no stored data (passwords are hashed,
nothing is encrypted with it); it signs sessions and links such as password resets, so a
restore under a new key only logs everyone out and voids links in flight. Keeping it out
means a copied archive does not hand over the key that forges those. An operator who
wants sessions to survive sets ``SME2GO_SECRET_KEY`` to the same value on the new machine.

Restore writes only into an empty database and a data folder without uploads, so it
can never mix two installations or overwrite one by mistake.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from tqdm import tqdm

import sme2go

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# SQLite pages copied per step of the online backup; each step releases the lock, so the
# app keeps writing while a large database is copied.
SQLITE_PAGES_PER_STEP = 1024


class BackupError(Exception):
    """Backup or restore cannot go on; the message is one sentence for the operator."""


def default_archive_name(now: dt.datetime | None = None) -> str:
    """``sme2go-backup-YYYYMMDD-HHMMSS.tar.gz`` for the current UTC time."""
    now = now or dt.datetime.now(dt.UTC)
    return f"sme2go-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def backup(output: Path, *, progress: bool | None = None) -> dict[str, Any]:
    """Write an archive of the database and the uploaded files to ``output``.

    The archive appears under its name only when complete (it is written beside it and
    renamed), readable by its owner only (0600). Returns the manifest. Raises
    :class:`BackupError` when ``output`` exists or its folder does not, or the database
    cannot be copied. ``progress`` None shows bars only on a terminal.
    """
    output = Path(output).expanduser().absolute()
    if output.exists():
        raise BackupError(f"{output} already exists; choose another --output or move it away.")
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} for the backup does not exist.")
    vendor = _vendor()
    try:
        return _write_backup(output, vendor, progress)
    except OSError as exc:
        raise BackupError(
            f"Writing the backup {output} failed: {(exc.strerror or str(exc)).lower()}."
        ) from None


def _write_backup(output: Path, vendor: str, progress: bool | None) -> dict[str, Any]:
    media_files = sorted(_media_files())
    with _work_dir(output.parent) as work:
        database_file = work / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            connection.ensure_connection()
            _copy_sqlite(connection.connection, database_file, "Copying the database", progress)
        else:
            _pg_dump(database_file, progress)
        manifest = {
            "format": FORMAT,
            "sme2go_version": sme2go.__version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "file": database_file.name},
            "tables": len(connection.introspection.table_names()),
            "migrations": _applied_migrations(),
            "media_files": len(media_files),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(database_file, arcname=database_file.name)
            media_root = Path(settings.MEDIA_ROOT)
            for path in _bar(media_files, "Adding uploaded files", progress, unit="file"):
                tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
        partial.chmod(0o600)
        os.replace(partial, output)
    return manifest


def restore(archive: Path, *, progress: bool | None = None) -> dict[str, Any]:
    """Bring the archive back into the configured, empty database and data folder.

    Returns the archive's manifest. Raises :class:`BackupError` with one sentence when the
    file is not an sme2go backup, holds another kind of database or migrations this code
    does not know, or when the database has tables or the data folder has uploads. The
    archive is unpacked and checked in full before anything is written; PostgreSQL is
    restored in one transaction.
    """
    archive = Path(archive).expanduser().absolute()
    if not archive.is_file():
        raise BackupError(f"The backup {archive} does not exist or is not a file.")
    vendor = _vendor()
    media_root = Path(settings.MEDIA_ROOT)
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} already has {len(tables)} "
            "tables; restore only into an empty database."
        )
    if next(_media_files(), None) is not None:
        raise BackupError(
            f"The data folder already has uploaded files in {media_root}; "
            "restore only into an empty data folder."
        )
    try:
        return _restore_from(archive, vendor, media_root, progress)
    except OSError as exc:
        raise BackupError(
            f"Restoring {archive} failed: {(exc.strerror or str(exc)).lower()}."
        ) from None


def _restore_from(
    archive: Path, vendor: str, media_root: Path, progress: bool | None
) -> dict[str, Any]:
    with _work_dir(Path(settings.DATA_DIR)) as work:
        manifest = _unpack(archive, work)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"The backup holds a {manifest['database']['vendor']} database but the "
                f"configured database is {vendor}; restore it into the same kind of database."
            )
        known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
        unknown = sorted(set(manifest["migrations"]) - known)
        if unknown:
            raise BackupError(
                f"The backup was made by a newer sme2go ({manifest['sme2go_version']}, "
                f"migration {unknown[0]} is unknown here); restore it with that version."
            )
        database_file = work / manifest["database"]["file"]
        if vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(database_file)
            try:
                _copy_sqlite(source, connection.connection, "Restoring the database", progress)
            finally:
                source.close()
        else:
            _pg_restore(database_file, manifest["tables"], progress)
        connection.close()
        unpacked_media = work / MEDIA
        if unpacked_media.is_dir():
            _make_upload_permissions(unpacked_media)
            media_root.mkdir(parents=True, exist_ok=True, mode=0o700)
            for entry in unpacked_media.iterdir():
                shutil.move(entry, media_root / entry.name)
    return manifest


def pending_migrations() -> int:
    """How many migrations of this code the database has not applied."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _make_upload_permissions(root: Path) -> None:
    # Restored uploads get the permissions new uploads get (user-only), whatever the
    # machine that made the backup had.
    for path in root.rglob("*"):
        if path.is_dir():
            path.chmod(settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS)
        else:
            path.chmod(settings.FILE_UPLOAD_PERMISSIONS)


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    return connection.vendor


@contextmanager
def _work_dir(parent: Path) -> Iterator[Path]:
    # Beside the target, not in /tmp: a database copy can be large, and os.replace into
    # the final name must not cross file systems. TemporaryDirectory is 0700.
    try:
        with tempfile.TemporaryDirectory(prefix=".sme2go-backup-", dir=parent) as name:
            yield Path(name)
    except PermissionError as exc:
        raise BackupError(f"Cannot write to {exc.filename or parent}: permission denied.") from None


def _media_files() -> Iterator[Path]:
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir():
        yield from (path for path in root.rglob("*") if path.is_file())


def _applied_migrations() -> list[str]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def _bar(items, description: str, progress: bool | None, **options):
    return tqdm(
        items, desc=description, disable=None if progress is None else not progress, **options
    )


def _copy_sqlite(
    source: sqlite3.Connection,
    target: Path | sqlite3.Connection,
    description: str,
    progress: bool | None,
) -> None:
    destination = sqlite3.connect(target) if isinstance(target, Path) else target
    try:
        with _bar(None, description, progress, unit="page") as bar:

            def step(status: int, remaining: int, total: int) -> None:
                bar.total = total
                bar.update(total - remaining - bar.n)

            source.backup(destination, pages=SQLITE_PAGES_PER_STEP, progress=step)
    except sqlite3.Error as exc:
        raise BackupError(f"Copying the SQLite database failed: {exc}.") from None
    finally:
        if isinstance(target, Path):
            destination.close()


def _pg_tool(name: str) -> str:
    """The ``pg_dump``/``pg_restore`` matching the server's major version, else the newest.

    Looks in /usr/lib/postgresql/<major>/bin (Debian keeps one folder per version), then on
    PATH. A client older than the server refuses to dump it, hence the preference.
    """
    connection.ensure_connection()
    major = connection.pg_version // 10000
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{name}")]
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(versions)
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(
        f"{name} was not found on PATH or in /usr/lib/postgresql/*/bin; "
        "install the PostgreSQL client (apt-get install postgresql-client)."
    )


def _pg_connection_arguments() -> tuple[list[str], dict[str, str]]:
    params = connection.settings_dict
    args = ["--dbname", params["NAME"]]
    if params.get("HOST"):
        args += ["--host", params["HOST"]]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", params["USER"]]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    sslmode = params.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return args, env


def _run_pg_tool(
    command: list[str],
    env: dict[str, str],
    step_pattern: str,
    total: int,
    description: str,
    progress: bool | None,
) -> None:
    """Run a verbose pg_dump/pg_restore, advancing a bar on each table it reports."""
    step = re.compile(step_pattern)
    errors = []
    with (
        _bar(None, description, progress, total=total, unit="table") as bar,
        subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        ) as process,
    ):
        for line in process.stderr:
            if step.search(line):
                bar.update(1)
            elif "error" in line.lower():
                errors.append(line.strip())
    if process.returncode != 0:
        tool = Path(command[0]).name
        detail = errors[0] if errors else f"exit code {process.returncode}"
        raise BackupError(f"{tool} failed: {detail.rstrip('.')}.")


def _pg_dump(target: Path, progress: bool | None) -> None:
    args, env = _pg_connection_arguments()
    command = [
        _pg_tool("pg_dump"),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        "--verbose",
        "--file",
        str(target),
        *args,
    ]
    total = len(connection.introspection.table_names())
    _run_pg_tool(
        command, env, r"dumping contents of table", total, "Dumping the database", progress
    )


def _pg_restore(source: Path, tables: int, progress: bool | None) -> None:
    args, env = _pg_connection_arguments()
    command = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--verbose",
        *args,
        str(source),
    ]
    _run_pg_tool(
        command, env, r"processing data for table", tables, "Restoring the database", progress
    )


def _unpack(archive: Path, work: Path) -> dict[str, Any]:
    """Extract the archive into ``work`` and return its checked manifest."""
    not_ours = f"{archive} is not an sme2go backup"
    try:
        with tarfile.open(archive, "r:gz") as tar:
            names = tar.getnames()
            if MANIFEST not in names:
                raise BackupError(f"{not_ours} (it has no {MANIFEST}).")
            allowed = {MANIFEST, *DATABASE_FILES.values()}
            for name in names:
                if name not in allowed and name != MEDIA and not name.startswith(f"{MEDIA}/"):
                    raise BackupError(f"{not_ours} (it holds {name!r}).")
            # The "data" filter refuses absolute paths, links out of the folder and
            # device files, so a crafted archive cannot write outside ``work``.
            tar.extractall(work, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{not_ours} or is damaged ({exc}).") from None
    try:
        manifest = json.loads((work / MANIFEST).read_text())
        vendor = manifest["database"]["vendor"]
        database_file = manifest["database"]["file"]
        if not isinstance(manifest["migrations"], list) or not isinstance(manifest["tables"], int):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise BackupError(f"{not_ours} (its {MANIFEST} is unreadable).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive} has backup format {manifest.get('format')!r}; "
            f"this sme2go reads format {FORMAT}."
        )
    if DATABASE_FILES.get(vendor) != database_file or not (work / database_file).is_file():
        raise BackupError(f"{not_ours} (the database file {database_file!r} is missing).")
    return manifest
