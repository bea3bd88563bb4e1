"""Sessions: HttpOnly cookie, a new key at log-in, the session row gone at log-out, POST-only
log-out. (Secure cookies in production: tests/test_deploy_check.py reads the settings in a
process with the production environment.)"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.test_deploy_check import production_env, settings_in

pytestmark = pytest.mark.django_db


def store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def anonymous_session(client: Client) -> str:
    """Give ``client`` an anonymous session (as a visitor who has used the site would have)."""
    session = client.session
    session["seen"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return session.session_key


def log_in(client: Client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def test_session_cookie_is_httponly(controller):
    client = Client()
    response = log_in(client, controller.username)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_session_and_csrf_cookies_are_secure_in_production():
    prod = settings_in(production_env())
    assert prod["SESSION_COOKIE_SECURE"] is True
    assert prod["CSRF_COOKIE_SECURE"] is True
    assert prod["SESSION_COOKIE_HTTPONLY"] is True


def test_log_in_rotates_the_session_key(controller):
    client = Client()
    before = anonymous_session(client)
    response = log_in(client, controller.username)
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not store()().exists(before)  # the old key cannot be replayed
    assert client.session["_auth_user_id"] == str(controller.pk)


def test_log_out_removes_the_session_and_the_old_cookie_no_longer_works(controller):
    client = Client()
    log_in(client, controller.username)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert store()().exists(key)
    assert client.get(reverse("home")).status_code == 200

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not store()().exists(key)

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    response = replay.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_log_out_is_post_only_and_the_page_offers_a_form(controller_client):
    assert controller_client.get(reverse("logout")).status_code == 405
    html = controller_client.get(reverse("home")).content.decode()
    assert f'<form class="logout" method="post" action="{reverse("logout")}">' in html
    assert controller_client.get(reverse("home")).status_code == 200  # still logged in
