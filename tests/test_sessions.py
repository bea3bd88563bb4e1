"""Sessions: HttpOnly cookie, a new key at log-in, the session row gone at log-out, POST-only
log-out. (Secure cookies in production: tests/test_deploy_check.py reads the settings in a
process with the production environment.)"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model, load_backend
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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


# -- measures/sessions.py: the per-request reads as SQL ------------------------------------
def test_the_session_store_reads_what_it_wrote_and_nothing_once_expired_or_deleted():
    session = store()()
    session["seen"] = True
    session.save()
    assert store()(session.session_key).load() == {"seen": True}
    session.set_expiry(-1)
    session.save()
    expired = store()(session.session_key)
    assert expired.load() == {} and expired.session_key is None
    session.set_expiry(None)
    session.save()
    session.delete()
    assert store()(session.session_key).load() == {}


def test_a_tampered_session_row_reads_as_empty():
    session = store()()
    session["seen"] = True
    session.save()
    session.model.objects.filter(session_key=session.session_key).update(session_data="x:y")
    assert store()(session.session_key).load() == {}


def test_a_decoded_session_is_remembered_for_its_text_only(settings):
    session = store()()
    text = session.encode({"_auth_user_id": "7", "seen": True})
    first = session.decode(text)
    first["_auth_user_id"] = "8"  # what a caller does to its own copy stays there
    again = session.decode(text)
    assert again == {"_auth_user_id": "7", "seen": True} and again is not first
    assert session.decode(text[:-1] + ("A" if text[-1] != "A" else "B")) == {}  # signature
    signed_with = settings.SECRET_KEY
    settings.SECRET_KEY = "another-secret-key-" + "y" * 40
    assert session.decode(text) == {}  # remembered under the old key, not valid under this one
    settings.SECRET_KEY_FALLBACKS = [signed_with]
    assert session.decode(text) == {"_auth_user_id": "7", "seen": True}


def test_session_data_with_nested_values_is_decoded_each_time():
    session = store()()
    text = session.encode({"filters": {"status": ["late"]}})
    session.decode(text)["filters"]["status"].append("done")
    assert session.decode(text) == {"filters": {"status": ["late"]}}


def same_user(user, orm) -> None:
    """``user`` is what the ORM's ``get()`` gives: every field's value and type, saved state."""
    for field in orm._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(orm, field.attname), field.name
        assert type(getattr(user, field.attname)) is type(getattr(orm, field.attname)), field.name
    assert (user._state.adding, user._state.db) == (False, orm._state.db)


def test_the_user_is_read_with_converted_fields_and_refused_once_inactive(controller):
    backend = load_backend("measures.sessions.UserBackend")
    client = Client()
    log_in(client, controller.username)
    user = backend.get_user(str(controller.pk))
    assert user == controller and user.is_active is True
    assert user.last_login is not None and user.last_login.tzinfo is not None
    same_user(user, type(controller).objects.get(pk=controller.pk))
    assert backend.get_user("not a number") is None
    assert backend.get_user("999999") is None
    controller.is_active = False
    controller.save()
    assert backend.get_user(str(controller.pk)) is None
    assert client.get(reverse("about")).status_code == 302  # sent to the log-in page


def forget_prepared() -> None:
    """As a new connection: nothing prepared on it, and nothing remembered as prepared."""
    from measures.sessions import _prepared_on

    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    _prepared_on.pop(connection.connection, None)


def prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_on_postgresql_the_query_of_a_request_is_prepared_once_per_connection(controller):
    client = Client()
    log_in(client, controller.username)
    forget_prepared()
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse("about")).status_code == 200
    assert "uppf_session_load" in prepared_names()
    with CaptureQueriesContext(connection) as second:
        assert client.get(reverse("about")).status_code == 200
    # the PREPARE is not a query of the page: both requests send the same one EXECUTE
    assert [q["sql"].split(" (")[0] for q in first] == ["EXECUTE uppf_session_load"]
    assert [q["sql"].split(" (")[0] for q in second] == ["EXECUTE uppf_session_load"]
    forget_prepared()
    assert client.get(reverse("about")).status_code == 200  # prepared again
    assert "uppf_session_load" in prepared_names()
    backend = load_backend("measures.sessions.UserBackend")
    assert backend.get_user(str(controller.pk)) == controller  # the user query, prepared too
    assert "uppf_user_get" in prepared_names()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_prepared_statements_can_be_turned_off(controller, settings):
    settings.DB_PREPARED_STATEMENTS = False
    client = Client()
    log_in(client, controller.username)
    forget_prepared()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("about")).status_code == 200
    assert not any(q["sql"].startswith("EXECUTE") for q in ctx)
    assert "uppf_session_load" not in prepared_names()


def session_row(client: Client):
    from measures.models import UserSession

    return UserSession.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_the_user_is_on_the_request_as_itself_not_a_lazy_proxy(controller):
    client = Client()
    log_in(client, controller.username)
    response = client.get(reverse("about"))
    assert type(response.wsgi_request.user) is type(controller)
    assert response.wsgi_request.user == controller
    anonymous = Client().get(reverse("accessibility"))
    assert anonymous.status_code == 200
    assert type(anonymous.wsgi_request.user).__name__ == "AnonymousUser"
    missing = client.get("/finns-inte/")
    assert missing.status_code == 404 and missing.wsgi_request.user == controller


def test_a_request_reads_its_session_and_its_user_in_one_query(controller):
    client = Client()
    log_in(client, controller.username)
    assert session_row(client).user == controller
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("about"))
    assert response.status_code == 200 and response.wsgi_request.user == controller
    assert len(ctx.captured_queries) == 1
    assert anonymous_session(Client()) and store()().model.objects.filter(user=None).exists()


def test_the_user_read_with_the_session_is_the_orms_and_only_for_that_id(controller, admin_user):
    backend = load_backend("measures.sessions.UserBackend")
    client = Client()
    log_in(client, controller.username)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    store()(key).load()
    with CaptureQueriesContext(connection) as ctx:
        user = backend.get_user(str(controller.pk))
    assert len(ctx.captured_queries) == 0  # read with the session
    same_user(user, get_user_model().objects.get(pk=controller.pk))
    with CaptureQueriesContext(connection) as ctx:
        assert backend.get_user(str(controller.pk)) == controller  # handed over once only
        store()(key).load()
        assert backend.get_user(str(admin_user.pk)) == admin_user  # another id: asked for
    assert len(ctx.captured_queries) == 3


def test_a_changed_password_or_a_deleted_user_ends_the_session(controller):
    client = Client()
    log_in(client, controller.username)
    controller.set_password("ett nytt lösenord 2026")
    controller.save()
    assert client.get(reverse("about")).status_code == 302  # the session's hash no longer fits
    log_in(client, controller.username)  # the old password is refused
    assert client.get(reverse("about")).status_code == 302


def test_sessions_of_a_deleted_user_go_with_them_and_a_dangling_one_is_anonymous(controller):
    from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY

    from measures.models import UserSession

    client = Client()
    log_in(client, controller.username)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    controller.delete()
    assert not UserSession.objects.filter(session_key=key).exists()
    assert client.get(reverse("about")).status_code == 302

    # a session naming a user that is not there (no constraint in the database): anonymous
    dangling = store()()
    dangling[SESSION_KEY] = "1000000000"
    dangling[BACKEND_SESSION_KEY] = "measures.sessions.UserBackend"
    dangling.create()
    assert UserSession.objects.get(session_key=dangling.session_key).user_id == 10**9
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = dangling.session_key
    response = replay.get(reverse("about"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
