"""``sme2go backup``: one archive of the database and the uploaded files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sme2go.core.backup import BackupError, backup, default_archive_name


class Command(BaseCommand):
    help = (
        "Write one .tar.gz archive with a consistent copy of the database (SQLite's online "
        "backup, or pg_dump for PostgreSQL), the uploaded files and a manifest. The app may "
        "keep running meanwhile. The secret key is not included (see README, Backup)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="archive to write (default: sme2go-backup-<UTC time>.tar.gz here); "
            "an existing file is never overwritten",
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        output = output or Path(default_archive_name())
        try:
            manifest = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(
            f"Backup written to {output}: {manifest['database']['vendor']} database with "
            f"{manifest['tables']} tables, {manifest['media_files']} uploaded files."
        )
