"""The quarterly indicator matrix (source 004) for any unit and span."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from indicators.models import IndicatorReading, StatedAssessment
from indicators.views import parse_month
from measures.access import organisation_for
from measures.models import Organisation

from .matrix import build_matrix


def default_last_month(org: Organisation):
    """The newest month with a stated assessment or a reading for the unit."""
    found = [
        StatedAssessment.objects.filter(organisation=org)
        .order_by("-month")
        .values_list("month", flat=True)
        .first(),
        IndicatorReading.objects.filter(organisation=org)
        .order_by("-month")
        .values_list("month", flat=True)
        .first(),
    ]
    found = [f for f in found if f]
    return max(found).replace(day=1) if found else None


def quarter_matrix(request: HttpRequest, code: str) -> HttpResponse:
    """Indicators × quarters with Riktning and Nivå; ?fran=ÅÅÅÅ-MM&till=ÅÅÅÅ-MM."""
    org = organisation_for(request, code, write=False)
    region = Organisation.objects.get(code=org.region_code) if org.parent_id else org
    last = parse_month(request.GET.get("till")) or default_last_month(org)
    cols, rows = [], []
    first = None
    if last:
        first = parse_month(request.GET.get("fran")) or last.replace(year=last.year - 2, month=1)
        if first > last:
            first = last
        cols, rows = build_matrix(region=region, organisation=org, first=first, last=last)
    context = {
        "organisation": org,
        "region": region,
        "first": first,
        "last": last,
        "columns": cols,
        "rows": rows,
        "span_label": f"{cols[0].label} – {cols[-1].label}" if cols else "",
    }
    return render(request, "reporting/quarter_matrix.html", context)
