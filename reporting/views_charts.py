"""Trend charts: an indicator's readings against its target, a measure's savings by month."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from html import escape

from django.db.models import Case, Count, Subquery, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from indicators.choices import PeriodKind, TargetKind, Unit
from indicators.models import Indicator
from indicators.periods import period_label
from indicators.scorecard import format_value
from measures import savings
from measures.access import require_read
from measures.models import Measure

from . import charts


def chosen_kind(request: HttpRequest, kinds: Counter) -> str | None:
    """The period kind shown: ?period=, else the kind with most readings."""
    wanted = request.GET.get("period")
    if wanted in kinds:
        return wanted
    return kinds.most_common(1)[0][0] if kinds else None


def target_band(target, scale: Decimal) -> charts.TargetBand | None:
    """A threshold as a line, a range as a band; other kinds cannot be drawn as a level."""
    if target is None or target.value is None:
        return None
    if target.kind == TargetKind.RANGE:
        return charts.TargetBand(target.value / scale, target.high / scale, target.text)
    if target.kind == TargetKind.THRESHOLD:
        return charts.TargetBand(target.value / scale, None, target.text)
    return None


def chart_scale(unit: str) -> tuple[Decimal, str]:
    """Durations are stored in seconds and drawn in minutes; other units as stored."""
    if unit == Unit.DURATION:
        return Decimal(60), "min"
    return Decimal(1), str(Unit(unit).label)


def trend_table_rows(shown, months, labels, names, indicator) -> str:
    """The data table's body: a row per period, a cell per line, its value as the reports
    write it, ``–`` where a line has none. Built here rather than by a template loop over a
    few hundred rows (the page's largest cost); every text is escaped."""
    cells = {
        (name, month): format_value(value, indicator.unit, indicator.decimals)
        for name, month, value in shown
    }
    rows = []
    for m in months:
        tds = "".join(
            f'<td class="num">{escape(cells.get((name, m), "–"))}</td>' for name in names
        )
        rows.append(f'<tr><th scope="row">{escape(labels[m])}</th>{tds}</tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 - every text above is escaped


def indicator_trend(request: HttpRequest, code: str) -> HttpResponse:
    """Readings over time; ?enheter=alla draws one line per organisation.

    The database counts the readings per period kind and unit and returns only the readings
    drawn (the region's own line, else the first unit's): three queries, whatever the number
    of readings (raw twins in ``raw_sql.INDICATOR_TREND``)."""
    indicator = get_object_or_404(Indicator.objects.select_related("region"), code=code)
    require_read(request, indicator.region)
    kinds: Counter = Counter()
    units = set()
    for period_kind, organisation_id, n in (
        indicator.readings.order_by()
        .values("period_kind", "organisation_id")
        .annotate(n=Count("pk"))
        .order_by("period_kind", "organisation_id")
        .values_list("period_kind", "organisation_id", "n")
    ):
        kinds[period_kind] += n
        units.add(organisation_id)
    kind = chosen_kind(request, kinds)
    all_units = request.GET.get("enheter") == "alla"
    shown_qs = indicator.readings.filter(period_kind=kind)
    if not all_units:
        first_unit = (
            shown_qs.annotate(
                own=Case(When(organisation_id=indicator.region_id, then=0), default=1)
            )
            .order_by("own", "organisation__path")
            .values("organisation_id")[:1]
        )
        shown_qs = shown_qs.filter(organisation_id=Subquery(first_unit))
    shown = list(
        shown_qs.order_by("organisation__path", "month").values_list(
            "organisation__name", "month", "value"
        )
    )
    scale, unit_label = chart_scale(indicator.unit)
    series: dict[str, list] = defaultdict(list)
    labels: dict = {}
    for name, month, value in shown:
        label = labels.get(month)
        if label is None:
            label = labels[month] = period_label(kind, month)
        series[name].append((label, value / scale))
    targets = list(indicator.targets.filter(organisation__isnull=True).order_by("year"))
    target = targets[-1] if targets else None
    kind_labels = {value: str(label) for value, label in TargetKind.choices}
    for t in targets:  # get_kind_display() rebuilds the choices for every call
        t.kind_label = kind_labels.get(t.kind, t.kind)
    months = sorted(labels)
    context = {
        "indicator": indicator,
        "chart": charts.indicator_chart(
            series,
            [labels[m] for m in months],
            target_band(target, scale),
            indicator.name,
            unit_label,
        ),
        "series_names": list(series),
        "table_rows": trend_table_rows(shown, months, labels, list(series), indicator),
        "target": target,
        "targets": targets,
        "kind": kind,
        "kinds": [(k, PeriodKind(k).label) for k in kinds],
        "all_units": all_units,
        "unit_count": len(units),
    }
    return render(request, "reporting/indicator_trend.html", context)


def measure_savings(request: HttpRequest, pk: int) -> HttpResponse:
    """A measure's realised savings month by month against its plan for the year (?ar=)."""
    measure = get_object_or_404(Measure.objects.select_related("plan", "organisation"), pk=pk)
    require_read(request, measure.organisation)
    reports = list(measure.reports.select_related("period").order_by("period__month"))
    planned = savings.by_year(measure.savings.rows())
    years = sorted({r.period.month.year for r in reports} | {y for y in planned if y})
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        year = max((r.period.month.year for r in reports), default=None) or (
            years[0] if years else None
        )
    shown = [r for r in reports if r.period.month.year == year]
    chart = charts.measure_savings_chart(
        [r.period.month for r in shown],
        [r.realised for r in shown],
        [r.forecast for r in shown],
        planned.get(year),
        f"{measure} – {year}",
    )
    context = {
        "measure": measure,
        "year": year,
        "years": years,
        "reports": shown,
        "planned": planned.get(year),
        "unsplit": planned.get(None),
        "chart": chart,
    }
    return render(request, "reporting/measure_savings.html", context)
