"""Deterministic national-scale data, written straight into the configured database.

Everything except the bulk of the indicator readings (those come through the product's
importer, ``bench.imports``): 21 regions of about 19 units each, plans and headings, measures
with planned savings per year and 24 monthly reports each, reporting periods, indicators with
targets, decisions, and a small set of readings dated before ``FIRST_IMPORT_MONTH``.

Large tables are written with COPY (PostgreSQL) or ``executemany`` (SQLite): generation speed
is not measured, but it must leave time for what is. Rows bypass ``save()``, so every derived
column (``Organisation.path``) is set here as ``save()`` would set it.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from indicators.choices import PeriodKind, Polarity, TargetKind, Unit
from indicators.models import Indicator, IndicatorReading, IndicatorTarget, Perspective
from measures.choices import (
    BodyKind,
    FollowUpStatus,
    MeasureStatus,
    OrgKind,
    PeriodState,
    SavingsCategory,
)
from measures.models import (
    ActionPlan,
    Decision,
    DecisionBody,
    FollowUp,
    Heading,
    Measure,
    MeasureReport,
    Organisation,
    PlannedSaving,
    ReportingPeriod,
)

REGIONS = 21
ADMINISTRATIONS = 3
UNITS_PER_ADMINISTRATION = 5
"""1 + 3 + 3 × 5 = 19 units per region, 399 in all."""
MEASURES = 50_000
YEARS = (2022, 2023, 2024, 2025, 2026)
REPORT_MONTHS = [dt.date(2024 + i // 12, i % 12 + 1, 1) for i in range(24)]
"""24 monthly reports per measure: 2024-01 … 2025-12."""
INDICATORS = 300
EARLY_READINGS = 10_000
EARLY_FIRST_MONTH = dt.date(2000, 1, 1)
FIRST_IMPORT_MONTH = dt.date(2004, 1, 1)
"""Readings generated here lie before this month; the imported ones from it on."""
BENCH_USER = "bench-admin"
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 (a throwaway bench database)
STATUS_WEIGHTS = {
    MeasureStatus.IN_PROGRESS: 30,
    MeasureStatus.ON_TRACK: 25,
    MeasureStatus.NOT_STARTED: 15,
    MeasureStatus.DELAYED: 12,
    MeasureStatus.DONE: 12,
    MeasureStatus.NOT_PRIORITISED: 3,
    MeasureStatus.CANCELLED: 3,
}


@dataclass
class Generated:
    """What the measurements need to know about the data."""

    regions: list[str] = field(default_factory=list)
    indicator_codes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    first_import_month: dt.date = FIRST_IMPORT_MONTH


def scaled(n: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(n * scale))


def _copy_value(v) -> str:
    if v is None:
        return r"\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, dt.datetime):
        return v.isoformat()
    text = str(v)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _sqlite_value(v):
    if isinstance(v, dt.datetime):
        return connection.ops.adapt_datetimefield_value(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    return v


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple], chunk: int = 100_000
) -> int:
    """Write ``rows`` (values in the order of ``fields``, attribute names) into the model's
    table: COPY on PostgreSQL, ``executemany`` elsewhere. Returns the number of rows."""
    table = model._meta.db_table
    columns = [model._meta.get_field(f).column for f in fields]
    qn = connection.ops.quote_name
    col_sql = ", ".join(qn(c) for c in columns)
    n = 0
    batch: list[tuple] = []

    def flush(cursor) -> None:
        if not batch:
            return
        if connection.vendor == "postgresql":
            buf = io.StringIO()
            buf.writelines("\t".join(_copy_value(v) for v in row) + "\n" for row in batch)
            buf.seek(0)
            cursor.copy_expert(f"COPY {qn(table)} ({col_sql}) FROM STDIN", buf)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {qn(table)} ({col_sql}) VALUES ({marks})",  # noqa: S608
                [tuple(_sqlite_value(v) for v in row) for row in batch],
            )
        batch.clear()

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A 1M-row table has several indexes written out of order; SQLite's default
            # 2 MB page cache would thrash on them.
            cursor.execute("PRAGMA cache_size = -262144")
        for row in rows:
            batch.append(row)
            n += 1
            if len(batch) >= chunk:
                flush(cursor)
        flush(cursor)
    return n


def reset_sequences(*model_list: type[models.Model]) -> None:
    """After rows were written with explicit ids, let the next ORM insert follow them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def has_data() -> bool:
    return Organisation.objects.exists() or Measure.objects.exists()


def has_bench_data() -> bool:
    """The database holds what ``generate`` writes (its user and its first region)."""
    return (
        get_user_model().objects.filter(username=BENCH_USER).exists()
        and Organisation.objects.filter(code="r01").exists()
    )


def generate(*, scale: float, seed: int = 2026, log: Callable[[str], None] = print) -> Generated:
    """Write the whole data set; ``scale`` 1.0 gives the issue's sizes (measures, indicators
    and readings scale; the 21 regions and their units do not)."""
    rng = random.Random(seed)
    out = Generated()
    now = timezone.now()
    with transaction.atomic():
        user = get_user_model().objects.create_superuser(
            BENCH_USER, "bench@example.invalid", BENCH_PASSWORD, first_name="Bench"
        )
        orgs = _organisations()
        out.regions = [o.code for o in orgs if o.parent_id is None]
        leaves = [o for o in orgs if o.kind == OrgKind.UNIT]
        admins = [o for o in orgs if o.kind == OrgKind.ADMINISTRATION]
        region_of = {o.pk: o.path.strip("/").split("/")[0] for o in orgs}
        region_id = {o.code: o.pk for o in orgs if o.parent_id is None}
        log(f"  {len(orgs)} organisationsenheter")
        _decisions(orgs, rng, user)  # follow-ups first: the closed months would refuse them

        plans = ActionPlan.objects.bulk_create(
            ActionPlan(
                owner=a,
                code=f"plan-{a.code}",
                title=f"Åtgärdsplan {a.name}",
                first_year=YEARS[0],
                last_year=YEARS[-1],
            )
            for a in admins
        )
        plan_of_admin = {p.owner_id: p for p in plans}
        headings = Heading.objects.bulk_create(
            Heading(plan=p, title=f"Rubrik {i + 1}", position=i) for p in plans for i in range(3)
        )
        headings_of_plan: dict[int, list[Heading]] = {}
        for h in headings:
            headings_of_plan.setdefault(h.plan_id, []).append(h)

        periods = ReportingPeriod.objects.bulk_create(
            ReportingPeriod(
                region_id=rid,
                month=m,
                state=PeriodState.CLOSED if m < REPORT_MONTHS[-2] else PeriodState.OPEN,
            )
            for rid in region_id.values()
            for m in REPORT_MONTHS
        )
        period_id = {(p.region_id, p.month): p.pk for p in periods}

        n_measures = scaled(MEASURES, scale, 50)
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        measure_rows = []
        measure_meta = []  # (id, region id, yearly plan, status)
        for i in range(n_measures):
            unit = leaves[i % len(leaves)]
            plan = plan_of_admin[unit.parent_id]
            heading = headings_of_plan[plan.pk][i % 3]
            status = rng.choices(statuses, weights)[0]
            mid = i + 1
            measure_rows.append(
                (
                    mid,
                    plan.pk,
                    unit.pk,
                    heading.pk,
                    None,
                    str(mid),
                    i,
                    f"Åtgärd {mid} inom {unit.name}",
                    "",
                    "",
                    "",
                    None,
                    None,
                    f"Ansvarig {mid % 97}",
                    "",
                    status,
                )
            )
            measure_meta.append(
                (mid, region_id[region_of[unit.pk]], Decimal(rng.randint(1, 400) * 5000), status)
            )
        insert_rows(
            Measure,
            [
                "id",
                "plan_id",
                "organisation_id",
                "heading_id",
                "parent_id",
                "code",
                "position",
                "title",
                "description",
                "milestone",
                "timetable",
                "start",
                "end",
                "responsible",
                "follow_up_metric",
                "status",
            ],
            measure_rows,
        )
        log(f"  {n_measures} åtgärder")

        categories = list(SavingsCategory)
        n_savings = insert_rows(
            PlannedSaving,
            ["id", "measure_id", "year", "category", "amount"],
            (
                (mid * len(YEARS) + k, mid, year, categories[mid % len(categories)], yearly)
                for mid, _rid, yearly, _s in measure_meta
                for k, year in enumerate(YEARS)
            ),
        )
        log(f"  {n_savings} planerade besparingar")

        def reports():
            rid_ = 0
            for mid, rid, yearly, status in measure_meta:
                r = random.Random(mid)
                for month in REPORT_MONTHS:
                    rid_ += 1
                    share = Decimal(month.month) / 12
                    realised = (yearly * share * Decimal(r.randint(50, 110)) / 100).quantize(
                        Decimal("0.01")
                    )
                    forecast = (yearly * Decimal(r.randint(95, 125)) / 100).quantize(
                        Decimal("0.01")
                    )
                    yield (
                        rid_,
                        mid,
                        period_id[(rid, month)],
                        status if r.random() < 0.8 else statuses[r.randrange(len(statuses))],
                        realised,
                        forecast,
                        "",
                        1,
                        None,
                        now,
                    )

        n_reports = insert_rows(
            MeasureReport,
            [
                "id",
                "measure_id",
                "period_id",
                "status",
                "realised",
                "forecast",
                "comment",
                "version",
                "updated_by_id",
                "updated_at",
            ],
            reports(),
        )
        log(f"  {n_reports} månadsrapporter för åtgärder")

        indicators = _indicators(orgs, scaled(INDICATORS, scale, 21), rng)
        out.indicator_codes = [i.code for i in indicators]
        log(f"  {len(indicators)} indikatorer")
        n_early = _early_readings(indicators, orgs, scaled(EARLY_READINGS, scale, 100), rng, now)
        log(f"  {n_early} tidiga utfall (före {FIRST_IMPORT_MONTH:%Y-%m})")
        reset_sequences(Measure, PlannedSaving, MeasureReport, IndicatorReading)
    out.counts = {
        "organisations": len(orgs),
        "measures": n_measures,
        "planned_savings": n_savings,
        "measure_reports": n_reports,
        "indicators": len(indicators),
        "early_readings": n_early,
    }
    analyze()
    return out


def analyze() -> None:
    """Fresh statistics, as autovacuum would give them after a real load. On PostgreSQL also
    VACUUM: the import rows delete and re-import a million readings and their history several
    times, and the pages must not be timed while autovacuum is cleaning that up; then wait (at
    most a minute) until no autovacuum worker is left running, and CHECKPOINT, so that the
    server is not writing those gigabytes out in the background while the pages are timed."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        cursor.execute("VACUUM ANALYZE")
        for _ in range(60):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'autovacuum:%%'"
            )
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(1)
        cursor.execute("CHECKPOINT")


def _organisations() -> list[Organisation]:
    rows: list[Organisation] = []
    for r in range(1, REGIONS + 1):
        code = f"r{r:02d}"
        region = Organisation(
            code=code,
            name=f"Region {r:02d}",
            short_name=f"R{r:02d}",
            kind=OrgKind.REGION,
            path=f"/{code}/",
            position=r,
        )
        rows.append(region)
    Organisation.objects.bulk_create(rows)
    admins = []
    for region in rows:
        for a in range(1, ADMINISTRATIONS + 1):
            code = f"{region.code}-f{a}"
            admins.append(
                Organisation(
                    code=code,
                    name=f"Förvaltning {a} {region.short_name}",
                    short_name=f"F{a}",
                    kind=OrgKind.ADMINISTRATION,
                    parent=region,
                    path=f"{region.path}{code}/",
                    position=a,
                )
            )
    Organisation.objects.bulk_create(admins)
    units = []
    for admin in admins:
        for u in range(1, UNITS_PER_ADMINISTRATION + 1):
            code = f"{admin.code}-v{u}"
            units.append(
                Organisation(
                    code=code,
                    name=f"Verksamhet {u} {admin.short_name} {admin.parent.short_name}",
                    short_name=f"V{u}",
                    kind=OrgKind.UNIT,
                    parent=admin,
                    path=f"{admin.path}{code}/",
                    position=u,
                )
            )
    Organisation.objects.bulk_create(units)
    return rows + admins + units


def _decisions(orgs: list[Organisation], rng: random.Random, user) -> None:
    regions = [o for o in orgs if o.parent_id is None]
    bodies = DecisionBody.objects.bulk_create(
        DecisionBody(region=r, name="Regionstyrelsen", short_name="RS", kind=BodyKind.BOARD)
        for r in regions
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            body=b,
            decided_on=dt.date(2024, 1 + i % 12, 10),
            title=f"Beslut {i + 1}",
            reporting_duty="vid varje sammanträde" if i % 3 == 0 else "",
            deadline=dt.date(2025, 1 + i % 12, 28),
            position=i,
        )
        for b in bodies
        for i in range(20)
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            decision=d,
            date=dt.date(2025, 1 + k * 4, 15),
            status=rng.choice(list(FollowUpStatus)),
            text="Återrapport",
            created_by=user,
        )
        for d in decisions
        for k in range(3)
    )


def _indicators(orgs: list[Organisation], n: int, rng: random.Random) -> list[Indicator]:
    perspectives = Perspective.objects.bulk_create(
        Perspective(name=name, position=i)
        for i, name in enumerate(
            ["Servicekvalitet", "Medicinsk kvalitet", "Medarbetare", "Ekonomi"]
        )
    )
    regions = [o for o in orgs if o.parent_id is None]
    units = [Unit.PERCENT, Unit.DAYS, Unit.COUNT, Unit.MINUTES, Unit.SCORE]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            region=regions[i % len(regions)],
            code=f"ind-{i + 1:03d}",
            name=f"Indikator {i + 1}",
            perspective=perspectives[i % len(perspectives)],
            unit=units[i % len(units)],
            polarity=Polarity.HIGHER if i % 2 else Polarity.LOWER,
            position=i,
        )
        for i in range(n)
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(
            indicator=ind,
            year=year,
            kind=TargetKind.THRESHOLD,
            value=Decimal(rng.randint(10, 90)),
            text="Mål",
        )
        for ind in indicators
        for year in range(2000, 2027)
    )
    return indicators


def _early_readings(
    indicators: list[Indicator], orgs: list[Organisation], n: int, rng: random.Random, now
) -> int:
    """``n`` monthly readings before FIRST_IMPORT_MONTH, series by series (indicator × unit of
    its region), each series filling the months from EARLY_FIRST_MONTH on."""
    months = (FIRST_IMPORT_MONTH.year - EARLY_FIRST_MONTH.year) * 12
    by_region: dict[str, list[Organisation]] = {}
    for o in orgs:
        by_region.setdefault(o.path.strip("/").split("/")[0], []).append(o)
    series = [(ind.pk, o.pk) for ind in indicators for o in by_region[ind.region.code]]
    rows = []
    for k in range(n):
        ind_id, org_id = series[(k // months) % len(series)]
        i = k % months
        month = dt.date(EARLY_FIRST_MONTH.year + i // 12, i % 12 + 1, 1)
        value = Decimal(rng.randint(0, 100000)) / 100
        rows.append((k + 1, ind_id, org_id, PeriodKind.MONTH, month, value, "", "", None, now))
    return insert_rows(
        IndicatorReading,
        [
            "id",
            "indicator_id",
            "organisation_id",
            "period_kind",
            "month",
            "value",
            "comment",
            "source",
            "updated_by_id",
            "updated_at",
        ],
        rows,
    )
