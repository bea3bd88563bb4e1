"""Medians of repeated runs, and the raw-SQL limits timed with a bare cursor."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping

from django.db import connection


def median_ms(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """The median wall time of ``fn`` in milliseconds, after ``warmup`` untimed runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run_sql(statements: Mapping[str, str], params: Mapping[str, object]) -> dict[str, list]:
    """Execute each statement and fetch every row (what a page would receive)."""
    out = {}
    with connection.cursor() as cursor:
        for name, sql in statements.items():
            wanted = {k: v for k, v in params.items() if f"%({k})s" in sql}
            cursor.execute(sql, wanted)
            out[name] = cursor.fetchall()
    return out


def sql_ms(statements: Mapping[str, str], params: Mapping[str, object], runs: int) -> float:
    """The median time of running all ``statements`` once each (the page's raw SQL)."""
    return median_ms(lambda: run_sql(statements, params), runs)
