"""Read scopes of the reporting pages: each is one query, whatever the number of rows.

They live here rather than on the ``measures`` querysets because only the reporting pages use
them; each takes and returns a queryset so they compose with filters and tables.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from indicators.models import IncomeStatementLine, IndicatorReading
from measures.models import (
    Decision,
    Measure,
    MeasureReport,
    Organisation,
    PlannedSaving,
    ReportingPeriod,
)


def measures_with_month(queryset: QuerySet[Measure], month: dt.date) -> QuerySet[Measure]:
    """Annotate each measure with its report for ``month`` (one query, no query per row).

    ``month_status``, ``month_realised``, ``month_forecast`` and ``month_comment`` come from
    the report; ``current_status`` is the month's status, or else the measure's own status.
    """
    report = MeasureReport.objects.filter(measure=OuterRef("pk"), period__month=month)
    return queryset.select_related("organisation", "plan", "heading").annotate(
        month_status=Subquery(report.values("status")[:1]),
        month_realised=Subquery(report.values("realised")[:1]),
        month_forecast=Subquery(report.values("forecast")[:1]),
        month_comment=Subquery(report.values("comment")[:1]),
        current_status=Coalesce(F("month_status"), NullIf(F("status"), Value("")), Value("")),
    )


def without_savings(queryset: QuerySet[Measure]) -> QuerySet[Measure]:
    """Activities: measures without any planned saving (Västmanland's A–Å)."""
    return queryset.exclude(Exists(PlannedSaving.objects.filter(measure=OuterRef("pk"))))


def decisions_for(org: Organisation) -> QuerySet[Decision]:
    """A region's decisions; for a unit below the region, those addressed to its subtree."""
    if org.parent_id is None:
        return Decision.objects.for_region(org)
    addressed = Decision.addressees.through.objects.filter(
        decision=OuterRef("pk"), organisation__path__startswith=org.path
    )
    return Decision.objects.filter(body__region__code=org.region_code).filter(Exists(addressed))


def default_month(org: Organisation) -> dt.date:
    """The month a page opens on: the region's newest reporting period, else the newest month
    with economy lines or readings for the unit, else the current month."""
    candidates = [
        ReportingPeriod.objects.filter(region__code=org.region_code)
        .order_by("-month")
        .values_list("month", flat=True)
        .first(),
        IncomeStatementLine.objects.filter(organisation__path__startswith=org.path)
        .order_by("-month")
        .values_list("month", flat=True)
        .first(),
        IndicatorReading.objects.filter(organisation=org)
        .order_by("-month")
        .values_list("month", flat=True)
        .first(),
    ]
    found = [c for c in candidates if c is not None]
    return max(found).replace(day=1) if found else dt.date.today().replace(day=1)


def ancestors_of(org: Organisation) -> list[Organisation]:
    """The units above ``org``, region first (one query)."""
    codes = org.path.strip("/").split("/")[:-1]
    return sorted(Organisation.objects.filter(code__in=codes), key=lambda o: len(o.path))
