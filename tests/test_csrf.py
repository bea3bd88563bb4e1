"""CSRF is enforced on every URL that accepts POST: an administrator's POST without the token is
refused (403, the CSRF page); with the token the same POST is not refused for CSRF."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.url_walk import patterns, routes

pytestmark = pytest.mark.django_db

CSRF_PAGE = "Formuläret kunde inte skickas"


def csrf_client(user) -> tuple[Client, str]:
    """A logged-in client that enforces CSRF, and a valid token (from its cookie)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("home"))  # the log-out form sets the CSRF cookie
    return client, client.cookies[settings.CSRF_COOKIE_NAME].value


def test_no_view_is_exempt_from_csrf():
    exempt = [n for n, _p, c, _e, _ns in patterns() if getattr(c, "csrf_exempt", False)]
    assert exempt == []


def test_every_post_without_token_is_refused_and_with_token_is_not(admin_user):
    state_changing = []
    client, token = csrf_client(admin_user)
    refusing, _unused = csrf_client(admin_user)
    for route in routes():
        if "_auth_user_id" not in client.session:  # logged out by the previous POST
            client, token = csrf_client(admin_user)
        with_token = client.post(route.url, {"csrfmiddlewaretoken": token})
        if with_token.status_code == 405:
            continue  # GET-only: nothing to protect
        state_changing.append(route.name)
        assert CSRF_PAGE not in with_token.content.decode(errors="replace"), route

        without = refusing.post(route.url, {})
        assert without.status_code == 403, route
        assert CSRF_PAGE in without.content.decode(), route
    assert "_auth_user_id" in refusing.session  # no refused POST logged it out
    for name in ("login", "logout", "period_close", "period_reopen", "period_open",
                 "measure_edit", "follow_up_create", "import_start", "monthly_report"):
        assert name in state_changing


def test_representative_forms_work_with_the_token(admin_user, open_period):
    client, token = csrf_client(admin_user)
    response = client.post(
        reverse("period_close", args=[open_period.pk]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    open_period.refresh_from_db()
    assert open_period.is_closed

    client, token = csrf_client(admin_user)
    response = client.post(
        reverse("period_reopen", args=[open_period.pk]),
        {"csrfmiddlewaretoken": token, "reason": "Rättelse av februari"},
    )
    assert response.status_code == 302
    open_period.refresh_from_db()
    assert not open_period.is_closed

    client, token = csrf_client(admin_user)
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # logged out


def test_the_same_form_without_the_token_changes_nothing(admin_user, open_period):
    client, _token = csrf_client(admin_user)
    response = client.post(reverse("period_close", args=[open_period.pk]), {})
    assert response.status_code == 403
    open_period.refresh_from_db()
    assert not open_period.is_closed
