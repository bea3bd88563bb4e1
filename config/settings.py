"""Settings, all read from the environment (one module for every deployment).

DATABASE_URL   default: SQLite file db.sqlite3 in the project; postgres://... selects PostgreSQL
SECRET_KEY     required when PRODUCTION=1
PRODUCTION     "1" for a production deployment (secure cookies, SECRET_KEY required)
DEBUG          "1" to enable (default off)
ALLOWED_HOSTS  comma-separated (default: the local host names)
CSRF_TRUSTED_ORIGINS  comma-separated origins (https://uppfoljning.example.se), if needed
SECURE_PROXY_SSL_HEADER  "1" behind a TLS-terminating proxy that sets X-Forwarded-Proto
SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_HSTS_PRELOAD  override production defaults
AUDIT_LOG_FILE  optional file for the security audit log (logger "uppfoljning.audit")
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
PRODUCTION = env_bool("PRODUCTION", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when PRODUCTION=1.")
    # Development and tests only; a production deployment sets PRODUCTION=1 and SECRET_KEY.
    SECRET_KEY = "insecure-dev-only-key-" + "x" * 40

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "measures",
    "indicators",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "measures.sessions.AuthenticationMiddleware",  # Django's, the user read at once
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "measures.csp.CSPMiddleware",  # django-csp's, the site-wide header built once
    # Last, as django-axes requires: turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,  # a persistent connection is checked before each request
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend whose per-request health check asks the socket, not the server
    # (config/postgresql/base.py): one round trip fewer on every page.
    DATABASES["default"]["ENGINE"] = "config.postgresql"
# PostgreSQL: the session and user queries of every request are prepared once per connection
# (measures/sessions.py). Set 0 behind a pooler in transaction mode (PgBouncer's default).
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out username+IP before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "measures.sessions.UserBackend",  # ModelBackend, its per-request user read as SQL
]

# Log-in throttling (django-axes). Lock the combination of username AND client IP after five
# failures for 15 minutes: locking by username alone would let anyone lock a colleague out of
# month-end reporting by typing wrong passwords; locking by IP alone would lock a whole hospital
# behind one NAT address. The combination stops password guessing against an account from one
# address without either denial of service. Behind a reverse proxy, REMOTE_ADDR must be the
# client's address (the proxy sets it; see README).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # our own audit log records the events (measures/audit.py)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Swedish only. The interface has no other translation, so there is no LocaleMiddleware: with
# it, a browser asking for English got `<html lang="en">` on Swedish text (a screen reader
# then reads Swedish with English pronunciation) and Django's own messages in English.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000

# Where the accessibility statement tells people to write (tillgänglighetsredogörelse).
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get(
    "ACCESSIBILITY_CONTACT_EMAIL", "tillganglighet@region.example"
)

DJANGO_TABLES2_TEMPLATE = "tables/table.html"

SESSION_ENGINE = "measures.sessions"  # database sessions, the per-request read as SQL
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS only in production (PRODUCTION=1); development and the tests run over http on
# 127.0.0.1. `manage.py check --deploy --fail-level WARNING` passes with these (tested).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4). Every script is a static file: no inline script, no
# inline event handler, no eval ('unsafe-eval' is absent; the figures reach charts.js as JSON
# data blocks, which CSP does not execute). Styles are strict too: no 'unsafe-inline', no style
# attributes in the templates. plotly.js sets its inline styles through the CSSOM (allowed) but
# appends two <style> elements of its own at run time: an empty one that it fills with
# insertRule (hash of the empty string) and maplibre's fixed stylesheet. Both are allowed by
# their SHA-256 hashes only; checked in Chromium by tests/test_csp_in_browser.py, which fails
# (a style-src violation) if a plotly.js upgrade changes the text.
PLOTLY_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # "" (plotly.js-style-global)
    "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='",  # maplibre-gl CSS in plotly 4.1.1
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", *PLOTLY_STYLE_HASHES],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # ISO 8601 time; audit records read "event key=value ..." (measures/audit.py).
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "uppfoljning": {"handlers": ["console"], "level": "INFO"},
        # Security events (log-in, lockout, denied access, period close/reopen, imports,
        # exports); propagates to the console handler above.
        "uppfoljning.audit": {"handlers": [], "level": "INFO"},
    },
}
if os.environ.get("AUDIT_LOG_FILE"):
    LOGGING["handlers"]["audit_file"] = {
        "class": "logging.FileHandler",
        "filename": os.environ["AUDIT_LOG_FILE"],
        "formatter": "plain",
        "encoding": "utf-8",
    }
    LOGGING["loggers"]["uppfoljning.audit"]["handlers"].append("audit_file")
