"""Extra rows for tests that must show a page's query count does not grow with the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from measures.models import (
    ActionPlan,
    Measure,
    MeasureReport,
    Organisation,
    PlannedSaving,
    ReportingPeriod,
)

MONTH = dt.date(2023, 2, 1)


def add_measures(n: int, *, org_code: str = "rvm-hsf", month: dt.date = MONTH) -> list[Measure]:
    """``n`` measures in a test plan of ``org_code``, each with a saving and a month report."""
    org = Organisation.objects.get(code=org_code)
    region = Organisation.objects.get(code=org.region_code)
    plan, _ = ActionPlan.objects.get_or_create(
        code=f"test-plan-{org_code}",
        defaults={"owner": org, "title": "Testplan", "first_year": 2023, "last_year": 2024},
    )
    period, _ = ReportingPeriod.objects.get_or_create(region=region, month=month)
    measures = []
    start = plan.measures.count()
    for i in range(start, start + n):
        m = Measure.objects.create(
            plan=plan, organisation=org, title=f"Teståtgärd {i}", code=f"T{i}", position=i
        )
        PlannedSaving.objects.create(
            measure=m, year=month.year, category="kostnadsreducering", amount=Decimal("1000000")
        )
        MeasureReport.objects.create(
            measure=m,
            period=period,
            status="forsenad" if i % 3 == 0 else "pagar",
            realised=Decimal("100000"),
            forecast=Decimal("900000"),
        )
        measures.append(m)
    return measures


def add_units_with_readings(n_units: int, n_months: int, *, indicator_code: str) -> None:
    """``n_units`` new areas under Västmanland's HSF, each with monthly readings of one
    indicator (and readings for HSF itself), so pages see many readings and organisations."""
    from indicators.models import Indicator, IndicatorReading

    indicator = Indicator.objects.get(code=indicator_code)
    hsf = Organisation.objects.get(code="rvm-hsf")
    units = [hsf]
    for i in range(n_units):
        units.append(
            Organisation.objects.create(
                code=f"rvm-test-{i}", name=f"Testområde {i}", kind="omrade", parent=hsf
            )
        )
    for unit in units:
        for k in range(n_months):
            month = dt.date(2021 + (k // 12), k % 12 + 1, 1)
            IndicatorReading.objects.get_or_create(
                indicator=indicator,
                organisation=unit,
                period_kind="month",
                month=month,
                defaults={"value": Decimal(400 + k)},
            )
