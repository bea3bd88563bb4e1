"""The database session store and the user look-up of every authenticated request: one
query for both, its SQL written once instead of compiled by the ORM per request.

Every page needs its session row and its user. Django's ``db`` sessions and ``ModelBackend``
read them with two ``objects.get()`` calls, each compiled anew (twice the query's own time on
a local PostgreSQL) and each a round trip to the database. Here the session row names its user
(``measures.models.UserSession``), and the session's read joins the user's row: one query,
through a cursor, with the ORM's own converters and ``Model.from_db``.

Nothing is cached between requests: both rows are read from the database at each request (a
session deleted at log-out is gone for every worker; a deactivated user is out at the next
request). The user read with a session is handed to the very next ``get_user`` for that user
id in the same thread or task, which in a request is ``django.contrib.auth.get_user`` reading
the session's user id; any other ``get_user`` queries the user itself.
``AuthenticationMiddleware`` puts that user on the request at once, not behind a lazy proxy.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model, middleware
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import connections, router
from django.utils import timezone

_read_with_session: ContextVar[tuple | None] = ContextVar("read_with_session", default=None)
"""(database alias, user id, user or None) of the session read last in this thread or task."""


def session_user_pk(data: dict):
    """The id of the user a session's data is logged in as, or None."""
    try:
        return get_user_model()._meta.pk.to_python(data[SESSION_KEY])
    except (KeyError, ValidationError):
        return None


_PLAIN = (str, int, float, type(None))
"""Session values that cannot be changed in place (bool is an int)."""


class SessionStore(db.SessionStore):
    """``django.contrib.sessions.backends.db`` on ``UserSession``: the row names its user, and
    the per-request read fetches the user's row with it (one query, SQL written once)."""

    _sql: dict[str, str] = {}
    _decoded: dict[str, dict] = {}
    _decoded_with: tuple = ()
    DECODED_MAX = 4096
    """Texts remembered by ``decode`` (one per live session, in practice); past this, it starts
    over."""

    @classmethod
    def get_model_class(cls):
        from .models import UserSession

        return UserSession

    def create_model_instance(self, data: dict):
        session = super().create_model_instance(data)
        session.user_id = session_user_pk(data)
        return session

    def decode(self, session_data: str) -> dict:
        """The parent's decoding, remembered for the very text it was given.

        Decoding checks the text's signature (two SHA-256 hashes and an HMAC), inflates and
        parses it: a tenth of an empty page's time, for the same text at every request of a
        session. The result depends only on the text and the secret keys, so a text seen
        before gives the same data, as a new dict; a different text (any change is saved as a
        new text) or a changed secret key is decoded again. Only data of plain values (what
        log-in and messages store) is remembered, so no caller can change the remembered data
        through a nested list or dict."""
        secrets = (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
        if secrets != self._decoded_with:
            SessionStore._decoded, SessionStore._decoded_with = {}, secrets
        data = self._decoded.get(session_data)
        if data is not None:
            return dict(data)
        data = super().decode(session_data)
        if data and all(isinstance(v, _PLAIN) for v in data.values()):
            if len(self._decoded) >= self.DECODED_MAX:
                self._decoded.clear()
            self._decoded[session_data] = dict(data)
        return data

    def _load_sql(self, alias: str, users: UserQuery) -> str:
        """The parent's query (the row with this key that has not expired) with the session's
        user id and its user's columns (a LEFT JOIN: a session without a user still loads)."""
        sql = self._sql.get(alias)
        if sql is None:
            qn = connections[alias].ops.quote_name
            table = qn(self.model._meta.db_table)
            user_table = qn(users.model._meta.db_table)
            user_pk = qn(users.model._meta.pk.column)
            user_id = qn(self.model._meta.get_field("user").column)
            sql = self._sql[alias] = (
                f"SELECT {table}.{qn('session_data')}, {table}.{user_id}, {users.columns} "  # noqa: S608 (names only)
                f"FROM {table} LEFT OUTER JOIN {user_table} "
                f"ON ({user_table}.{user_pk} = {table}.{user_id}) "
                f"WHERE ({table}.{qn('session_key')} = %s AND {table}.{qn('expire_date')} > %s)"
            )
        return sql

    def load(self) -> dict:
        """The same as the parent's: the data of the unexpired row with this key, else an
        empty session (and no key, so a new one is made when it is saved). The user's row
        read with it waits for ``UserBackend.get_user``."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        users = UserQuery.of(get_user_model(), alias)
        sql = self._load_sql(alias, users)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            prepared(connection, cursor, "uppf_session_load", sql).execute(
                sql, [self.session_key, now]
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        try:
            data = self.decode(row[0])
        except SuspiciousOperation as exc:  # as the parent does
            logging.getLogger(f"django.security.{exc.__class__.__name__}").warning(str(exc))
            self._session_key = None
            return {}
        user = users.build(row[2:], connection) if row[2] is not None else None
        _read_with_session.set((alias, row[1], user))
        return data


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    """Django's, with the user read when the request arrives instead of behind a
    ``SimpleLazyObject``. Every page needs its user at once (``LoginRequiredMiddleware`` asks
    before the view, and the header shows the name and the user's links), and each of a
    template's questions to a lazy object passes through its proxy: together a tenth of the
    empty page's time. The same ``get_user`` reads it, once per request."""

    def process_request(self, request) -> None:
        super().process_request(request)
        request.user = middleware.get_user(request)


class UserBackend(ModelBackend):
    """``ModelBackend`` whose per-request ``get_user`` takes the user read with the session
    (``SessionStore.load``), else sends the user query's SQL, compiled once, through a cursor;
    authentication and permissions are the parent's."""

    def get_user(self, user_id):
        model = get_user_model()
        alias = router.db_for_read(model)
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        read = _read_with_session.get()
        if read is not None:
            _read_with_session.set(None)
        if read is not None and read[:2] == (alias, pk):
            user = read[2]
        else:
            user = UserQuery.of(model, alias).fetch(pk)
        return user if user is not None and self.user_can_authenticate(user) else None


@dataclass(frozen=True)
class UserQuery:
    """``model.objects.filter(pk=…).get()`` taken apart once per database: its SQL and select
    list, the attribute of each selected column and the converters the ORM applies to them
    (as ``SQLCompiler.apply_converters``)."""

    model: type
    alias: str
    sql: str
    columns: str
    attnames: list[str]
    converters: list[tuple[int, list, object]]

    _compiled = {}

    @classmethod
    def of(cls, model, alias: str) -> UserQuery:
        query = cls._compiled.get((model, alias))
        if query is None:
            query = cls._compiled[(model, alias)] = cls.compile(model, alias)
        return query

    @classmethod
    def compile(cls, model, alias: str) -> UserQuery:
        compiler = model._default_manager.db_manager(alias).filter(pk=0).query.get_compiler(alias)
        sql, _params = compiler.as_sql()
        columns = [expression for expression, _sql, _alias in compiler.select]
        converters = [
            (position, functions, expression)
            for position, (functions, expression) in compiler.get_converters(columns).items()
        ]
        select = ", ".join(column_sql for _e, (column_sql, _p), _a in compiler.select)
        return cls(model, alias, sql, select, [c.target.attname for c in columns], converters)

    def build(self, row, connection):
        """The user of a row of the selected columns, converted as the ORM converts them."""
        values = list(row)
        for position, functions, expression in self.converters:
            value = values[position]
            for convert in functions:
                value = convert(value, expression, connection)
            values[position] = value
        return self.model.from_db(self.alias, self.attnames, values)

    def fetch(self, pk):
        """The user with this primary key, or None (one query)."""
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            prepared(connection, cursor, "uppf_user_get", self.sql).execute(self.sql, [pk])
            row = cursor.fetchone()
        return None if row is None else self.build(row, connection)


_prepared_on: WeakKeyDictionary = WeakKeyDictionary()
"""The names prepared on each open PostgreSQL connection (a new connection has none)."""


class _Prepared:
    """Runs a statement prepared on this connection: ``EXECUTE name (…)`` for its SQL."""

    def __init__(self, cursor, name: str) -> None:
        self.cursor, self.name = cursor, name

    def execute(self, sql: str, params: list) -> None:
        placeholders = ", ".join(["%s"] * len(params))
        self.cursor.execute(f"EXECUTE {self.name} ({placeholders})", params)


def prepared(connection, cursor, name: str, sql: str):
    """The cursor, or on PostgreSQL a runner of ``sql`` prepared once per connection.

    PostgreSQL plans every statement it is sent; for the session query of every request that
    planning was a third of its time on a local server (136 µs against 92 µs prepared). The
    statement is prepared the first time a connection runs it, through the driver's own cursor
    (so query logs and counts see only the EXECUTE, as they saw the query before); a new
    connection prepares it again. Off with ``DB_PREPARED_STATEMENTS=0``, e.g. behind a pooler
    in transaction mode, where a connection's prepared statements are not the client's."""
    if connection.vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
        return cursor
    raw = connection.connection
    names = _prepared_on.get(raw)
    if names is None:
        names = _prepared_on[raw] = set()
    if name not in names:
        if "%%" in sql:
            raise ValueError("a literal % in a prepared statement")
        parts = sql.split("%s")
        numbered = parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], 1))
        cursor.cursor.execute(f"PREPARE {name} AS {numbered}")
        names.add(name)
    return _Prepared(cursor, name)
