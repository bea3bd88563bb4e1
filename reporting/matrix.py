"""The quarterly indicator matrix of source 004: indicators as rows, periods as columns.

Columns are the quarters from the first month to the last complete quarter, then one column
per month after it (``jan-24``). Each reading goes to the column that holds its month (a
year's figure to the year's last quarter). Riktning comes from ``indicators.trend`` over the
row's values in column order, Nivå from ``indicators.status`` for the last value against the
target of its year; where the rules cannot judge, the report's stated assessment is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from indicators import status, trend
from indicators.models import Indicator, IndicatorReading, IndicatorTarget, StatedAssessment
from indicators.periods import MONTHS_SHORT_SV
from indicators.scorecard import KIND_PREFERENCE, format_value
from measures.models import Organisation

QUARTER_KINDS = {"quarter", "year", "half", "tertial"}


@dataclass(frozen=True)
class Column:
    label: str
    first: dt.date
    last: dt.date


@dataclass
class MatrixRow:
    indicator: Indicator
    cells: list[IndicatorReading | None]
    direction: trend.Direction | None = None
    direction_stated: bool = False
    level: status.Verdict = status.Verdict.UNKNOWN
    level_stated: bool = False
    comment: str = ""
    texts: list[str] = field(default_factory=list)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def columns_for(first: dt.date, last: dt.date) -> list[Column]:
    """Quarters from ``first``'s quarter to the last complete quarter, then single months."""
    start = dt.date(first.year, (first.month - 1) // 3 * 3 + 1, 1)
    cols: list[Column] = []
    while add_months(start, 2) <= last:
        end = add_months(start, 2)
        cols.append(Column(f"Q{(start.month - 1) // 3 + 1} {start.year}", start, end))
        start = add_months(start, 3)
    while start <= last:
        label = f"{MONTHS_SHORT_SV[start.month - 1]}-{start.year % 100:02d}"
        cols.append(Column(label, start, start))
        start = add_months(start, 1)
    return cols


def place(readings: list[IndicatorReading], cols: list[Column]) -> list[IndicatorReading | None]:
    """One reading per column: the column holding its month, preferred kinds first."""
    cells: list[IndicatorReading | None] = [None] * len(cols)
    ranked = sorted(readings, key=lambda r: KIND_PREFERENCE.index(r.period_kind), reverse=True)
    for r in ranked:
        for i, c in enumerate(cols):
            if c.first <= r.month <= c.last:
                cells[i] = r
    return cells


def build_matrix(
    *, region: Organisation, organisation: Organisation, first: dt.date, last: dt.date
) -> tuple[list[Column], list[MatrixRow]]:
    """The matrix for ``organisation`` from ``first`` to ``last`` (months), four queries."""
    cols = columns_for(first, last)
    indicators = list(
        Indicator.objects.for_region(region)
        .scorecard()
        .select_related("perspective")
        .order_by("perspective__position", "position", "pk")
    )
    readings: dict[int, list[IndicatorReading]] = {}
    for r in IndicatorReading.objects.filter(
        indicator__region=region,
        organisation=organisation,
        month__gte=cols[0].first if cols else first,
        month__lte=last,
    ).order_by("month"):
        readings.setdefault(r.indicator_id, []).append(r)
    targets = {
        (t.indicator_id, t.year): t
        for t in IndicatorTarget.objects.filter(
            indicator__region=region, organisation__isnull=True
        ).select_related("indicator")
    }
    stated = {
        a.indicator_id: a
        for a in StatedAssessment.objects.filter(
            indicator__region=region, organisation=organisation, month=last
        )
    }
    rows = []
    for ind in indicators:
        own = readings.get(ind.pk, [])
        assessment = stated.get(ind.pk)
        if not own and assessment is None:
            continue
        row = MatrixRow(indicator=ind, cells=place(own, cols))
        values = [c.value for c in row.cells if c is not None]
        row.texts = [format_value(c.value, ind.unit, ind.decimals) if c else "" for c in row.cells]
        row.direction = trend.direction(
            values, polarity=ind.polarity, tolerance_pct=ind.trend_tolerance_pct
        )
        latest = next((c for c in reversed(row.cells) if c is not None), None)
        target = targets.get((ind.pk, latest.month.year)) if latest else None
        if target is not None:
            row.level = status.verdict(
                target.as_rule(), latest.value, polarity=target.effective_polarity
            )
        if assessment is not None:
            row.comment = assessment.comment
            if row.direction is None and assessment.direction:
                row.direction = trend.Direction(assessment.direction)
                row.direction_stated = True
            if row.level == status.Verdict.UNKNOWN and assessment.level:
                row.level = status.Verdict(assessment.level)
                row.level_stated = True
        rows.append(row)
    return cols, rows
