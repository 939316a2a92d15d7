"""The ``sme2go`` command.

``sme2go schedule ...`` and ``sme2go match ...`` run the plain-Python engines without
loading Django, so they work on a machine with no database. Every other sub-command is a
Django management command (``migrate``, ``createsuperuser``, ``demo``, ``serve``, ...).
Configuration problems (malformed ``DATABASE_URL``, unwritable data folder, unreachable
database) end the command with one sentence on stderr and exit code 2, not a traceback.
"""

from __future__ import annotations

import os
import sys

ENGINE_COMMANDS = {
    "schedule": "sme2go.scheduling.cli",
    "match": "sme2go.matching.cli",
}


def _fail(message: str) -> int:
    print(f"sme2go: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in ENGINE_COMMANDS:
        import importlib

        module = importlib.import_module(ENGINE_COMMANDS[argv[1]])
        try:
            return int(module.main(argv[2:]) or 0)
        except BrokenPipeError:
            # The reader went away (``... | head``): stop quietly, as Unix tools do, and
            # keep Python from reporting the pipe again while flushing stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    return _run_django(argv)


# Sub-commands that work without a database, so a broken one does not block them.
# ``makemigrations`` only warns when it cannot check the migration history, and
# ``make test`` runs it before any database exists.
NO_DATABASE_COMMANDS = frozenset(
    {
        "help",
        "--help",
        "-h",
        "version",
        "--version",
        "makemessages",
        "compilemessages",
        "makemigrations",
    }
)


def _run_django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sme2go.config.settings")
    from sme2go.config.options import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        return _fail(str(exc))

    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError, connection

    from sme2go.config.database import describe_database_error

    argv[0] = "sme2go"
    subcommand = argv[1] if len(argv) > 1 else "help"
    try:
        if subcommand not in NO_DATABASE_COMMANDS:
            # Connect up front: commands such as ``check`` or ``serve`` would otherwise
            # start without noticing the database is missing and fail later, or never.
            connection.ensure_connection()
        execute_from_command_line(argv)
    except ConfigError as exc:
        return _fail(str(exc))
    except DatabaseError as exc:
        return _fail(describe_database_error(exc))
    except ImproperlyConfigured as exc:
        return _fail(str(exc).strip().splitlines()[0])
    except KeyboardInterrupt:
        return 130
    return 0
