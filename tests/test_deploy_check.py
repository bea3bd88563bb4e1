"""`manage.py check --deploy --fail-level WARNING` passes with the production settings, and the
production settings are really secure (read in a fresh process with a production environment).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess  # noqa: S404 - our own manage.py, fixed arguments
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]


# Test-run settings that a deployment never has (the browser tests allow sync DB access from
# Playwright's event loop for the whole session).
NOT_IN_PRODUCTION = {"DEBUG", "PRODUCTION", "SECRET_KEY", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    env.update(extra)
    return env


def production_env() -> dict[str, str]:
    return _env(
        PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="uppfoljning.example.se",
    )


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_deploy_check_passes_with_production_settings():
    result = _run(COMMAND, production_env())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr and "WARNINGS" not in result.stdout


def test_deploy_check_fails_without_production_settings():
    """The same command with the development defaults: the check can fail."""
    env = _env(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="uppfoljning.example.se")
    result = _run(COMMAND, env)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_production_requires_a_secret_key():
    env = _env(PRODUCTION="1", ALLOWED_HOSTS="uppfoljning.example.se")
    result = _run(COMMAND, env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in (
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY")}))
"""


def settings_in(env: dict[str, str]) -> dict:
    env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = _run([sys.executable, "-c", PRINT_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_cookies_are_secure_and_https_is_forced():
    prod = settings_in(production_env())
    assert prod["DEBUG"] is False
    assert prod["SESSION_COOKIE_SECURE"] is True
    assert prod["CSRF_COOKIE_SECURE"] is True
    assert prod["SESSION_COOKIE_HTTPONLY"] is True
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"


def test_development_runs_over_http():
    dev = settings_in(_env())
    assert dev["SESSION_COOKIE_SECURE"] is False
    assert dev["SECURE_SSL_REDIRECT"] is False
    assert dev["SECURE_HSTS_SECONDS"] == 0
    assert dev["SESSION_COOKIE_HTTPONLY"] is True
