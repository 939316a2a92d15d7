"""Every configuration option of sme2go in one table.

Each option has a default that is safe for a single-machine install and an environment
variable that overrides it. ``settings.py`` reads values only through :func:`load`, so
this table is the complete list (the README prints it).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """A configuration value is unusable; the message is one sentence for the operator."""


def _bool(raw: str, name: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}.")


def _list(raw: str, name: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _str(raw: str, name: str) -> str:
    return raw


def _auto_bool(raw: str, name: str) -> bool | None:
    """Like :func:`_bool`, but empty or ``auto`` means "decide from the other options"."""
    if raw.strip().lower() in {"", "auto"}:
        return None
    return _bool(raw, name)


def _int(raw: str, name: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None


def _days(raw: str, name: str) -> int:
    days = _int(raw, name)
    if days < 0:
        raise ConfigError(f"{name} must be 0 or a positive number of days, not {raw!r}.")
    return days


@dataclass(frozen=True)
class Option:
    name: str
    env: str
    default: str
    parse: Callable[[str, str], Any]
    help: str


OPTIONS: tuple[Option, ...] = (
    Option(
        "DATA_DIR",
        "SME2GO_DATA_DIR",
        "./var",
        _str,
        "Folder for the SQLite database, the generated secret key, uploads and the search index.",
    ),
    Option(
        "DATABASE_URL",
        "DATABASE_URL",
        "",
        _str,
        "Database URL, e.g. postgres://user:pass@host:5432/sme2go; empty means SQLite in the data folder.",
    ),
    Option(
        "SECRET_KEY",
        "SME2GO_SECRET_KEY",
        "",
        _str,
        "Django secret key; empty means one is generated once and kept in DATA_DIR/secret_key.",
    ),
    Option(
        "DEBUG",
        "SME2GO_DEBUG",
        "0",
        _bool,
        "Debug pages and auto-reload; on only for local development (make demo turns it on).",
    ),
    Option(
        "ALLOWED_HOSTS",
        "SME2GO_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        _list,
        "Comma-separated host names the site answers to.",
    ),
    Option(
        "CSRF_TRUSTED_ORIGINS",
        "SME2GO_CSRF_TRUSTED_ORIGINS",
        "",
        _list,
        "Comma-separated origins (https://example.org) trusted for form posts behind a proxy.",
    ),
    Option(
        "HTTPS",
        "SME2GO_HTTPS",
        "0",
        _bool,
        "The site is reached over HTTPS (normally through a reverse proxy): turns on HSTS, the redirect from http:// and, with debug off, Secure cookies.",
    ),
    Option(
        "BEHIND_PROXY",
        "SME2GO_BEHIND_PROXY",
        "0",
        _bool,
        "A reverse proxy terminates TLS and sets X-Forwarded-Proto; trust that header to tell HTTPS requests (set it only when the proxy overwrites the header).",
    ),
    Option(
        "SECURE_COOKIES",
        "SME2GO_SECURE_COOKIES",
        "auto",
        _auto_bool,
        "Send the session, CSRF and language cookies only over HTTPS; auto means on when SME2GO_HTTPS is on and debug is off.",
    ),
    Option(
        "HSTS_SECONDS",
        "SME2GO_HSTS_SECONDS",
        "31536000",
        _int,
        "With SME2GO_HTTPS: how long browsers keep to HTTPS for this host and its subdomains (Strict-Transport-Security); 0 sends no header.",
    ),
    Option(
        "HSTS_PRELOAD",
        "SME2GO_HSTS_PRELOAD",
        "0",
        _bool,
        "With SME2GO_HTTPS: add 'preload' to Strict-Transport-Security, consenting to the browsers' HSTS preload list.",
    ),
    Option(
        "EMAIL_URL",
        "SME2GO_EMAIL_BACKEND",
        "django.core.mail.backends.console.EmailBackend",
        _str,
        "Django e-mail backend; the default prints mails (password resets) to the console.",
    ),
    Option(
        "DEFAULT_FROM_EMAIL",
        "SME2GO_FROM_EMAIL",
        "sme2go@localhost",
        _str,
        "Sender address of mails the platform sends.",
    ),
    Option(
        "SITE_URL",
        "SME2GO_SITE_URL",
        "",
        _str,
        "Address the links in mails start with (reminders), e.g. https://sme2go.example.org; empty: the first allowed host.",
    ),
    Option(
        "TIME_ZONE",
        "SME2GO_TIME_ZONE",
        "Europe/Helsinki",
        _str,
        "Default time zone for dates shown to users.",
    ),
    Option(
        "LOGIN_ATTEMPTS",
        "SME2GO_LOGIN_ATTEMPTS",
        "5",
        _int,
        "Failed logins allowed per user name and address before a cool-off.",
    ),
    Option(
        "LOGIN_COOLOFF_MINUTES",
        "SME2GO_LOGIN_COOLOFF_MINUTES",
        "15",
        _int,
        "Minutes a throttled login stays locked.",
    ),
    Option(
        "RETENTION_DAYS",
        "SME2GO_RETENTION_DAYS",
        "0",
        _days,
        "Erase personal data inactive for this many days (users not logged in, contact persons not changed) in organisations whose programmes all ended as long ago, when 'sme2go apply_retention' runs; 0 keeps it.",
    ),
)


def load(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Return every option's value: the environment's when set, the default otherwise."""
    environ = os.environ if environ is None else environ
    return {opt.name: opt.parse(environ.get(opt.env, opt.default), opt.env) for opt in OPTIONS}


def prepare_data_dir(path: str) -> Path:
    """Create the data folder if needed and prove it is writable.

    A folder it creates is user-only (0700): it holds the database, the secret key and
    the uploads. An existing folder keeps the permissions its owner gave it.
    Raises :class:`ConfigError` with one sentence when it cannot be created or written.
    """
    data_dir = Path(path).expanduser().resolve()
    if data_dir.exists() and not data_dir.is_dir():
        raise ConfigError(f"The data folder {data_dir} (SME2GO_DATA_DIR) is a file, not a folder.")
    try:
        if not data_dir.exists():
            data_dir.mkdir(parents=True, mode=0o700)
            # mkdir's mode is filtered by the umask; say it exactly.
            data_dir.chmod(0o700)
        # A probe of its own: the server processes and the worker prepare the same folder at
        # the same moment, and a shared name would let one delete the other's probe.
        handle, probe = tempfile.mkstemp(prefix=".write-test-", dir=data_dir)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise ConfigError(
            f"Cannot write to the data folder {data_dir} (SME2GO_DATA_DIR): "
            f"{(exc.strerror or str(exc)).lower()}."
        ) from None
    return data_dir


def secret_key(configured: str, data_dir: Path) -> str:
    """Use the configured key, or one generated once and kept in the data folder."""
    if configured:
        return configured
    path = data_dir / "secret_key"
    try:
        if path.exists():
            return path.read_text().strip()
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
    except OSError as exc:
        raise ConfigError(
            f"Cannot read or write the secret key file {path}: "
            f"{(exc.strerror or str(exc)).lower()}."
        ) from None
    return key
