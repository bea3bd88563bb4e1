"""Read scopes of the reporting pages: each is one query, whatever the number of rows.

They live here rather than on the ``measures`` querysets because only the reporting pages use
them; each takes and returns a queryset so they compose with filters and tables.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf

from indicators.models import IncomeStatementLine, IndicatorReading
from measures.models import (
    Decision,
    Measure,
    Organisation,
    PlannedSaving,
    ReportingPeriod,
)


def periods_of_month(month: dt.date) -> RawSQL:
    """The ids of every region's reporting period of ``month``, as a subquery.

    Raw because ``FilteredRelation`` takes neither a nested lookup nor a queryset in its
    condition; this is the ORM's ``ReportingPeriod.objects.filter(month=month).values("pk")``.
    """
    qn = connection.ops.quote_name
    table = qn(ReportingPeriod._meta.db_table)
    column = qn(ReportingPeriod._meta.get_field("month").column)
    return RawSQL(f"SELECT {qn('id')} FROM {table} WHERE {column} = %s", (month,))  # noqa: S608, S611


def measures_with_month(queryset: QuerySet[Measure], month: dt.date) -> QuerySet[Measure]:
    """Annotate each measure with its report for ``month`` (one query, no query per row).

    ``month_status``, ``month_realised``, ``month_forecast`` and ``month_comment`` come from
    the report; ``current_status`` is the month's status, or else the measure's own status.
    The report is a LEFT JOIN (at most one row: periods are per region and month), not a
    subquery per column: SQLite would run those for every measure before sorting a page.
    A queryset already annotated (a filter joined the report) is returned as it is.
    """
    if "current_status" in queryset.query.annotations:
        return queryset
    report = FilteredRelation(
        "reports", condition=Q(reports__period_id__in=periods_of_month(month))
    )
    return (
        queryset.select_related("organisation", "plan", "heading")
        .annotate(month_report=report)
        .annotate(
            month_status=F("month_report__status"),
            month_realised=F("month_report__realised"),
            month_forecast=F("month_report__forecast"),
            month_comment=F("month_report__comment"),
            current_status=Coalesce(F("month_status"), NullIf(F("status"), Value("")), Value("")),
        )
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


def region_months(org: Organisation) -> list[dt.date]:
    """The months of ``org``'s region's reporting periods, newest first (one query)."""
    return list(
        ReportingPeriod.objects.filter(region__code=org.region_code)
        .order_by("-month")
        .values_list("month", flat=True)
    )


def default_month(org: Organisation, months: list[dt.date] | None = None) -> dt.date:
    """The month a page opens on: the region's newest reporting period, else the newest month
    with economy lines or readings for the unit, else the current month. ``months``: the
    region's months when the caller has them (``region_months``), else they are asked for.
    Two queries at most."""
    newest_period = months[0] if months else None
    if months is None:
        newest_period = (
            ReportingPeriod.objects.filter(region__code=org.region_code)
            .order_by("-month")
            .values_list("month", flat=True)
            .first()
        )
    newest = (
        IncomeStatementLine.objects.filter(organisation__path__startswith=org.path)
        .order_by("-month")
        .values("month")[:1]
    )
    newest_reading = (
        IndicatorReading.objects.filter(organisation=org).order_by("-month").values("month")[:1]
    )
    others = (
        Organisation.objects.filter(pk=org.pk)
        .values_list(Subquery(newest), Subquery(newest_reading))
        .first()
    ) or (None, None)
    found = [c for c in (newest_period, *others) if c is not None]
    return max(found).replace(day=1) if found else dt.date.today().replace(day=1)


def tree_around(org: Organisation) -> tuple[list[Organisation], list[Organisation]]:
    """The units above ``org`` (region first) and its children (by position, name): one
    query."""
    codes = org.path.strip("/").split("/")[:-1]
    rows = list(
        Organisation.objects.filter(Q(code__in=codes) | Q(parent=org)).order_by("position", "name")
    )
    ancestors = sorted((o for o in rows if o.code in codes), key=lambda o: len(o.path))
    children = [o for o in rows if o.parent_id == org.pk and o.code not in codes]
    return ancestors, children


def ancestors_of(org: Organisation) -> list[Organisation]:
    """The units above ``org``, region first (one query)."""
    codes = org.path.strip("/").split("/")[:-1]
    return sorted(Organisation.objects.filter(code__in=codes), key=lambda o: len(o.path))
