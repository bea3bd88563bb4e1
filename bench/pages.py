"""The pages measured against their limits: the region's board dashboard, page 50 of the
measure status table, an indicator's trend, and an empty authenticated page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import django_tables2 as tables
import plotly.graph_objects as go
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection
from django.test import Client, RequestFactory, override_settings
from django.test.client import ClientHandler
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator
from measures.models import Measure, Organisation, ReportingPeriod
from reporting import raw_sql
from reporting.board import month_end
from reporting.views_tables import PER_PAGE

from .generate import BENCH_USER
from .timing import paired_medians, run_sql

TABLE_PAGE = 50
BARE_URL = "/bench-bare/"
PAGE_SECONDS = 3.0
"""Each page row is timed for at least this long (as many rounds as fit, at least ``runs``)."""
CHART_MS = 5.0
"""The issue's allowance per chart on the dashboard (building and serialising a figure)."""


def bench_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=BENCH_USER))
    return client


def get_ok(client: Client, url: str) -> Callable[[], object]:
    """A request for ``url`` that must answer 200 (a redirect to log-in would be fast), with
    what a server does around it: Django's WSGI handler runs ``close_old_connections`` when a
    request starts and when it ends (the persistent connection's age and its health check
    before the first query); the test client leaves both out, so they are done here."""

    def get() -> None:
        close_old_connections()
        response = client.get(url)
        close_old_connections()
        if response.status_code != 200:
            raise RuntimeError(f"{url} svarade {response.status_code}")

    return get


def page_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        get_ok(client, url)()
    return len(ctx.captured_queries)


@dataclass
class Subjects:
    """What the pages are opened on."""

    region: Organisation
    month: dt.date
    indicator: Indicator
    table_page: int = TABLE_PAGE
    """Page 50, or the last page when a small-scale run has fewer."""

    @classmethod
    def pick(cls) -> Subjects:
        region = Organisation.objects.get(code="r01")
        month = (
            ReportingPeriod.objects.filter(region=region)
            .order_by("-month")
            .values_list("month", flat=True)
            .first()
        )
        indicator = Indicator.objects.filter(region=region).order_by("pk").first()
        pages = max(1, -(-Measure.objects.count() // PER_PAGE))
        return cls(region, month, indicator, min(TABLE_PAGE, pages))

    @property
    def urls(self) -> dict[str, str]:
        return {
            "dashboard": f"/oversikt/{self.region.code}/",
            "table": f"/tabeller/atgarder/?page={self.table_page}",
            "trend": f"/trend/indikator/{self.indicator.code}/",
            "empty": "/om/",
            "monthly": f"/manadsrapport/{self.region.code}-f1-v1/{self.month:%Y-%m}/",
        }


def query_counts(client: Client, subjects: Subjects) -> dict[str, int]:
    counts = {}
    for name, url in subjects.urls.items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} svarade {response.status_code}")
        counts[name] = len(ctx.captured_queries)
    return counts


def row(what, product_ms, limit_ms, target_ratio, details, *, allowance_ms=0.0) -> dict:
    """A result row: ``passed`` when product ≤ target × limit + allowance."""
    bound = target_ratio * limit_ms + allowance_ms
    return {
        "what": what,
        "product": round(product_ms, 2),
        "limit": round(limit_ms, 2),
        "ratio": round(product_ms / limit_ms, 2) if limit_ms else None,
        "target": f"≤ {target_ratio:g}×" + (f" + {allowance_ms:g} ms" if allowance_ms else ""),
        "passed": product_ms <= bound,
        "details": details,
    }


def measure_dashboard(client: Client, s: Subjects, runs: int) -> dict:
    url = s.urls["dashboard"]
    params = {
        "region": s.region.pk,
        "path": f"{s.region.path}%",
        "month": s.month,
        "year": s.month.year,
        "since": dt.date(s.month.year - 2, s.month.month, 1),
        "month_end": month_end(s.month),
    }
    ms = paired_medians(
        {"page": get_ok(client, url), "sql": lambda: run_sql(raw_sql.BOARD, params)},
        runs,
        min_seconds=PAGE_SECONDS,
    )
    return row(
        f"Styrelseöversikt för en region ({s.region.code})",
        ms["page"],
        ms["sql"],
        2,
        {"url": url, "queries": page_queries(client, url), "charts": 1},
        allowance_ms=CHART_MS,
    )


class BareMeasureTable(tables.Table):
    """The status table's columns over plain rows: django-tables2's own cost, nothing else."""

    code = tables.Column()
    title = tables.Column()
    organisation = tables.Column()
    plan = tables.Column()
    current_status = tables.Column()
    planned = tables.Column()
    month_realised = tables.Column()
    month_forecast = tables.Column()


def measure_table(client: Client, s: Subjects, runs: int) -> dict:
    url = s.urls["table"]
    params = {"month": s.month, "limit": PER_PAGE, "offset": (s.table_page - 1) * PER_PAGE}
    factory = RequestFactory()

    def bare() -> None:
        rows = run_sql(raw_sql.MEASURE_TABLE, params)["page"]
        keys = [
            "id",
            "code",
            "title",
            "organisation",
            "short",
            "plan",
            "current_status",
            "planned",
            "month_realised",
            "month_forecast",
        ]
        table = BareMeasureTable([dict(zip(keys, r, strict=True)) for r in rows])
        table.as_html(factory.get("/"))

    ms = paired_medians({"page": get_ok(client, url), "bare": bare}, runs, min_seconds=PAGE_SECONDS)
    return row(
        f"Åtgärdstabellen, sida {s.table_page} av {Measure.objects.count()} åtgärder",
        ms["page"],
        ms["bare"],
        1.5,
        {"url": url, "queries": page_queries(client, url)},
    )


class BareHandler(ClientHandler):
    """The test client's handler with no middleware at all, resolving ``bench.urls``.

    Built once, so the bare view can be timed in the same rounds as the product's pages (an
    ``override_settings`` of ``ROOT_URLCONF`` around every request would clear the URL caches
    each time and make the limit slower than it is)."""

    def __init__(self) -> None:
        super().__init__(enforce_csrf_checks=False)
        with override_settings(MIDDLEWARE=[]):
            self.load_middleware()

    def get_response(self, request):
        request.urlconf = "bench.urls"
        return super().get_response(request)


def bare_client() -> Client:
    """A client for the empty page's template from a bare view (``bench.urls``): the same
    test client, no middleware, no session, no user query."""
    client = Client()
    client.handler = BareHandler()
    return client


def indicator_trend(client: Client, s: Subjects, runs: int) -> dict:
    url = s.urls["trend"]
    ind = s.indicator
    params = {"code": ind.code, "indicator": ind.pk, "region": ind.region_id, "kind": "month"}
    points = run_sql(raw_sql.INDICATOR_TREND, params)["readings"]

    def figure() -> None:
        fig = go.Figure()
        fig.add_scatter(
            x=[str(m)[:7] for m, _v, _c in points],
            y=[float(v) for _m, v, _c in points],
            mode="lines+markers",
        )
        fig.to_json()

    ms = paired_medians(
        {
            "page": get_ok(client, url),
            "sql": lambda: run_sql(raw_sql.INDICATOR_TREND, params),
            "figure": figure,
            "empty": get_ok(bare_client(), BARE_URL),
        },
        runs,
        min_seconds=PAGE_SECONDS,
    )
    limit = ms["sql"] + ms["figure"] + ms["empty"]
    return row(
        f"Trendsida för en indikator ({ind.code})",
        ms["page"],
        limit,
        3,
        {
            "url": url,
            "queries": page_queries(client, url),
            "sql_ms": round(ms["sql"], 2),
            "figure_ms": round(ms["figure"], 2),
            "empty_page_ms": round(ms["empty"], 2),
            "points": len(points),
        },
    )


def round_trip() -> None:
    """The smallest question to the database: what one query of the page costs at least."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchall()


def empty_page(client: Client, s: Subjects, runs: int) -> dict:
    """The empty page beside the bare view; the database's round trip is timed in the same
    rounds and reported beside them (the page reads its session and user in one query, the
    bare view none: on a busy host that round trip is a large part of the difference)."""
    url = s.urls["empty"]
    ms = paired_medians(
        {
            "page": get_ok(client, url),
            "bare": get_ok(bare_client(), BARE_URL),
            "round_trip": round_trip,
        },
        runs,
        min_seconds=PAGE_SECONDS,
    )
    return row(
        "Tom inloggad sida genom all middleware",
        ms["page"],
        ms["bare"],
        2,
        {
            "url": url,
            "queries": page_queries(client, url),
            "round_trip_ms": round(ms["round_trip"], 3),
        },
    )


def measure_pages(runs: int) -> list[dict]:
    client = bench_client()
    s = Subjects.pick()
    return [
        measure_dashboard(client, s, runs),
        measure_table(client, s, runs),
        indicator_trend(client, s, runs),
        empty_page(client, s, runs),
    ]
