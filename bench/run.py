"""One benchmark run: generate, measure pages at the small reading count, import the
readings, measure again, compare query counts, print the table and write it as JSON."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import pathlib
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import django
from django.db import connection

from indicators.models import IndicatorReading

from . import generate, pages
from .imports import measure_imports

READINGS = 1_000_000
EXCEL_ROWS = 100_000


def versions() -> dict:
    import django_tables2
    import pandas
    import plotly

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()"
        )
        server = cursor.fetchone()[0]
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "django_tables2": django_tables2.__version__,
        "plotly": plotly.__version__,
        "pandas": pandas.__version__,
        "database": connection.vendor,
        "server": server.split(" on ")[0],
        "sqlite_module": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "system": platform.platform(terse=True),
    }


def import_rows(
    *, readings: int, excel_rows: int, runs: int, first_month: dt.date, log: Callable[[str], None]
) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="uppf-bench-") as workdir:
        return measure_imports(
            readings=readings,
            excel_rows=excel_rows,
            runs=runs,
            workdir=pathlib.Path(workdir),
            first_month=first_month,
            log=log,
        )


def format_table(rows: list[dict]) -> str:
    head = ["vad", "produkten", "gränsen bredvid", "kvot", "mål", "håller"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        product = r["product"]
        limit = r["limit"]
        # page rows carry their unit at the top level, import rows in their details
        unit = r.get("unit") or r.get("details", {}).get("unit", "ms")
        lines.append(
            "| "
            + " | ".join(
                [
                    r["what"],
                    f"{product:g} {unit}" if isinstance(product, float | int) else str(product),
                    f"{limit:g} {unit}" if isinstance(limit, float | int) else str(limit or "–"),
                    "–" if r["ratio"] is None else f"{r['ratio']:g}",
                    r["target"],
                    "ja" if r["passed"] else "NEJ",
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def time_pages(runs: int, log: Callable[[str], None]) -> list[dict]:
    """The page rows, timed in this process (``--pages-only``: a process of its own)."""
    log(f"Mäter sidorna ({runs} omgångar, sida och gräns i samma omgångar) …")
    rows = pages.measure_pages(runs)
    trip = rows[-1]["details"].get("round_trip_ms")
    log(f"Databasens rundtur (SELECT 1) i den tomma sidans omgångar: {trip} ms")
    return rows


def time_pages_in_a_new_process(runs: int, log: Callable[[str], None]) -> list[dict]:
    """The page rows timed by ``manage.py bench --pages-only`` in a process of its own, as a
    server worker would serve them. This process has generated 1,5 million rows and imported
    and deleted a million readings several times; timed here, the SQLite dashboard was 2,21x
    its raw SQL where a new process on the same database measured 1,78x. (Not for its number
    of Python objects, which is the same, ~137 000, in both; its SQLite connection had the
    generator's 256 MB page cache and a million rows' writes behind it.)"""
    gc.collect()
    log(f"Objekt i benchmarkens egen process: {len(gc.get_objects())}")
    connection.close()  # SQLite: the child reads what this process wrote
    with tempfile.TemporaryDirectory(prefix="uppf-pages-") as workdir:
        out = pathlib.Path(workdir) / "pages.json"
        child = subprocess.run(  # noqa: S603 (this interpreter and this project's manage.py)
            [
                sys.executable,
                str(pathlib.Path(__file__).resolve().parent.parent / "manage.py"),
                "bench",
                "--pages-only",
                "--page-runs",
                str(runs),
                "--json",
                str(out),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        for line in child.stdout.splitlines():
            if not line.startswith("|") and "JSON:" not in line and line.strip():
                log(f"  {line}")
        if child.returncode != 0 or not out.exists():
            raise RuntimeError(f"sidmätningen avbröts ({child.returncode}):\n{child.stdout}")
        return json.loads(out.read_text())["rows"]


def finish(result: dict, json_path: pathlib.Path | None, log: Callable[[str], None]) -> dict:
    """Print the table and write the result as JSON."""
    result["passed"] = all(r["passed"] for r in result["rows"])
    log("")
    log(format_table(result["rows"]))
    log(f"\n{connection.vendor}, {result['versions']['cpus']} kärnor, {result['seconds']} s totalt")
    if json_path:
        json_path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        log(f"JSON: {json_path}")
    return result


def run_pages(*, runs: int, json_path: pathlib.Path | None, log: Callable[[str], None]) -> dict:
    """Only the page rows, again, on a database a whole run has filled (for work on a page:
    the data and the imports take minutes, the pages seconds)."""
    started = time.perf_counter()
    generate.analyze()
    rows = time_pages(runs, log)
    result = {
        "pages_only": True,
        "page_runs": runs,
        "data": {"readings": IndicatorReading.objects.count()},
        "versions": versions(),
        "seconds": round(time.perf_counter() - started, 1),
        "rows": rows,
    }
    return finish(result, json_path, log)


def run(
    *,
    scale: float,
    runs: int,
    page_runs: int,
    json_path: pathlib.Path | None,
    log: Callable[[str], None],
) -> dict:
    started = time.perf_counter()
    log(f"Genererar data (skala {scale:g}) i {connection.vendor} …")
    gen = generate.generate(scale=scale, log=log)
    log(f"  klart på {time.perf_counter() - started:.0f} s")

    client = pages.bench_client()
    subjects = pages.Subjects.pick()
    small_readings = IndicatorReading.objects.count()
    counts_small = pages.query_counts(client, subjects)
    log(f"Frågor per sida vid {small_readings} utfall: {counts_small}")

    readings = generate.scaled(READINGS, scale, 1000) - small_readings
    log(f"Importerar {readings} utfall …")
    t0 = time.perf_counter()
    rows = import_rows(
        readings=readings,
        excel_rows=generate.scaled(EXCEL_ROWS, scale, 500),
        runs=runs,
        first_month=gen.first_import_month,
        log=log,
    )
    log(f"  klart på {time.perf_counter() - t0:.0f} s")
    generate.analyze()
    big_readings = IndicatorReading.objects.count()

    client = pages.bench_client()
    counts_big = pages.query_counts(client, subjects)
    log(f"Frågor per sida vid {big_readings} utfall: {counts_big}")
    page_rows = time_pages_in_a_new_process(page_runs, log)
    rows = page_rows + rows
    rows.append(
        {
            "what": "SQL-frågor per sida",
            "product": ", ".join(f"{k} {v}" for k, v in counts_big.items()),
            "limit": ", ".join(f"{k} {v}" for k, v in counts_small.items()),
            "ratio": None,
            "target": f"lika vid {small_readings} och {big_readings} utfall",
            "passed": counts_small == counts_big,
            "details": {
                "small": counts_small,
                "big": counts_big,
                "readings_small": small_readings,
                "readings_big": big_readings,
            },
            "unit": "",
        }
    )
    result = {
        "scale": scale,
        "runs": runs,
        "page_runs": page_runs,
        "data": {**gen.counts, "readings": big_readings},
        "versions": versions(),
        "seconds": round(time.perf_counter() - started, 1),
        "rows": rows,
    }
    return finish(result, json_path, log)
