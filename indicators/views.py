"""Read pages for indicators: a region's scorecard and one indicator's targets and readings."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from measures.access import organisation_for, require_read
from measures.history import diff_records
from measures.models import Organisation

from .models import Indicator, IndicatorReading
from .scorecard import build_scorecard, format_value


def parse_month(text: str | None) -> dt.date | None:
    """'2023-02' → 2023-02-01; anything else → None."""
    try:
        year, month = (text or "").split("-")
        return dt.date(int(year), int(month), 1)
    except ValueError:
        return None


def scorecard(request: HttpRequest, code: str) -> HttpResponse:
    """Mål och indikatorer for an organisation (default: the region) and month."""
    organisation = organisation_for(request, code, write=False)
    region = Organisation.objects.get(code=organisation.region_code)
    latest = (
        IndicatorReading.objects.filter(organisation=organisation)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    month = parse_month(request.GET.get("manad")) or latest or dt.date.today().replace(day=1)
    groups = build_scorecard(region=region, organisation=organisation, month=month)
    units = Organisation.objects.subtree_of(region).filter(readings__isnull=False).distinct()
    context = {
        "organisation": organisation,
        "region": region,
        "month": month,
        "groups": groups,
        "count": sum(len(rows) for _, rows in groups),
        "units": list(units),
    }
    return render(request, "indicators/scorecard.html", context)


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator: definition, targets per year, every reading per organisation and period."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("region", "perspective", "parent"), code=code
    )
    require_read(request, indicator.region)
    readings = list(
        indicator.readings.select_related("organisation").order_by(
            "organisation__path", "period_kind", "month"
        )
    )
    for r in readings:
        r.display = format_value(r.value, indicator.unit, indicator.decimals)
    context = {
        "indicator": indicator,
        "targets": list(indicator.targets.select_related("organisation").order_by("year")),
        "readings": readings,
        "components": list(indicator.components.all()),
        "assessments": list(indicator.assessments.select_related("organisation")),
        "changes": reading_changes(indicator, readings),
    }
    return render(request, "indicators/indicator_detail.html", context)


def reading_changes(indicator: Indicator, readings: list[IndicatorReading]) -> list:
    """Who changed which reading when, old → new, newest first (one query)."""
    labels = {r.pk: f"{r.organisation.name} {r.period_label}" for r in readings}

    def value(v) -> str:
        return format_value(v, indicator.unit, indicator.decimals)

    records = IndicatorReading.history.filter(indicator_id=indicator.pk).select_related(
        "history_user"
    )
    changes = diff_records(
        records,
        {"value": (_("Utfall"), value), "comment": (_("Kommentar"), lambda c: c or "–")},
        lambda r: labels.get(r.id, "–"),
    )
    return sorted(changes, key=lambda c: c.when, reverse=True)
