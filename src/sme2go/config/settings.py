"""Django settings, built only from the option table in :mod:`sme2go.config.options`."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from sme2go.config.database import database_config
from sme2go.config.options import load, prepare_data_dir, secret_key

OPTIONS = load()
PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = prepare_data_dir(OPTIONS["DATA_DIR"])

SECRET_KEY = secret_key(OPTIONS["SECRET_KEY"], DATA_DIR)
DEBUG = OPTIONS["DEBUG"]
ALLOWED_HOSTS = OPTIONS["ALLOWED_HOSTS"]
CSRF_TRUSTED_ORIGINS = OPTIONS["CSRF_TRUSTED_ORIGINS"]

INSTALLED_APPS = [
    # First, so its registration/ templates win over the admin's look-alikes.
    "sme2go.core",
    # Before the admin, so its admin integration loads (translated model fields).
    "modeltranslation",
    "django_countries",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "sme2go.taxonomy",
    "sme2go.regions",
    "sme2go.organisations",
    "sme2go.programmes",
    "sme2go.companies",
    "sme2go.needs",
    "sme2go.missions",
    "sme2go.matches",
    "sme2go.planning",
    "sme2go.audit",
    "sme2go.agendas",
    "sme2go.demo",
    # The API; "ninja" so its docs page and assets come from the package, not a CDN.
    "ninja",
    "sme2go.api",
    "sme2go.imports",
    "sme2go.readiness",
    "sme2go.followup",
    "sme2go.dossiers",
    "sme2go.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the outcome of the login views it throttles.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sme2go.config.urls"
WSGI_APPLICATION = "sme2go.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sme2go.core.context_processors.access",
            ],
        },
    }
]

DATABASES = {"default": database_config(OPTIONS["DATABASE_URL"], DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (scheduler runs, re-ranking) go through django-tasks' database queue,
# so no extra server is needed; `sme2go worker` runs them (docs/ARCHITECTURE.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = OPTIONS["LOGIN_ATTEMPTS"]
AXES_COOLOFF_TIME = OPTIONS["LOGIN_COOLOFF_MINUTES"] / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Says how long to wait (a password reset does not lift the lock).
AXES_LOCKOUT_CALLABLE = "sme2go.core.views.locked_out"
AXES_VERBOSE = False

# Personal data retention (sme2go apply_retention); 0 keeps everything.
SME2GO_RETENTION_DAYS = OPTIONS["RETENTION_DAYS"]

EMAIL_BACKEND = OPTIONS["EMAIL_URL"]
DEFAULT_FROM_EMAIL = OPTIONS["DEFAULT_FROM_EMAIL"]
# The start of links in mails (sme2go.followup.reminders.site_url).
SME2GO_SITE_URL = OPTIONS["SITE_URL"]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("et", _("Estonian")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Content typed by people (need titles, host names…) has a column per language
# (django-modeltranslation, docs/ARCHITECTURE.md). ``need.title`` is the original text;
# pages show the reader's language through core's ``translated`` tag
# (sme2go.core.content_language).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Dates follow the reader's language through Django's formats; English ones as in Europe.
FORMAT_MODULE_PATH = ["sme2go.config.formats"]
TIME_ZONE = OPTIONS["TIME_ZONE"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns at start-up when it is missing.
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve app static files straight from the package, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS is declared by the operator (SME2GO_HTTPS), since behind a proxy the app cannot
# tell by itself; Secure cookies follow unless set explicitly, and stay off in debug so
# `make demo` works over plain http://127.0.0.1.
HTTPS = OPTIONS["HTTPS"]
SECURE_COOKIES = OPTIONS["SECURE_COOKIES"]
if SECURE_COOKIES is None:
    SECURE_COOKIES = HTTPS and not DEBUG
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
if OPTIONS["BEHIND_PROXY"]:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = OPTIONS["HSTS_SECONDS"]
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = OPTIONS["HSTS_PRELOAD"]

# Uploads are user-only, like the data folder they live in.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Content-Security-Policy (django-csp): the app's pages load scripts, styles, images and
# fonts from their own origin only; nothing inline, no plug-ins, no framing, forms post
# only back to the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
