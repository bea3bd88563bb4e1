"""Medians of repeated runs, and the raw-SQL limits timed with a bare cursor."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping

from django.db import connection

MAX_ROUNDS = 5001
"""Rounds stop here whatever ``min_seconds`` says (a page of a tenth of a millisecond)."""


def paired_medians(
    fns: Mapping[str, Callable[[], object]],
    runs: int,
    warmup: int = 1,
    min_seconds: float = 0.0,
) -> dict[str, float]:
    """The median wall time in milliseconds of each of ``fns``, timed side by side.

    Each of ``runs`` rounds runs every function once, starting with a different one each
    round. A shared machine has slow spells lasting a fraction of a second to seconds (the
    same page was measured at 1,1 and 2,7 ms in consecutive runs); timed one after the other,
    a product and its limit can fall in different spells and their ratio says more about the
    machine than about the product. Timed in the same rounds, both see the same spells.
    Rounds go on past ``runs`` until ``min_seconds`` have passed, so a page of a millisecond
    is timed over as many spells as one of a hundred milliseconds.
    """
    names = list(fns)
    for _ in range(warmup):
        for name in names:
            fns[name]()
    times: dict[str, list[float]] = {name: [] for name in names}
    began = time.perf_counter()
    i = 0
    while i < runs or (time.perf_counter() - began < min_seconds and i < MAX_ROUNDS):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            start = time.perf_counter()
            fns[name]()
            times[name].append((time.perf_counter() - start) * 1000)
        i += 1
    return {name: statistics.median(t) for name, t in times.items()}


def run_sql(statements: Mapping[str, str], params: Mapping[str, object]) -> dict[str, list]:
    """Execute each statement and fetch every row (what a page would receive)."""
    out = {}
    with connection.cursor() as cursor:
        for name, sql in statements.items():
            wanted = {k: v for k, v in params.items() if f"%({k})s" in sql}
            cursor.execute(sql, wanted)
            out[name] = cursor.fetchall()
    return out
