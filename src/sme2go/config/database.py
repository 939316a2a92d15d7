"""Database configuration and the one-sentence explanations of database failures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sme2go.config.options import ConfigError

SUPPORTED_SCHEMES = ("postgres", "postgresql", "pgsql", "sqlite")


def database_config(url: str, data_dir: Path) -> dict[str, Any]:
    """Django ``DATABASES['default']`` for ``url`` (empty: SQLite in the data folder)."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir / "sme2go.sqlite3"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    import dj_database_url

    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in SUPPORTED_SCHEMES:
        raise ConfigError(
            f"DATABASE_URL must start with postgres:// or sqlite://, not {url.split(':', 1)[0]!r}."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"DATABASE_URL is malformed: {exc}.") from None
    if config.get("ENGINE") == "django.db.backends.postgresql" and not config.get("NAME"):
        raise ConfigError("DATABASE_URL names no database (the part after the last '/').")
    return config


def describe_database_error(exc: Exception) -> str:
    """One sentence for a database failure the CLI cannot recover from."""
    from django.db import connection

    settings = connection.settings_dict
    where = settings.get("NAME")
    if settings.get("HOST"):
        where = f"{settings.get('HOST')}:{settings.get('PORT') or 5432}/{where}"
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"cannot use the database {where}: {first_line}"
