"""The status tables: filter, sort, paginate, and export the same rows to CSV or Excel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from indicators.scorecard import build_scorecard
from indicators.views import parse_month
from measures import savings
from measures.access import access_for
from measures.audit import audit
from measures.models import (
    Decision,
    Measure,
    MeasureReport,
    Organisation,
    PlannedSaving,
    ReportingPeriod,
)

from . import board, exports, queries
from .filters import ActivityFilter, DecisionFilter, IndicatorTableForm, MeasureFilter
from .tables import ActivityTable, DecisionTable, IndicatorTable, MeasureTable, verdict_summary

PER_PAGE = 25


def table_month(request: HttpRequest) -> dt.date:
    """The month chosen (?manad=ÅÅÅÅ-MM), else the newest reporting period, else this month."""
    chosen = parse_month(request.GET.get("manad"))
    if chosen:
        return chosen
    newest = ReportingPeriod.objects.order_by("-month").values_list("month", flat=True).first()
    return newest or dt.date.today().replace(day=1)


def respond(request: HttpRequest, table, context: dict, count=None) -> HttpResponse:
    """The table page, or its rows as CSV/XLSX (all filtered rows, in the table's order)."""
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        RequestConfig(request, paginate=False).configure(table)
        rows = [table.export_row(r) for r in table.data.data]
        if fmt == "csv":
            body = exports.write_csv(table.export_headers, rows)
            response = HttpResponse(body, content_type=exports.CSV_CONTENT_TYPE)
        else:
            body = exports.write_xlsx(table.export_headers, rows, str(table.caption))
            response = HttpResponse(body, content_type=exports.XLSX_CONTENT_TYPE)
        name = f"{table.export_name}-{context['month']:%Y-%m}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        audit("export", request=request, kind=table.export_name, format=fmt, rows=len(rows))
        return response
    paginate = {"per_page": PER_PAGE, "paginator_class": CountedPaginator, "count": count}
    RequestConfig(request, paginate=paginate).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context.update(table=table, query=query.urlencode())
    return render(request, "reporting/table_page.html", context)


def planned_for(year: int | None):
    """A measure's planned total (for ``year``, or all years) as a subquery annotation."""
    rows = PlannedSaving.objects.filter(measure=OuterRef("pk"))
    if year:
        rows = rows.filter(year=year)
    return Subquery(rows.order_by().values("measure").annotate(s=Sum("amount")).values("s")[:1])


class CountedPaginator(Paginator):
    """A paginator told how to count: the measure table counts its filtered measures without
    the month's report joined (the join cannot change the count, but costs a probe per
    measure)."""

    def __init__(self, object_list, per_page, *args, count=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count() if self._count is not None else super().count


def measure_totals(
    chosen: QuerySet[Measure] | None, user, month: dt.date, year: int | None
) -> dict[str, Decimal]:
    """The footer's sums over every filtered measure (not only the page), summed in the
    database: two queries whatever the number of measures. ``chosen`` is None when no
    filter narrows the table: every measure the user may read (raw twins in
    ``raw_sql.MEASURE_TABLE``: ``planned_total`` and ``month_totals``)."""
    if chosen is None:
        scope = access_for(user).read_q("measure__organisation__path")
        planned_rows = PlannedSaving.objects.filter(scope)
        reports = MeasureReport.objects.filter(scope)
    else:
        planned_rows = PlannedSaving.objects.filter(measure__in=chosen.values("pk"))
        reports = MeasureReport.objects.filter(measure__in=chosen.values("pk"))
    if year:
        planned_rows = planned_rows.filter(year=year)
    month_sums = reports.filter(period__month=month).aggregate(
        realised=Sum("realised"), forecast=Sum("forecast")
    )
    return {
        "planned": planned_rows.aggregate(s=Sum("amount"))["s"] or savings.ZERO,
        "realised": month_sums["realised"] or savings.ZERO,
        "forecast": month_sums["forecast"] or savings.ZERO,
    }


def measure_table(request: HttpRequest) -> HttpResponse:
    """Every measure: planned (for the chosen year), realised and forecast of the month.

    The filters run on the measures alone (the status filter joins the month's report
    itself); the month's figures are joined to the filtered set for the page."""
    month = table_month(request)
    filterset = MeasureFilter(
        request.GET, queryset=Measure.objects.readable_by(request.user), request=request
    )
    filterset.month = month
    valid = filterset.is_valid()
    year = filterset.form.cleaned_data.get("ar") if valid else None
    narrowed = valid and any(v not in (None, "") for v in filterset.form.cleaned_data.values())
    chosen = filterset.qs
    qs = queries.measures_with_month(chosen, month).annotate(planned=planned_for(year))
    table = MeasureTable(
        qs.order_by("plan__code", "position", "pk"),
        footer_totals=measure_totals(chosen if narrowed else None, request.user, month, year),
    )
    context = {
        "title": _("Åtgärder"),
        "filter": filterset,
        "month": month,
        "totals": table.footer_totals,
    }
    return respond(request, table, context, count=chosen.order_by().count)


def activity_table(request: HttpRequest) -> HttpResponse:
    """Activities (measures without savings) with the month's status and comment."""
    month = table_month(request)
    measures = Measure.objects.readable_by(request.user)
    base = queries.without_savings(queries.measures_with_month(measures, month))
    filterset = ActivityFilter(request.GET, queryset=base, request=request)
    qs = filterset.qs
    statuses = board.status_counts(qs.values_list("current_status", flat=True))
    summary = ", ".join(f"{s.count} {s.label.lower()}" for s in statuses)
    table = ActivityTable(
        qs.order_by("plan__code", "position", "pk"),
        footer_totals={"summary": f"{sum(s.count for s in statuses)} aktiviteter: {summary}"},
    )
    context = {"title": _("Aktiviteter"), "filter": filterset, "month": month}
    return respond(request, table, context)


def decision_table(request: HttpRequest) -> HttpResponse:
    """Decisions with their latest follow-up."""
    month = table_month(request)
    qs = (
        Decision.objects.readable_by(request.user)
        .with_latest_follow_up()
        .select_related("body__region")
    )
    filterset = DecisionFilter(request.GET, queryset=qs, request=request)
    rows = filterset.qs.prefetch_related("addressees").order_by("-decided_on", "position")
    count = rows.count()
    table = DecisionTable(rows, footer_totals={"summary": _("%(n)s beslut") % {"n": count}})
    context = {"title": _("Beslut"), "filter": filterset, "month": month}
    return respond(request, table, context)


def indicator_table(request: HttpRequest) -> HttpResponse:
    """One unit's indicators for a month (the scorecard as a sortable, exportable table)."""
    form = IndicatorTableForm(request.GET or None, user=request.user)
    month = table_month(request)
    rows = []
    if form.is_valid():
        org = form.cleaned_data["enhet"]
        month = form.cleaned_data["manad"] or queries.default_month(org)
        region = Organisation.objects.get(code=org.region_code) if org.parent_id else org
        groups = build_scorecard(region=region, organisation=org, month=month)
        perspective = form.cleaned_data["perspektiv"]
        rows = [
            r
            for p, group in groups
            for r in group
            if perspective is None or (p is not None and p.pk == perspective.pk)
        ]
    table = IndicatorTable(rows, footer_totals={"summary": verdict_summary(rows)})
    context = {"title": _("Indikatorer"), "filter": form, "month": month, "needs_unit": not rows}
    return respond(request, table, context)
