"""Log-in throttling (django-axes): five failures for a username from one IP address lock that
combination for 15 minutes; other users and other addresses are not affected."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "wrong-password-typed"


def attempt(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_settings_lock_username_and_ip_after_five_for_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_five_failures_lock_and_the_right_password_is_then_refused(controller, reader, caplog):
    client = Client()
    caplog.set_level(logging.INFO, logger="uppfoljning.audit")
    for _ in range(4):
        response = attempt(client, controller.username, WRONG)
        assert response.status_code == 200  # the log-in page again, with its error
    fifth = attempt(client, controller.username, WRONG)
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "För många inloggningsförsök" in page and "15 minuter" in page
    assert '<html lang="sv">' in page

    locked = attempt(client, controller.username, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302  # still anonymous

    lockouts = [r.getMessage() for r in caplog.records if "event=lockout" in r.getMessage()]
    assert lockouts and f"user={controller.username}" in lockouts[0]
    assert "ip=10.0.0.1" in lockouts[0]

    other_user = attempt(Client(), reader.username, PASSWORD)
    assert other_user.status_code == 302  # another user from the same address logs in
    other_ip = attempt(Client(), controller.username, PASSWORD, ip="10.0.0.2")
    assert other_ip.status_code == 302  # the same user from another address too


def test_four_failures_do_not_lock(controller):
    client = Client()
    for _ in range(4):
        attempt(client, controller.username, WRONG)
    assert attempt(client, controller.username, PASSWORD).status_code == 302


def test_the_lockout_page_is_shown_to_an_anonymous_visitor_without_redirect(controller):
    """LoginRequiredMiddleware does not send the lockout answer to the log-in page."""
    client = Client()
    for _ in range(5):
        response = attempt(client, controller.username, WRONG)
    assert response.status_code == 429
    assert "Location" not in response
    assert reverse("login") in response.content.decode()  # a link back to the log-in page


def test_an_over_long_user_name_is_a_field_error_not_a_500(client):
    """Found by the property tests on PostgreSQL: axes stored the name in a 255-char column."""
    response = client.post(reverse("login"), {"username": "x" * 300, "password": "whatever"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "username" in errors
    assert "150" in errors["username"][0]
    # shown at the field, not only kept in the form
    page = response.content.decode()
    assert 'id="username-error">' + errors["username"][0] in page.replace("&quot;", '"')
