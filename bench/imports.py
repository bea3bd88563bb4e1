"""The import rows of the national-scale benchmark: the product's readings importer against
the database's and the library's own limits, on the same file, in the same run.

* CSV import of ``readings`` rows, end to end through ``run_import`` (what ``manage.py
  import_report --kind readings`` does), against PostgreSQL ``COPY`` / SQLite ``executemany``
  of the same rows into the same table (``indicators_indicatorreading``, its indexes and
  foreign keys as Django made them). Target: ≥ 30 % of COPY's rows/s, ≥ 10 % of executemany's.
* Excel import of ``excel_rows`` rows against ``pandas.read_excel`` of the file alone: ≤ 1.3×.
* Peak memory (RSS of a fresh ``manage.py import_report`` process) of a file of ``readings``
  rows against one of a tenth as many: ≤ 1.2×, i.e. it does not grow with the file.

Every timing is the median of its runs; the rows of each run are removed again (only the rows
of this run: ids above the largest id before it), except those of the last import, which stay.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import pathlib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from indicators.choices import PeriodKind
from indicators.models import Indicator, IndicatorReading
from measures.models import Organisation
from reporting.imports.engine import ImportResult, run_import
from reporting.imports.export import headers, write_csv, write_xlsx

BIG_RUNS = 3
"""The import of the full file is run at most this many times (each one takes a while)."""
CSV_TARGET = {"postgresql": 0.30, "sqlite": 0.10}
EXCEL_TARGET = 1.3
MEMORY_TARGET = 1.2
LAST_YEAR = 2100
"""The importer takes periods up to this year."""

READINGS = IndicatorReading._meta.db_table
HISTORY = IndicatorReading.history.model._meta.db_table
COLUMNS = (
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


# -- the files ----------------------------------------------------------------------------------
def reading_pairs(first_month: dt.date, count: int) -> list[tuple[Indicator, Organisation]]:
    """(indicator, organisation) pairs to fill with monthly readings: each indicator with the
    units of its own region, or, if that leaves too few months before ``LAST_YEAR``, with
    every unit."""
    indicators = list(Indicator.objects.select_related("region").order_by("code", "pk"))
    orgs = list(Organisation.objects.order_by("code", "pk"))
    if not indicators or not orgs:
        raise RuntimeError("Databasen saknar indikatorer eller organisationsenheter.")
    months_left = (LAST_YEAR - first_month.year) * 12 + 13 - first_month.month
    own = [(i, o) for i in indicators for o in orgs if o.path.startswith(i.region.path)]
    if own and math.ceil(count / len(own)) <= months_left:
        return own
    every = [(i, o) for i in indicators for o in orgs]
    if math.ceil(count / len(every)) > months_left:
        raise RuntimeError(f"För få indikatorer och enheter för {count} unika utfall.")
    return every


def reading_rows(first_month: dt.date, count: int) -> Iterator[list]:
    """``count`` readings in the export's columns and order (indicator, unit, month), monthly
    from ``first_month``: unique keys, none already in the database, values with up to two
    decimals, deterministic."""
    pairs = reading_pairs(first_month, count)
    taken = set(
        IndicatorReading.objects.filter(
            period_kind=PeriodKind.MONTH, month__gte=first_month
        ).values_list("indicator_id", "organisation_id", "month")
    )
    months_needed = math.ceil((count + len(taken)) / len(pairs))
    months = []
    for step in range(months_needed):
        year, month = divmod(first_month.month - 1 + step, 12)
        if first_month.year + year > LAST_YEAR:
            raise RuntimeError(f"För få indikatorer och enheter för {count} unika utfall.")
        first_day = dt.date(first_month.year + year, month + 1, 1)
        months.append((first_day, first_day.strftime("%Y-%m")))
    kind = str(PeriodKind(PeriodKind.MONTH).label)
    n = 0
    for indicator, org in pairs:
        for first_day, period in months:
            if n == count:
                return
            if taken and (indicator.pk, org.pk, first_day) in taken:
                continue  # a reading already in the database: not part of the benchmark
            value = Decimal((n * 7919) % 1_000_003).scaleb(-2)
            yield [indicator.code, org.code, kind, period, value, "", ""]
            n += 1
    if n < count:
        raise RuntimeError(f"För få indikatorer och enheter för {count} unika utfall.")


def write_readings_csv(path: pathlib.Path, first_month: dt.date, count: int) -> None:
    """A readings file as the product exports it (UTF-8 with BOM, ``;``, decimal comma)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        for piece in write_csv(headers("readings", "mkr"), reading_rows(first_month, count)):
            out.write(piece)


def write_readings_xlsx(path: pathlib.Path, first_month: dt.date, count: int) -> None:
    """The same readings as an Excel workbook (openpyxl write-only, as the export writes it)."""
    title = "Utfall"
    path.write_bytes(
        write_xlsx(headers("readings", "mkr"), reading_rows(first_month, count), title)
    )


# -- keeping runs apart -------------------------------------------------------------------------
def high_water() -> tuple[int, int]:
    """The largest reading id and history id now: rows above them belong to the next run."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {READINGS}")  # noqa: S608
        readings = cursor.fetchone()[0]
        cursor.execute(f"SELECT COALESCE(MAX(history_id), 0) FROM {HISTORY}")  # noqa: S608
        history = cursor.fetchone()[0]
    return readings, history


def remove_run(mark: tuple[int, int]) -> None:
    """Delete the readings and history rows written since ``mark`` and tidy the tables up."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {HISTORY} WHERE history_id > %s", [mark[1]])  # noqa: S608
        cursor.execute(f"DELETE FROM {READINGS} WHERE id > %s", [mark[0]])  # noqa: S608
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {READINGS}")
            cursor.execute(f"VACUUM ANALYZE {HISTORY}")


# -- the limits ---------------------------------------------------------------------------------
def _database_rows(path: pathlib.Path) -> list[tuple]:
    """The file's rows as the readings table stores them (what the importer would write)."""
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    orgs = dict(Organisation.objects.values_list("code", "pk"))
    kinds = {str(label): value for value, label in PeriodKind.choices}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    source = path.name
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream, delimiter=";")
        next(reader)
        for code, org, kind, period, value, comment, _source in reader:
            rows.append(
                (
                    indicators[code],
                    orgs[org],
                    kinds[kind],
                    f"{period}-01",
                    str(Decimal(value.replace(",", "."))),
                    comment,
                    source,
                    None,
                    str(now),
                )
            )
    return rows


def time_copy(rows: list[tuple]) -> float:
    """Seconds to COPY ``rows`` into the readings table and commit (PostgreSQL)."""
    import io

    text = io.StringIO()
    for r in rows:
        text.write("\t".join("\\N" if v is None else str(v) for v in r))
        text.write("\n")
    sql = f"COPY {READINGS} ({', '.join(COLUMNS)}) FROM STDIN"
    connection.ensure_connection()
    text.seek(0)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.copy_expert(sql, text)
    return time.perf_counter() - start


def time_executemany(rows: list[tuple]) -> float:
    """Seconds to insert ``rows`` with one ``executemany`` in one transaction (SQLite)."""
    sql = (
        f"INSERT INTO {READINGS} ({', '.join(COLUMNS)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    )
    connection.ensure_connection()
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return time.perf_counter() - start


# -- the product --------------------------------------------------------------------------------
def import_file(path: pathlib.Path) -> ImportResult:
    """The product's import of one readings file, as ``manage.py import_report`` runs it."""
    with path.open("rb") as stream:
        result = run_import(
            stream=stream,
            file_name=path.name,
            kind="readings",
            user=None,
            dry_run=False,
            options={"gender": "T"},
        )
    if not result.written:
        problems = "; ".join(f"rad {p.row}: {p.message}" for p in result.problems[:5])
        raise RuntimeError(f"Importen av {path.name} skrev inget: {problems}")
    return result


def time_import(path: pathlib.Path, expected: int) -> float:
    start = time.perf_counter()
    result = import_file(path)
    elapsed = time.perf_counter() - start
    if result.n_created != expected:
        raise RuntimeError(f"{path.name}: {result.n_created} nya utfall, väntade {expected}.")
    return elapsed


CHILD = """\
import os, sys
sys.path.insert(0, sys.argv[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.core.management import call_command
with open(os.devnull, "w") as out:
    call_command("import_report", sys.argv[2], kind="readings", stdout=out)
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""
"""``manage.py import_report`` in a fresh process that prints its own peak RSS (kB) at the end.

VmHWM belongs to the process's own memory map. ``ru_maxrss`` would not do: Linux carries it
over from the parent across fork and exec, so the child would inherit this process's peak."""


def peak_rss_of_import(path: pathlib.Path) -> int:
    """Peak resident memory (bytes) of a fresh process running ``import_report`` of ``path``."""
    base = str(pathlib.Path(settings.BASE_DIR))
    errors_path = path.with_suffix(".stderr.txt")
    with errors_path.open("wb") as errors:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-c", CHILD, base, str(path)],
            stdout=subprocess.PIPE,
            stderr=errors,
            check=False,
        )
    if done.returncode != 0:
        tail = errors_path.read_text(errors="replace")[-500:]
        raise RuntimeError(f"import_report {path.name} misslyckades: {tail}")
    return int(done.stdout.split()[-1]) * 1024


# -- the rows of the table ----------------------------------------------------------------------
def _row(what: str, product: float, limit: float, ratio: float, target: str, passed: bool, **d):
    return {
        "what": what,
        "product": round(product, 2),
        "limit": round(limit, 2),
        "ratio": round(ratio, 3),
        "target": target,
        "passed": bool(passed),
        "details": d,
    }


def _count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def measure_imports(
    *,
    readings: int,
    excel_rows: int,
    runs: int,
    workdir: pathlib.Path,
    first_month: dt.date,
    log: Callable[[str], None],
) -> list[dict]:
    """Imports `readings` indicator readings from a generated CSV file through the product's
    importer into the configured database (and measures COPY/executemany of the same file
    into the same table beside it, and an Excel file of `excel_rows` rows against
    pandas.read_excel, and peak memory). Uses the Indicators and Organisations already in
    the database; all readings have months >= first_month. Leaves the imported readings in
    the database. Returns result rows as dicts with keys: what, product, limit, ratio, target,
    passed (bool), details (dict)."""
    import pandas as pd

    vendor = connection.vendor
    database = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(vendor, vendor)
    workdir.mkdir(parents=True, exist_ok=True)
    big = workdir / f"utfall-{readings}.csv"
    small_count = max(readings // 10, 1)
    small = workdir / f"utfall-{small_count}.csv"
    excel = workdir / f"utfall-{excel_rows}.xlsx"
    log(f"Skriver {big.name}, {small.name} och {excel.name} …")
    write_readings_csv(big, first_month, readings)
    write_readings_csv(small, first_month, small_count)
    write_readings_xlsx(excel, first_month, excel_rows)
    rows: list[dict] = []
    big_runs = min(runs, BIG_RUNS)

    # (a) the database's own limit: COPY / executemany of the same rows into the same table
    table_rows = _database_rows(big)
    limit_seconds = []
    for n in range(runs):
        mark = high_water()
        seconds = time_copy(table_rows) if vendor == "postgresql" else time_executemany(table_rows)
        limit_seconds.append(seconds)
        log(
            f"{'COPY' if vendor == 'postgresql' else 'executemany'} {n + 1}/{runs}: {seconds:.1f} s"
        )
        remove_run(mark)
    del table_rows

    # (c) Excel: pandas.read_excel alone, then the importer of the same file
    read_seconds, excel_seconds, read_cpu, excel_cpu = [], [], [], []
    for n in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        frame = pd.read_excel(excel)
        read_seconds.append(time.perf_counter() - start)
        read_cpu.append(time.process_time() - cpu)
        if len(frame) != excel_rows:
            raise RuntimeError(f"read_excel läste {len(frame)} rader, väntade {excel_rows}.")
        del frame
        mark = high_water()
        cpu = time.process_time()
        excel_seconds.append(time_import(excel, excel_rows))
        excel_cpu.append(time.process_time() - cpu)
        remove_run(mark)
        log(
            f"Excel {n + 1}/{runs}: read_excel {read_seconds[-1]:.1f} s, "
            f"import {excel_seconds[-1]:.1f} s"
        )

    # (d) peak memory of a fresh process importing a tenth of the file, then all of it
    mark = high_water()
    small_rss = peak_rss_of_import(small)
    remove_run(mark)
    big_rss = peak_rss_of_import(big)
    remove_run(mark)
    log(
        f"Minne: {small_rss / 2**20:.0f} MB vid {small_count} rader, "
        f"{big_rss / 2**20:.0f} MB vid {readings}"
    )

    # (b) the product's importer, end to end on the same file; the last run's rows stay
    import_seconds = []
    for n in range(big_runs):
        mark = high_water()
        import_seconds.append(time_import(big, readings))
        log(f"Import {n + 1}/{big_runs}: {import_seconds[-1]:.1f} s")
        if n < big_runs - 1:
            remove_run(mark)

    limit_rate = readings / statistics.median(limit_seconds)
    import_rate = readings / statistics.median(import_seconds)
    target = CSV_TARGET.get(vendor, 0.30)
    baseline = "COPY" if vendor == "postgresql" else "executemany"
    rows.append(
        _row(
            f"Import av {_count(readings)} utfall från CSV, {database} (rader/s)",
            import_rate,
            limit_rate,
            import_rate / limit_rate,
            f"≥ {target:g}× {baseline}",
            import_rate >= target * limit_rate,
            unit="rader/s",
            baseline=f"{baseline} av samma rader i samma tabell, med commit",
            import_seconds=[round(s, 2) for s in import_seconds],
            limit_seconds=[round(s, 2) for s in limit_seconds],
            runs=big_runs,
            limit_runs=runs,
            note=(
                f"importen kördes {big_runs} gånger (högst {BIG_RUNS})" if big_runs < runs else ""
            ),
            history_rows_written=readings,
        )
    )
    read_median = statistics.median(read_seconds)
    excel_median = statistics.median(excel_seconds)
    rows.append(
        _row(
            f"Import av Excel-fil med {_count(excel_rows)} utfall, {database} (s)",
            excel_median,
            read_median,
            excel_median / read_median,
            f"≤ {EXCEL_TARGET:g}× pandas.read_excel",
            excel_median <= EXCEL_TARGET * read_median,
            unit="s",
            baseline="pandas.read_excel av samma fil, ingen databas",
            import_seconds=[round(s, 2) for s in excel_seconds],
            read_excel_seconds=[round(s, 2) for s in read_seconds],
            runs=runs,
            # CPU seconds of this process (all its threads; not the PostgreSQL server's): on
            # a busy machine wall time also measures the other processes
            import_cpu_seconds=[round(s, 2) for s in excel_cpu],
            read_excel_cpu_seconds=[round(s, 2) for s in read_cpu],
        )
    )
    rows.append(
        _row(
            f"Toppminne vid import av {_count(readings)} utfall, {database} (MB)",
            big_rss / 2**20,
            small_rss / 2**20,
            big_rss / small_rss,
            f"≤ {MEMORY_TARGET:g}× minnet vid {_count(small_count)} rader",
            big_rss <= MEMORY_TARGET * small_rss,
            unit="MB",
            method="VmHWM, ny process som kör import_report",
            rows=readings,
            smaller_rows=small_count,
            runs=1,
        )
    )
    return rows
