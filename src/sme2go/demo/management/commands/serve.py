"""``sme2go serve``: the production-style server (waitress, see :mod:`sme2go.demo.server`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sme2go.demo.server import add_server_arguments, serve


class Command(BaseCommand):
    help = (
        "Serve sme2go with waitress, a production-grade pure-Python WSGI server, on "
        "ADDR:PORT. Static files are served by WhiteNoise, so this works with debug off. "
        "Refuses to start while migrations are pending. Put a reverse proxy (nginx, Caddy) "
        "in front of it for HTTPS, and list the public host name in SME2GO_ALLOWED_HOSTS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_server_arguments(parser)

    def handle(self, *args, addr: str, port: int, threads: int, no_worker: bool, **options) -> None:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            # Every page would fail with a missing table; say so once, before serving.
            raise CommandError(
                f"The database has {len(pending)} unapplied migrations; run 'sme2go migrate' first."
            )
        serve(addr=addr, port=port, threads=threads, stdout=self.stdout, worker=not no_worker)
