"""The security audit log: one line per security event on the logger ``uppfoljning.audit``.

A record reads ``event=<name> user=<user name or anonym> ip=<client IP> path=<path> k=v ...``;
the time is the formatter's ISO 8601 ``asctime`` (config/settings.py LOGGING). Events:
log-in success and failure, lockout, denied access (403/404 from ``measures.access``), period
close/reopen, import preview/confirm and exports. Callers pass names, codes and counts only:
never a password, a session key or a form's content.

Log-in events come from django.contrib.auth's and django-axes' signals (connected in
``MeasuresConfig.ready``); the rest are explicit calls from the views that do the work.
"""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

log = logging.getLogger("uppfoljning.audit")

ANONYMOUS = "anonym"
# Keys that must never reach the log, whatever a caller passes.
_SECRET_KEYS = frozenset({"password", "password1", "password2", "session_key", "sessionid"})


def client_ip(request) -> str:
    """The client address as the web server saw it (REMOTE_ADDR; set by the proxy)."""
    if request is None:
        return "-"
    return request.META.get("REMOTE_ADDR") or "-"


def _user_name(request, user) -> str:
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return user.get_username()


def _value(value: object) -> str:
    """One token: spaces and line breaks cannot forge another field or record."""
    text = str(value)
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace(" ", "_")


def audit(event: str, *, request=None, user=None, username: str | None = None, **fields) -> None:
    """Log security ``event`` with the user, client IP and path of ``request`` and ``fields``."""
    name = username if username is not None else _user_name(request, user)
    parts = {
        "event": event,
        "user": name or ANONYMOUS,
        "ip": client_ip(request),
        "path": (request.path if request is not None else "") or "-",
    }
    parts.update({k: v for k, v in fields.items() if k not in _SECRET_KEYS})
    log.info(" ".join(f"{key}={_value(value)}" for key, value in parts.items()))


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs) -> None:
    audit("login", request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already replaced the password in ``credentials`` (cleanse_setting); only the
    # user name typed is kept.
    audit("login_failed", request=request, username=str(credentials.get("username", "")))


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit("lockout", request=request, username=username or "")
