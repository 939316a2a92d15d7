"""Production defaults: Secure cookies and HSTS when HTTPS is declared, the CSP header,
a user-only data folder and database, friendly error pages, and ``check --deploy``."""

from __future__ import annotations

import os
import runpy
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

import sme2go.config.settings
from sme2go.config.database import make_user_only
from tests.factories import PASSWORD, make_organisation, make_user

SETTINGS_FILE = sme2go.config.settings.__file__

# The production environment documented in README.md ("Production").
PRODUCTION_ENV = {
    "SME2GO_DEBUG": "0",
    "SME2GO_SECRET_KEY": "k9V2-documented-production-key-QmX4r8pTzL1wEaS6yN3cJbH7uGdF0oKi5vBnM",
    "SME2GO_ALLOWED_HOSTS": "sme2go.example.org",
    "SME2GO_CSRF_TRUSTED_ORIGINS": "https://sme2go.example.org",
    "SME2GO_HTTPS": "1",
    "SME2GO_BEHIND_PROXY": "1",
    "SME2GO_HSTS_PRELOAD": "1",
}


def clean_env(data_dir: Path, **env: str) -> dict[str, str]:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest for Playwright; a
    # deployment must not have it (check --deploy says so), so it is not inherited here.
    leave_out = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("SME2GO_") and k not in leave_out
    }
    clean.update(SME2GO_DATA_DIR=str(data_dir), **env)
    return clean


def settings_for(monkeypatch, tmp_path: Path, **env: str) -> dict:
    """The settings module's values for the environment ``env`` (evaluated afresh)."""
    for name in [k for k in os.environ if k.startswith("SME2GO_")]:
        monkeypatch.delenv(name)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SME2GO_DATA_DIR", str(tmp_path / "var"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS_FILE)


def test_plain_defaults_send_no_secure_cookies_and_no_hsts(monkeypatch, tmp_path):
    values = settings_for(monkeypatch, tmp_path)
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert "SECURE_HSTS_SECONDS" not in values
    assert "SECURE_PROXY_SSL_HEADER" not in values


def test_declared_https_makes_cookies_secure_and_sends_hsts(monkeypatch, tmp_path):
    values = settings_for(monkeypatch, tmp_path, **PRODUCTION_ENV)
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_debug_keeps_cookies_plain_unless_asked(monkeypatch, tmp_path):
    values = settings_for(monkeypatch, tmp_path, SME2GO_HTTPS="1", SME2GO_DEBUG="1")
    assert values["SESSION_COOKIE_SECURE"] is False
    values = settings_for(
        monkeypatch, tmp_path, SME2GO_HTTPS="1", SME2GO_DEBUG="1", SME2GO_SECURE_COOKIES="1"
    )
    assert values["SESSION_COOKIE_SECURE"] is True
    values = settings_for(monkeypatch, tmp_path, SME2GO_HTTPS="1", SME2GO_SECURE_COOKIES="off")
    assert values["SESSION_COOKIE_SECURE"] is False


@pytest.mark.django_db
def test_login_over_https_sets_secure_session_and_csrf_cookies(monkeypatch, tmp_path, settings):
    values = settings_for(monkeypatch, tmp_path, **PRODUCTION_ENV)
    for name in (
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
    ):
        setattr(settings, name, values[name])
    make_user("alice", make_organisation("Operator", "operator"))
    client = Client(HTTP_X_FORWARDED_PROTO="https")

    form = client.get(reverse("login"))
    assert form.cookies["csrftoken"]["secure"] is True
    assert form["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True

    plain = Client().get(reverse("login"))
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/accounts/login/"


EXPECTED_CSP = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def directives(response) -> set[str]:
    return set(response["Content-Security-Policy"].split("; "))


def test_every_page_carries_the_content_security_policy(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    for url in (
        reverse("core:dashboard"),
        reverse("companies:list"),
        reverse("missions:detail", kwargs={"mission_pk": programme_a.mission.pk}),
        "/no-such-page/",
    ):
        response = client.get(url)
        assert directives(response) == EXPECTED_CSP, url
    assert directives(Client().get(reverse("login"))) == EXPECTED_CSP


# Templates that WeasyPrint renders into PDF files and no browser ever receives.
PDF_ONLY_TEMPLATES = {
    "agendas/templates/agendas/agenda_print.html",
    "dossiers/templates/dossiers/dossier_print.html",
    "readiness/templates/readiness/report_print.html",
    "reporting/templates/reporting/_print_style.html",
    "reporting/templates/reporting/mission_print.html",
}


def test_templates_carry_nothing_inline_that_the_policy_blocks():
    root = Path(__file__).resolve().parents[2] / "src" / "sme2go"
    offenders = []
    for path in root.glob("**/templates/**/*.html"):
        if path.relative_to(root).as_posix() in PDF_ONLY_TEMPLATES:
            continue
        text = path.read_text()
        for marker in ("<style", " style=", "<script>", " onclick=", " onchange=", " onsubmit="):
            if marker in text:
                offenders.append(f"{path.relative_to(root)}: {marker.strip()}")
    assert offenders == []


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_migrate_creates_a_user_only_data_folder_and_database(tmp_path):
    data_dir = tmp_path / "fresh" / "var"
    result = subprocess.run(
        [sys.executable, "-m", "sme2go", "migrate", "-v", "0"],
        env=clean_env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "sme2go.sqlite3") == 0o600
    assert mode(data_dir / "secret_key") == 0o600
    assert (data_dir / "sme2go.sqlite3").stat().st_size > 0


def test_a_world_readable_database_is_tightened(tmp_path):
    path = tmp_path / "old.sqlite3"
    path.write_bytes(b"")
    path.chmod(0o644)
    make_user_only(path)
    assert mode(path) == 0o600


def test_uploads_are_user_only(settings):
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700


def assert_friendly(response, status: int, heading: str) -> str:
    body = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in body
    # The site's own layout (language switcher in the footer), not Django's bare page.
    assert '<select name="language" id="language">' in body
    return body


@pytest.mark.django_db
def test_oversized_form_answers_the_friendly_400_page(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = Client()
    response = client.post(
        reverse("login"), {"username": "x" * 20_000, "password": "y"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    body = assert_friendly(response, 400, "The request could not be read")
    assert "too large or had too many fields" in body
    assert "Back to the dashboard" in body


@pytest.mark.django_db
def test_too_many_fields_answers_the_friendly_400_page():
    fields = {f"field{n}": "1" for n in range(1_500)}
    response = Client().post(reverse("login"), fields)
    assert_friendly(response, 400, "The request could not be read")


def test_friendly_404_in_finnish(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fi")
    body = assert_friendly(response, 404, translation_of("Page not found", "fi"))
    assert '<html lang="fi">' in body
    assert "Takaisin yleisnäkymään" in body
    assert '<label for="language">Kieli</label>' in body
    # Never Django's debug page listing the URL configuration.
    assert "URLconf" not in body
    assert "Yleisnäkymä" in body  # the navigation of a logged-in user


def translation_of(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def test_friendly_403_for_a_user_without_the_right(programme_a, client_for):
    partner = make_organisation("Partner operator", "operator")
    programme_a.programme.partners.add(partner)
    client = client_for(make_user("partner", partner))
    url = reverse("companies:edit", kwargs={"organisation_pk": programme_a.company.pk})
    body = assert_friendly(client.get(url), 403, "Access denied")
    assert "You do not have permission to do this." in body


@pytest.mark.django_db
def test_friendly_403_for_a_form_without_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a", "password": "b"})
    body = assert_friendly(response, 403, "The form could not be sent")
    assert "Reload the page and send the form again." in body


@pytest.mark.django_db
def test_friendly_429_after_too_many_failed_logins(settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "mallory", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "mallory", "password": "wrong"})
    assert_friendly(response, 429, "Too many failed log-in attempts")


def test_friendly_500_needs_no_request_context():
    request = RequestFactory().get("/boom/")
    with translation.override("fi"):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert f"<h1>{translation_of('Something went wrong', 'fi')}</h1>" in body
    assert "Takaisin yleisnäkymään" in body


def test_check_deploy_passes_with_the_documented_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sme2go", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean_env(tmp_path / "var", **PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"
    assert result.stderr == ""
