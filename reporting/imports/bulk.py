"""Bulk writes of indicator readings and their history rows, below the ORM.

A file of a million readings cannot go through ``save()`` or even ``bulk_create`` (on SQLite
Django caps a batch at 249 rows): the readings importer writes each chunk here instead, in a
handful of statements, and the history rows django-simple-history would write (the full row
after the change, with date, user, reason and ``+``/``~``) the same bulk way.

* PostgreSQL: ids are drawn from the table's sequence for the chunk, then the readings and their
  history rows go in with ``COPY``; changed readings with one ``UPDATE … FROM (VALUES …)``.
* SQLite: ``executemany``; the history rows are copied from the rows just written with one
  ``INSERT … SELECT`` (the atomic block holds SQLite's write lock, so the rows above the largest
  id before the chunk are exactly the chunk's).

Nothing here checks anything: the importer has validated every row (closed months included)
and runs the whole file in one ``transaction.atomic`` block.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connections
from django.db.utils import DEFAULT_DB_ALIAS
from django.utils import timezone

from indicators.models import VALUE, IndicatorReading

READINGS = IndicatorReading._meta.db_table
HISTORY = IndicatorReading.history.model._meta.db_table
FIELDS = (
    "indicator_id",
    "organisation_id",
    "period_kind",
    "month",
    "value",
    "comment",
    "source",
    "updated_by_id",
    "updated_at",
)
"""The reading's columns as written, after ``id`` (a history row has the same ones)."""
HISTORY_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user_id")
SQLITE_VARIABLES = 30_000
"""Bound parameters per statement, below SQLite's limit of 32 766."""

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_QUANTUM = Decimal(1).scaleb(-VALUE["decimal_places"])
_SQLITE_DECIMAL = decimal.Context(prec=15).create_decimal_from_float


def _copy_text(text: str) -> str:
    return text.translate(_COPY_ESCAPES)


Key = tuple[int, int, str, dt.date]
"""(indicator id, organisation id, period kind, month): a reading's natural key."""
Existing = tuple[int, Decimal, str, str]
"""(id, value, comment, source) of a reading already in the database."""


class ReadingWriter:
    """Looks up and writes one chunk of readings at a time, for one import."""

    def __init__(self, *, user_id: int | None, reason: str) -> None:
        self.user_id = user_id
        self.reason = reason
        # The connection object itself (not the thread-local proxy): ``ReadingsImporter`` lets
        # a worker thread write through it, inside the import's transaction.
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.vendor = self.connection.vendor
        self.statements = 0
        self._sequence: str | None = None

    # -- reading --------------------------------------------------------------------------------
    def existing(self, keys: Sequence[Key]) -> dict[Key, Existing]:
        """The readings of ``keys`` that are in the database already, by key."""
        if not keys:
            return {}
        found: dict[Key, Existing] = {}
        columns = (
            "r.id, r.indicator_id, r.organisation_id, r.period_kind, r.month, r.value, "
            "r.comment, r.source"
        )
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # One probe of the unique index per key (LATERAL makes it a nested loop, never a
                # scan of the whole table); the keys travel as four array literals.
                cursor.execute(
                    f"SELECT {columns} FROM unnest(%s::bigint[], %s::bigint[], %s::text[], "  # noqa: S608
                    "%s::date[]) AS k(i, o, p, m) CROSS JOIN LATERAL (SELECT * FROM "
                    f"{READINGS} x WHERE x.indicator_id = k.i AND x.organisation_id = k.o "
                    "AND x.period_kind = k.p AND x.month = k.m LIMIT 1) r",
                    [
                        "{" + ",".join(str(i) for i, _o, _p, _m in keys) + "}",
                        "{" + ",".join(str(o) for _i, o, _p, _m in keys) + "}",
                        "{" + ",".join(p for _i, _o, p, _m in keys) + "}",
                        "{" + ",".join(m.isoformat() for _i, _o, _p, m in keys) + "}",
                    ],
                )
                self.statements += 1
                for pk, i, o, p, m, value, comment, source in cursor.fetchall():
                    found[(i, o, p, m)] = (pk, value, comment, source)
                return found
            per = SQLITE_VARIABLES // 4
            for start in range(0, len(keys), per):
                part = keys[start : start + per]
                # One search of the unique index per key: CROSS JOIN keeps the keys as the
                # outer loop (a row-value IN (VALUES …) would scan the whole index instead).
                cursor.execute(
                    f"SELECT {columns} FROM "  # noqa: S608
                    f"(VALUES {', '.join(['(%s, %s, %s, %s)'] * len(part))}) AS k "
                    f"CROSS JOIN {READINGS} r ON r.indicator_id = k.column1 "
                    "AND r.organisation_id = k.column2 AND r.period_kind = k.column3 "
                    "AND r.month = k.column4",
                    [x for i, o, p, m in part for x in (i, o, p, m.isoformat())],
                )
                self.statements += 1
                for pk, i, o, p, m, value, comment, source in cursor.fetchall():
                    # as Django reads a DecimalField from SQLite (15 significant digits)
                    value = _SQLITE_DECIMAL(value).quantize(_QUANTUM)
                    found[(i, o, p, m)] = (pk, value, comment, source)
        return found

    # -- writing --------------------------------------------------------------------------------
    def create(self, rows: Sequence[tuple[Key, Decimal, str, str]]) -> None:
        """Insert new readings ``(key, value, comment, source)`` with a ``+`` history row each."""
        if not rows:
            return
        now = timezone.now()
        if self.vendor == "postgresql":
            self._create_postgresql(rows, now)
        else:
            self._create_sqlite(rows, now)

    def update(self, rows: Sequence[tuple[int, Decimal, str, str]]) -> None:
        """Set ``(id, value, comment, source)`` of readings, with a ``~`` history row each."""
        if not rows:
            return
        now = timezone.now()
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                from psycopg2.extras import execute_values

                execute_values(
                    cursor.cursor,
                    f"UPDATE {READINGS} AS r SET value = v.value, comment = v.comment, "  # noqa: S608
                    "source = v.source, updated_by_id = v.user_id, updated_at = v.at "
                    "FROM (VALUES %s) AS v(id, value, comment, source, user_id, at) "
                    "WHERE r.id = v.id",
                    [
                        (pk, value, comment, source, self.user_id, now)
                        for pk, value, comment, source in rows
                    ],
                    template="(%s, %s::numeric, %s, %s, %s::bigint, %s::timestamptz)",
                    page_size=len(rows),
                )
            else:
                stamp = self.connection.ops.adapt_datetimefield_value(now)
                cursor.executemany(
                    f"UPDATE {READINGS} SET value = %s, comment = %s, source = %s, "  # noqa: S608
                    "updated_by_id = %s, updated_at = %s WHERE id = %s",
                    [(str(v), c, s, self.user_id, stamp, pk) for pk, v, c, s in rows],
                )
            self.statements += 1
            ids = [row[0] for row in rows]
            for start in range(0, len(ids), SQLITE_VARIABLES):
                part = ids[start : start + SQLITE_VARIABLES]
                self._history_from_table(
                    cursor, "~", now, f"id IN ({', '.join(['%s'] * len(part))})", part
                )

    def _history_from_table(self, cursor, kind: str, now, where: str, params: list) -> None:
        columns = ", ".join(FIELDS)
        cursor.execute(
            f"INSERT INTO {HISTORY} (id, {columns}, {', '.join(HISTORY_FIELDS)}) "  # noqa: S608
            f"SELECT id, {columns}, %s, %s, %s, %s FROM {READINGS} WHERE {where}",
            [
                self.connection.ops.adapt_datetimefield_value(now),
                self.reason,
                kind,
                self.user_id,
                *params,
            ],
        )
        self.statements += 1

    def _create_sqlite(self, rows: Sequence[tuple[Key, Decimal, str, str]], now) -> None:
        stamp = self.connection.ops.adapt_datetimefield_value(now)
        user = self.user_id
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {READINGS}")  # noqa: S608
            mark = cursor.fetchone()[0]
            cursor.executemany(
                f"INSERT INTO {READINGS} ({', '.join(FIELDS)}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(FIELDS))})",
                [
                    (i, o, p, m.isoformat(), str(value), comment, source, user, stamp)
                    for (i, o, p, m), value, comment, source in rows
                ],
            )
            self.statements += 2
            self._history_from_table(cursor, "+", now, "id > %s", [mark])

    def _create_postgresql(self, rows: Sequence[tuple[Key, Decimal, str, str]], now) -> None:
        with self.connection.cursor() as cursor:
            if self._sequence is None:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [READINGS])
                self._sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT nextval(%s) FROM generate_series(1, %s)", [self._sequence, len(rows)]
            )
            ids = [row[0] for row in cursor.fetchall()]
            user = "\\N" if self.user_id is None else str(self.user_id)
            stamp = now.isoformat()
            tail = f"\t{stamp}\t{_copy_text(self.reason)}\t+\t{user}\n"
            readings, history = [], []
            for pk, ((i, o, p, m), value, comment, source) in zip(ids, rows, strict=True):
                line = (
                    f"{pk}\t{i}\t{o}\t{p}\t{m.isoformat()}\t{value}\t{_copy_text(comment)}\t"
                    f"{_copy_text(source)}\t{user}\t{stamp}"
                )
                readings.append(line)
                history.append(line)
            self._copy(cursor, READINGS, ("id", *FIELDS), "\n".join(readings) + "\n")
            self._copy(cursor, HISTORY, ("id", *FIELDS, *HISTORY_FIELDS), tail.join(history) + tail)
            self.statements += 3

    @staticmethod
    def _copy(cursor, table: str, columns: Iterable[str], text: str) -> None:
        # the buffer size positionally: Django's debug cursor passes only positional ones on
        cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(text), 1 << 20
        )
