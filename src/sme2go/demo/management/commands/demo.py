"""``sme2go demo``: migrate, load the Shandong demo, print the logins, serve."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from sme2go.demo.loader import DemoSummary, load_demo
from sme2go.demo.server import add_server_arguments, serve


class Command(BaseCommand):
    help = (
        "Migrate the database, load the Shandong demo (SME2GO delegation, March 2027) and "
        "serve the app with waitress (see 'sme2go serve'). Running it again refreshes the "
        "demo records without duplicating them. --no-serve only migrates and loads."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="load the demo but do not start the server"
        )
        add_server_arguments(parser)

    def handle(
        self, *args, no_serve: bool, addr: str, port: int, threads: int, no_worker: bool, **options
    ):
        self.stdout.write("Migrating the database…")
        call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write("Loading the Shandong demo…")
        summary = load_demo(stdout=self.stdout if options["verbosity"] > 1 else None)
        self._print_summary(summary)
        if no_serve:
            self.stdout.write(f"Start the app with: sme2go serve --port {port}")
            return
        serve(addr=addr, port=port, threads=threads, stdout=self.stdout, worker=not no_worker)

    def _print_summary(self, summary: DemoSummary) -> None:
        self.stdout.write(self.style.SUCCESS("Demo loaded:"))
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins:"))
        rows = [("username", "password", "role", "organisation", "what they see")]
        rows += [(x.username, x.password, x.role, x.organisation, x.sees) for x in summary.logins]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for n, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  " + "  ".join([*cells, row[4]]))
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in [*widths, len(row[4])]))
        self.stdout.write("")
