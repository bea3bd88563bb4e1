"""Django's PostgreSQL backend with a health check that does not cost a round trip.

With ``CONN_HEALTH_CHECKS`` Django checks a persistent connection before the first query of
every request by sending ``SELECT 1`` and waiting for the answer: a second round trip to the
server on every page, in addition to the page's own queries (and invisible to query counts,
since it bypasses Django's cursor). Here the check asks the operating system instead whether
the server has written anything to this connection since its last answer. Between requests an
idle connection receives nothing; a server that ends it (a restart, ``pg_terminate_backend``,
``idle_session_timeout``) first writes its error and then closes the socket, and both make it
readable. A readable or closed connection is closed and the next query opens a new one, as
after a failed ``SELECT 1``. (Anything else the server may write to an idle connection, such as
a changed parameter after a configuration reload, also closes it: one reconnection, no harm.)
A connection whose server vanished without a word is not seen by either check until a query
times out.

Only the per-request check changes: after an error Django still runs ``SELECT 1``
(``is_usable``) before keeping the connection.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


def server_has_spoken(raw) -> bool:
    """True when the driver's connection ``raw`` is closed, or its socket has data or a hang-up
    waiting although no query is under way."""
    if raw.closed:
        return True
    poller = select.poll()
    try:
        poller.register(raw.fileno(), select.POLLIN | select.POLLPRI)
    except (OSError, ValueError):  # no socket any more
        return True
    return bool(poller.poll(0))


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        """Django's per-request health check, without the ``SELECT 1`` (module docstring)."""
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if server_has_spoken(self.connection):
            self.close()
        self.health_check_done = True
