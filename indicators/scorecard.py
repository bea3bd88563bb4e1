"""The scorecard ("Mål och indikatorer"): per indicator its target, outcome, status and trend.

Built with a constant number of queries whatever the number of indicators or readings:
indicators, targets, readings and stated assessments are each fetched once, then combined with
the pure rules of ``status`` and ``trend``. Where the rules cannot judge (no target, one
reading), the report's own assessment is shown and marked as such.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from measures.models import Organisation
from measures.templatetags.sv import format_number

from . import status, trend
from .choices import PeriodKind, Unit
from .models import Indicator, IndicatorReading, IndicatorTarget, Perspective, StatedAssessment

KIND_PREFERENCE = [
    PeriodKind.YTD,
    PeriodKind.MONTH,
    PeriodKind.R12,
    PeriodKind.QUARTER,
    PeriodKind.TERTIAL,
    PeriodKind.HALF_YEAR,
    PeriodKind.YEAR,
]
TREND_YEARS = 2
"""The trend compares the latest reading with the first of the same kind in this many years."""


def format_value(value: Decimal | None, unit: str, decimals: int = 1) -> str:
    """An indicator value with its unit, as the reports write it: 88,3 %, 14:58 min, +171."""
    if value is None:
        return "–"
    if unit == Unit.DURATION:
        seconds = int(value)
        return f"{seconds // 60}:{seconds % 60:02d} min"
    if unit in (Unit.PERCENT_CHANGE, Unit.COUNT_CHANGE):
        text = format_number(value, decimals if unit == Unit.PERCENT_CHANGE else 0)
        text = ("+" + text) if value > 0 else text
        return f"{text} %" if unit == Unit.PERCENT_CHANGE else text
    if unit == Unit.PERCENT:
        return f"{format_number(value, decimals)} %"
    if unit == Unit.MNKR:
        return f"{format_number(value, decimals)} mnkr"
    if unit in (Unit.MINUTES, Unit.DAYS):
        return f"{format_number(value, decimals)} {Unit(unit).label}"
    if unit == Unit.COUNT:
        return format_number(value, 0 if value == value.to_integral() else decimals)
    return format_number(value, decimals)


@dataclass
class ScoreRow:
    indicator: Indicator
    target: IndicatorTarget | None = None
    reading: IndicatorReading | None = None
    previous: IndicatorReading | None = None
    verdict: status.Verdict = status.Verdict.UNKNOWN
    verdict_stated: bool = False
    direction: trend.Direction | None = None
    direction_stated: bool = False
    components: list[ScoreRow] = field(default_factory=list)
    comment: str = ""

    @property
    def outcome_text(self) -> str:
        if self.components:
            parts = [c.reading.value if c.reading else None for c in self.components]
            if all(p is None for p in parts):
                return "–"
            text = "/".join(
                format_number(p, self.indicator.decimals) if p is not None else "–" for p in parts
            )
            return f"{text} %" if self.indicator.unit == Unit.PERCENT else text
        if self.reading is None:
            return "–"
        return format_value(self.reading.value, self.indicator.unit, self.indicator.decimals)

    @property
    def previous_text(self) -> str:
        if self.previous is None:
            return ""
        return format_value(self.previous.value, self.indicator.unit, self.indicator.decimals)


def _pick(readings: list[IndicatorReading], month: dt.date) -> IndicatorReading | None:
    """The reading shown for ``month``: the latest at or before it, by kind preference."""
    candidates = [r for r in readings if r.month <= month]
    if not candidates:
        return None
    latest = max(r.month for r in candidates)
    same = [r for r in candidates if r.month == latest]
    return min(same, key=lambda r: KIND_PREFERENCE.index(r.period_kind))


def build_scorecard(
    *, region: Organisation, organisation: Organisation, month: dt.date
) -> list[tuple[Perspective | None, list[ScoreRow]]]:
    """Scorecard rows for ``organisation`` as of ``month``, grouped by perspective."""
    indicators = list(
        Indicator.objects.for_region(region)
        .select_related("perspective")
        .order_by("perspective__position", "position", "pk")
    )
    targets: dict[int, list[IndicatorTarget]] = defaultdict(list)
    for t in IndicatorTarget.objects.filter(
        indicator__region=region, year=month.year
    ).select_related("indicator"):
        targets[t.indicator_id].append(t)
    since = dt.date(month.year - TREND_YEARS, month.month, 1)
    readings: dict[int, list[IndicatorReading]] = defaultdict(list)
    for r in IndicatorReading.objects.filter(
        indicator__region=region, organisation=organisation, month__gte=since, month__lte=month
    ).order_by("month"):
        readings[r.indicator_id].append(r)
    stated = {
        a.indicator_id: a
        for a in StatedAssessment.objects.filter(
            indicator__region=region, organisation=organisation, month=month
        )
    }

    def target_for(ind: Indicator) -> IndicatorTarget | None:
        found = targets.get(ind.pk, [])
        own = [t for t in found if t.organisation_id == organisation.pk]
        general = [t for t in found if t.organisation_id is None]
        return (own or general or [None])[0]

    children: dict[int, list[Indicator]] = defaultdict(list)
    for ind in indicators:
        if ind.parent_id:
            children[ind.parent_id].append(ind)

    def row_for(ind: Indicator) -> ScoreRow:
        row = ScoreRow(indicator=ind, target=target_for(ind))
        own = readings.get(ind.pk, [])
        row.reading = _pick(own, month)
        if row.reading:
            row.comment = row.reading.comment
            series = [r for r in own if r.period_kind == row.reading.period_kind]
            last_year = row.reading.month.replace(year=row.reading.month.year - 1)
            row.previous = next((r for r in series if r.month == last_year), None)
            row.direction = trend.direction(
                [r.value for r in series],
                polarity=ind.polarity,
                tolerance_pct=ind.trend_tolerance_pct,
            )
        row.components = [row_for(c) for c in children.get(ind.pk, [])]
        if row.target is not None:
            row.verdict = status.verdict(
                row.target.as_rule([c.target for c in row.components if c.target]),
                row.reading.value if row.reading else None,
                polarity=row.target.effective_polarity,
                previous=row.previous.value if row.previous else None,
                outcome_is_change=ind.outcome_is_change,
                component_outcomes=[c.reading.value if c.reading else None for c in row.components],
            )
        assessment = stated.get(ind.pk)
        if assessment:
            if row.direction is None and assessment.direction:
                row.direction = trend.Direction(assessment.direction)
                row.direction_stated = True
            if row.verdict == status.Verdict.UNKNOWN and assessment.level:
                row.verdict = status.Verdict(assessment.level)
                row.verdict_stated = True
        return row

    groups: dict[int | None, list[ScoreRow]] = defaultdict(list)
    perspectives: dict[int | None, Perspective | None] = {}
    for ind in indicators:
        if ind.parent_id:
            continue
        row = row_for(ind)
        groups[ind.perspective_id].append(row)
        perspectives[ind.perspective_id] = ind.perspective
    return [(perspectives[key], rows) for key, rows in groups.items()]
