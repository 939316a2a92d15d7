"""``sme2go restore FILE``: bring a backup back into an empty installation."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sme2go.core.backup import BackupError, pending_migrations, restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by 'sme2go backup' into the configured database and "
        "data folder. Both must be empty (no tables, no uploaded files); nothing is "
        "overwritten."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz written by 'sme2go backup'")

    def handle(self, *args, archive: Path, **options) -> None:
        try:
            manifest = restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(
            f"Restored {archive} (made {manifest['created_at']} by sme2go "
            f"{manifest['sme2go_version']}): {manifest['tables']} tables, "
            f"{manifest['media_files']} uploaded files."
        )
        pending = pending_migrations()
        if pending:
            self.stdout.write(
                f"The backup is older than this sme2go: run 'sme2go migrate' "
                f"({pending} migrations to apply)."
            )
