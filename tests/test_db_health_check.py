"""The per-request health check of a persistent PostgreSQL connection asks the socket, not the
server (config/postgresql/base.py): no round trip on a healthy connection, a new connection
after the server has ended the old one."""

from __future__ import annotations

import io
import socket
import sys
import time

import psycopg2
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoPostgreSQL
from django.test import Client
from django.urls import reverse

from config.postgresql.base import server_has_spoken
from tests.conftest import PASSWORD

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only (SQLite has no server)"
)


class FakeConnection:
    """The two things the check reads of a psycopg2 connection."""

    def __init__(self, sock: socket.socket, closed: int = 0) -> None:
        self.sock, self.closed = sock, closed

    def fileno(self) -> int:
        return self.sock.fileno()


@pytest.fixture
def socket_pair():
    ours, server = socket.socketpair()
    yield ours, server
    ours.close()
    server.close()


def test_a_quiet_open_connection_is_healthy(socket_pair):
    ours, _server = socket_pair
    assert server_has_spoken(FakeConnection(ours)) is False


def test_anything_written_by_the_server_fails_the_check(socket_pair):
    ours, server = socket_pair
    server.sendall(b"E")  # the start of PostgreSQL's ErrorResponse before it hangs up
    assert server_has_spoken(FakeConnection(ours)) is True


def test_a_hang_up_fails_the_check(socket_pair):
    ours, server = socket_pair
    server.close()
    assert server_has_spoken(FakeConnection(ours)) is True


def test_a_connection_the_driver_closed_or_without_a_socket_fails_the_check(socket_pair):
    ours, _server = socket_pair
    assert server_has_spoken(FakeConnection(ours, closed=1)) is True
    gone = FakeConnection(ours)
    gone.fileno = lambda: -1
    assert server_has_spoken(gone) is True


def test_postgresql_urls_select_this_backend():
    assert settings.DATABASES["default"]["ENGINE"] in (
        "config.postgresql",
        "django.db.backends.sqlite3",
    )


def served(path: str, cookie: str) -> int:
    """``path`` through Django's WSGI handler, as a server calls it: unlike the test client it
    sends ``request_started`` to ``close_old_connections``, which asks for a health check."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_COOKIE": cookie,
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    status = []
    body = WSGIHandler()(environ, lambda s, headers: status.append(s))
    b"".join(body)
    body.close()  # request_finished
    return int(status[0].split()[0])


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_served_request_on_a_healthy_connection_sends_no_select_1(monkeypatch):
    """Outside a test transaction, as a server runs (so it needs no loaded fixture: the
    tables are emptied afterwards)."""
    client = Client()
    client.force_login(get_user_model().objects.create_user("health-check", password=PASSWORD))
    cookie = "; ".join(f"{k}={m.value}" for k, m in client.cookies.items())
    assert served(reverse("about"), cookie) == 200
    raw = connection.connection
    assert raw is not None and connection.health_check_enabled
    asked = []
    monkeypatch.setattr(DjangoPostgreSQL, "is_usable", lambda self: asked.append(1) or True)
    for _ in range(3):
        assert served(reverse("about"), cookie) == 200
    assert asked == []
    assert connection.connection is raw  # the same connection, checked and kept


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_replaced_before_the_next_request():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    db = settings.DATABASES["default"]
    admin = psycopg2.connect(
        dbname=db["NAME"],
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    admin.close()
    deadline = time.monotonic() + 5
    while not server_has_spoken(connection.connection) and time.monotonic() < deadline:
        time.sleep(0.01)

    close_old_connections()  # what request_started does
    with connection.cursor() as cursor:  # the check runs here, before the first query
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
