"""``sme2go serve``: the production-style server (waitress, see :mod:`sme2go.demo.server`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from sme2go.demo.server import DEFAULT_ADDR, DEFAULT_PORT, DEFAULT_THREADS, serve


class Command(BaseCommand):
    help = (
        "Serve sme2go with waitress, a production-grade pure-Python WSGI server, on "
        "ADDR:PORT. Static files are served by WhiteNoise, so this works with debug off. "
        "Put a reverse proxy (nginx, Caddy) in front of it for HTTPS, and list the public "
        "host name in SME2GO_ALLOWED_HOSTS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr", default=DEFAULT_ADDR, help=f"address to listen on (default {DEFAULT_ADDR})"
        )
        parser.add_argument(
            "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=DEFAULT_THREADS,
            help=f"worker threads (default {DEFAULT_THREADS})",
        )

    def handle(self, *args, addr: str, port: int, threads: int, **options) -> None:
        serve(addr=addr, port=port, threads=threads, stdout=self.stdout)
