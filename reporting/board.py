"""The figures of the board dashboard and the board report, for a unit's subtree and a month.

Every total is computed by ``measures.savings`` (the functions the figure tests check) from
rows fetched with a fixed number of queries; the rules for a decision's follow-up state are a
pure function (``follow_up_state``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Window

from indicators.scorecard import ScoreRow, build_scorecard
from measures import savings
from measures.choices import STATUS_DISPLAY, FollowUpStatus, MeasureStatus
from measures.models import FollowUp, Measure, Organisation, PlannedSaving
from measures.savings import SavingRow

from .queries import decisions_for, measures_with_month

NO_STATUS = ""
STATUS_ORDER = [
    MeasureStatus.DELAYED,
    MeasureStatus.NOT_STARTED,
    MeasureStatus.IN_PROGRESS,
    MeasureStatus.ON_TRACK,
    MeasureStatus.DONE,
    MeasureStatus.NOT_PRIORITISED,
    MeasureStatus.CANCELLED,
    NO_STATUS,
]


@dataclass(frozen=True)
class YearRow:
    year: int | None
    planned: Decimal | None
    realised: Decimal | None
    forecast: Decimal | None


@dataclass
class SavingsOverview:
    rows: list[YearRow]
    planned_total: Decimal
    realised_total: Decimal | None
    forecast_total: Decimal | None

    @property
    def years(self) -> list[int]:
        return [r.year for r in self.rows if r.year is not None]


@dataclass(frozen=True)
class StatusCount:
    status: str
    count: int

    @property
    def label(self) -> str:
        return MeasureStatus(self.status).label if self.status else "Ingen status rapporterad"

    @property
    def look(self):
        return STATUS_DISPLAY.get(self.status)


@dataclass
class Flagged:
    """A measure that is late (status Försenad) or off plan (forecast below the year's plan)."""

    measure: Measure
    planned: Decimal | None
    late: bool
    off_plan: bool


@dataclass
class Board:
    organisation: Organisation
    month: dt.date
    measures: QuerySet[Measure]
    savings: SavingsOverview
    statuses: list[StatusCount]
    flagged: list[Flagged]
    scorecard: list[tuple] = field(default_factory=list)
    all_decisions: list = field(default_factory=list)
    flagged_total: int = 0
    """How many measures are flagged; ``flagged`` may hold only the first of them."""

    @property
    def decisions(self) -> list:
        """Decisions whose follow-up is due or late."""
        return [d for d in self.all_decisions if d.follow_up_state]

    @property
    def reported_decisions(self) -> list:
        """Decisions with a follow-up dated within the month."""
        return [
            d
            for d in self.all_decisions
            if d.latest
            and (d.latest.date.year, d.latest.date.month) == (self.month.year, self.month.month)
        ]

    @property
    def indicator_rows(self) -> list[ScoreRow]:
        return [r for _, rows in self.scorecard for r in rows]

    @property
    def verdict_counts(self) -> Counter:
        return Counter(str(r.verdict) for r in self.indicator_rows)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def planned_by_year(org: Organisation) -> list[SavingRow]:
    """The subtree's planned savings summed per year in the database (a sum of sums is the same
    sum for ``measures.savings``)."""
    return [
        SavingRow(amount=amount, year=year)
        for year, amount in PlannedSaving.objects.for_org_subtree(org)
        .values("year")
        .annotate(amount=Sum("amount"))
        .order_by("year")
        .values_list("year", "amount")
    ]


def savings_overview(
    planned_rows: list[SavingRow], realised_rows: list[SavingRow], forecast_rows: list[SavingRow]
) -> SavingsOverview:
    """Planned per year (PlannedSaving) beside the month's realised and forecast (MeasureReport)."""
    planned = savings.by_year(planned_rows)
    realised = savings.by_year(realised_rows)
    forecast = savings.by_year(forecast_rows)
    years = sorted({y for y in (*planned, *realised, *forecast) if y is not None})
    rows = [YearRow(y, planned.get(y), realised.get(y), forecast.get(y)) for y in years]
    if None in planned:
        rows.append(YearRow(None, planned[None], None, None))
    return SavingsOverview(
        rows=rows,
        planned_total=savings.total(planned_rows),
        realised_total=savings.total(realised_rows) if realised_rows else None,
        forecast_total=savings.total(forecast_rows) if forecast_rows else None,
    )


def status_counts(statuses: Iterable[str]) -> list[StatusCount]:
    """How many measures have each status (the month's, else their own), worst first."""
    counts = Counter(s or NO_STATUS for s in statuses)
    return [StatusCount(s, counts[s]) for s in STATUS_ORDER if counts.get(s)]


@dataclass(frozen=True)
class MonthFigures:
    """Status counts and the month's realised and forecast totals of a set of measures."""

    statuses: list[StatusCount]
    realised: list[SavingRow]
    forecast: list[SavingRow]


def month_figures(measures: QuerySet[Measure], month: dt.date) -> MonthFigures:
    """How many measures have each status, and the sums of the month's realised and forecast
    amounts (as saving rows of the report's year), counted and summed in the database in one
    GROUP BY query: the raw twin is ``raw_sql.BOARD["status_counts_and_month_totals"]``."""
    counts: Counter = Counter()
    realised, forecast = [], []
    groups = (
        measures.order_by()
        .values("current_status")
        .annotate(n=Count("pk"), realised=Sum("month_realised"), forecast=Sum("month_forecast"))
        .values_list("current_status", "n", "realised", "forecast")
    )
    for status, n, realised_sum, forecast_sum in groups:
        counts[status or NO_STATUS] += n
        if realised_sum is not None:
            realised.append(SavingRow(realised_sum, year=month.year))
        if forecast_sum is not None:
            forecast.append(SavingRow(forecast_sum, year=month.year))
    statuses = [StatusCount(s, counts[s]) for s in STATUS_ORDER if counts.get(s)]
    return MonthFigures(statuses, realised, forecast)


def flagged_measures(
    measures: QuerySet[Measure], year: int, limit: int | None = None
) -> tuple[list[Flagged], int]:
    """Measures late by status, or whose forecast is below their plan for ``year``, and how
    many there are: the database picks them and counts them (one query, a window count),
    whatever the number of measures; ``limit`` keeps the first ones only."""
    planned = PlannedSaving.objects.filter(measure=OuterRef("pk"), year=year)
    rows = (
        measures.select_related(None)
        .select_related("organisation")
        # what the rows show: the sort then carries a few columns, not every field of three tables
        .only("pk", "code", "title", "organisation__name", "organisation__short_name")
        .annotate(
            planned_year=Subquery(
                planned.order_by().values("measure").annotate(s=Sum("amount")).values("s")[:1]
            )
        )
        .filter(Q(current_status=MeasureStatus.DELAYED) | Q(month_forecast__lt=F("planned_year")))
        .annotate(flagged_total=Window(Count("pk")))
    )
    out = []
    for m in rows[:limit] if limit is not None else rows:
        late = m.current_status == MeasureStatus.DELAYED
        off_plan = (
            m.planned_year is not None
            and m.month_forecast is not None
            and m.month_forecast < m.planned_year
        )
        out.append(Flagged(m, m.planned_year, late, off_plan))
    return out, (out[0].measure.flagged_total if out else 0)


def follow_up_state(
    *,
    deadline: dt.date | None,
    reporting_duty: str,
    latest_date: dt.date | None,
    latest_status: str | None,
    as_of: dt.date,
) -> str | None:
    """'late', 'due' or None for a decision on ``as_of``.

    Late: the deadline has passed and no follow-up came on or after the deadline, unless the
    latest follow-up says the decision is carried out (Klar). Due: not done, and either a
    reporting duty stands or the deadline falls within the coming month.
    """
    if latest_status == FollowUpStatus.DONE:
        return None
    if deadline is not None and deadline < as_of:
        if latest_date is None or latest_date < deadline:
            return "late"
    if reporting_duty.strip():
        return "due"
    if deadline is not None and as_of <= deadline <= as_of + dt.timedelta(days=31):
        return "due"
    return None


def decisions_as_of(org: Organisation, month: dt.date) -> list:
    """The unit's decisions taken by the end of ``month``, each with ``latest`` (its newest
    follow-up by then), ``earlier`` (the ones before) and ``follow_up_state`` (two queries; the
    newest follow-up is the one by the end of the month, so the queryset's all-time
    ``with_latest_follow_up`` is not used here)."""
    as_of = month_end(month)
    decisions = (
        decisions_for(org)
        .filter(decided_on__lte=as_of)
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.filter(date__lte=as_of).order_by("-date", "-pk"),
                to_attr="follow_ups_until",
            ),
        )
        .order_by("-decided_on", "position")
    )
    out = []
    for d in decisions:
        latest = d.follow_ups_until[0] if d.follow_ups_until else None
        d.follow_up_state = follow_up_state(
            deadline=d.deadline,
            reporting_duty=d.reporting_duty,
            latest_date=latest.date if latest else None,
            latest_status=latest.status if latest else None,
            as_of=as_of,
        )
        d.latest = latest
        d.earlier = d.follow_ups_until[1:]
        out.append(d)
    return out


def build_board(org: Organisation, month: dt.date, *, flagged_limit: int | None = None) -> Board:
    """Everything the dashboard and the report show, with a fixed number of queries; sums and
    counts are computed in the database. ``measures`` stays a lazy queryset: only the board
    report lists every measure."""
    measures = measures_with_month(Measure.objects.for_org_subtree(org), month).order_by(
        "plan__owner__path", "plan__code", "position", "pk"
    )
    figures = month_figures(measures, month)
    flagged, flagged_total = flagged_measures(measures, month.year, flagged_limit)
    region = Organisation.objects.get(code=org.region_code) if org.parent_id else org
    return Board(
        organisation=org,
        month=month,
        measures=measures,
        savings=savings_overview(planned_by_year(org), figures.realised, figures.forecast),
        statuses=figures.statuses,
        flagged=flagged,
        flagged_total=flagged_total,
        scorecard=build_scorecard(region=region, organisation=org, month=month),
        all_decisions=decisions_as_of(org, month),
    )
