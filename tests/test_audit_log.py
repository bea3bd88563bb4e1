"""The security audit log (logger "uppfoljning.audit", measures/audit.py): every event is
recorded with user, IP and path, and never a password or a session key."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from measures.audit import audit
from reporting.imports.export import export
from reporting.models import ImportBatch
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Hemligt-fel-losen-42"


@pytest.fixture
def audit_log(caplog):
    caplog.set_level(logging.INFO, logger="uppfoljning.audit")

    def records(event: str | None = None) -> list[str]:
        lines = [r.getMessage() for r in caplog.records if r.name == "uppfoljning.audit"]
        return [line for line in lines if event is None or f"event={event} " in line + " "]

    return records


def fields(line: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in line.split(" "))


def assert_no_secrets(lines: list[str], *secrets: str) -> None:
    for line in lines:
        for secret in secrets:
            assert secret not in line


def test_log_in_success_and_failure(controller, audit_log):
    client = Client()
    client.post(reverse("login"), {"username": controller.username, "password": WRONG})
    client.post(reverse("login"), {"username": controller.username, "password": PASSWORD})
    key = client.session.session_key
    failed = fields(audit_log("login_failed")[0])
    assert failed["user"] == controller.username
    assert failed["ip"] == "127.0.0.1" and failed["path"] == reverse("login")
    success = fields(audit_log("login")[0])
    assert success["user"] == controller.username and success["ip"] == "127.0.0.1"
    assert_no_secrets(audit_log(), WRONG, PASSWORD, key, "*****")


def test_failed_credentials_reach_the_log_already_cleansed(controller, caplog):
    """Django hands user_login_failed the credentials with the password masked."""
    from django.contrib.auth.signals import user_login_failed

    seen = []

    def spy(sender, credentials, **kwargs):
        seen.append(credentials)

    user_login_failed.connect(spy)
    try:
        Client().post(reverse("login"), {"username": controller.username, "password": WRONG})
    finally:
        user_login_failed.disconnect(spy)
    assert seen and seen[0]["username"] == controller.username
    assert seen[0]["password"] != WRONG and set(seen[0]["password"]) == {"*"}


def test_lockout_is_logged(controller, audit_log):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": controller.username, "password": WRONG})
    lockout = fields(audit_log("lockout")[0])
    assert lockout["user"] == controller.username and lockout["ip"] == "127.0.0.1"
    assert len(audit_log("login_failed")) == settings.AXES_FAILURE_LIMIT
    assert_no_secrets(audit_log(), WRONG)


def test_denied_access_is_logged(other_controller_client, reader_client, audit_log):
    url = reverse("dashboard", args=["rvm-hsf"])
    assert other_controller_client.get(url).status_code == 404
    assert reader_client.get(reverse("periods", args=["rvm"])).status_code == 403
    hidden, denied = (fields(line) for line in audit_log("access_denied"))
    assert hidden == {
        "event": "access_denied",
        "user": "other-controller-test",
        "ip": "127.0.0.1",
        "path": url,
        "status": "404",
        "reason": "outside_read_scope",
    }
    assert denied["user"] == "reader-test" and denied["status"] == "403"
    assert denied["reason"] == "not_admin"


def test_period_close_and_reopen_are_logged(admin_client, open_period, audit_log):
    admin_client.post(reverse("period_close", args=[open_period.pk]))
    admin_client.post(
        reverse("period_reopen", args=[open_period.pk]), {"reason": "Rättelse av mars"}
    )
    closed = fields(audit_log("period_close")[0])
    reopened = fields(audit_log("period_reopen")[0])
    assert closed["user"] == "admin-test" and closed["period"] == str(open_period.pk)
    assert closed["month"] == reopened["month"] == open_period.label.replace(" ", "_")
    assert "Rättelse" not in reopened.get("reason", "")  # free text stays in the history


def test_import_preview_confirm_and_exports_are_logged(admin_client, audit_log):
    data = export("measures", "xlsx")
    admin_client.post(
        reverse("import_start"),
        {"kind": "measures", "file": SimpleUploadedFile("a.xlsx", data), "unit": "", "gender": "T"},
    )
    batch = ImportBatch.objects.get()
    admin_client.post(reverse("import_confirm", args=[batch.token]))
    preview = fields(audit_log("import_preview")[0])
    confirm = fields(audit_log("import_confirm")[0])
    assert preview["batch"] == confirm["batch"] == str(batch.pk)
    assert preview["kind"] == "measures" and confirm["user"] == "admin-test"

    admin_client.get(reverse("table_measures") + "?format=csv")
    admin_client.get(reverse("import_export", args=["measures", "xlsx"]))
    exports = [fields(line) for line in audit_log("export")]
    assert [(e["format"], e["path"]) for e in exports] == [
        ("csv", reverse("table_measures")),
        ("xlsx", reverse("import_export", args=["measures", "xlsx"])),
    ]
    assert exports[0]["rows"].isdigit()
    assert_no_secrets(audit_log(), admin_client.session.session_key)


def test_anonymous_and_forged_values(rf, audit_log):
    request = rf.get("/x/", REMOTE_ADDR="10.1.2.3")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    audit("test", request=request, note="a b\nevent=forged", password="secret-typed")
    (line,) = audit_log("test")
    assert fields(line) == {
        "event": "test",
        "user": "anonym",
        "ip": "10.1.2.3",
        "path": "/x/",
        "note": "a_b\\nevent=forged",
    }
    assert "secret-typed" not in line


def test_the_configured_formatter_writes_iso_time():
    """The console handler that the audit logger propagates to formats ISO 8601 times."""
    config = settings.LOGGING
    assert config["loggers"]["uppfoljning.audit"]["level"] == "INFO"
    handler = config["handlers"][config["loggers"]["uppfoljning"]["handlers"][0]]
    spec = config["formatters"][handler["formatter"]]
    formatter = logging.Formatter(spec["format"], spec["datefmt"])
    record = logging.LogRecord("uppfoljning.audit", logging.INFO, "", 0, "event=x", None, None)
    stamp = formatter.format(record).split(" ")[0]
    assert dt.datetime.fromisoformat(stamp).tzinfo is not None


def test_audit_log_file_from_the_environment(tmp_path):
    """AUDIT_LOG_FILE adds a file handler to the audit logger (settings read in a new process)."""
    import json
    import subprocess  # noqa: S404
    import sys

    from tests.test_deploy_check import BASE_DIR, _env

    target = tmp_path / "audit.log"
    script = (
        "import django, logging; django.setup();"
        "from measures.audit import audit; audit('probe', username='u');"
        "import json; from django.conf import settings as s;"
        "print(json.dumps(s.LOGGING['loggers']['uppfoljning.audit']))"
    )
    env = {**_env(AUDIT_LOG_FILE=str(target)), "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=60, check=True,
    )
    assert json.loads(result.stdout)["handlers"] == ["audit_file"]
    line = target.read_text(encoding="utf-8").strip()
    assert line.endswith("uppfoljning.audit event=probe user=u ip=- path=-")
    assert dt.datetime.fromisoformat(line.split(" ")[0]).tzinfo is not None
