"""``sme2go worker``: run background jobs (scheduler runs, re-ranking of matches)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Run background jobs from the database queue (django-tasks): scheduler runs and "
        "the re-ranking of matches. Start one or more beside 'sme2go serve' in "
        "production; 'sme2go demo' and 'sme2go serve' start one themselves. Ctrl-C or "
        "SIGTERM stops it after the job in hand."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds between looks at an empty queue (default 1)",
        )
        parser.add_argument(
            "--batch", action="store_true", help="run the jobs waiting now, then stop"
        )

    def handle(self, *args, interval: float, batch: bool, **options) -> None:
        call_command(
            "db_worker",
            queue_name="*",
            interval=interval,
            batch=batch,
            reload=False,
            startup_delay=False,
            verbosity=options["verbosity"],
            stdout=self.stdout,
        )
