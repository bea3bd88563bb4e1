"""Exports that round-trip: each kind's rows in exactly the columns its importer reads.

Imported again, an export changes nothing. No value ever becomes a formula: in XLSX every text
cell is written as a string cell; in CSV a text that starts with = + - or @ gets an apostrophe
in front (the importer removes it again). CSV is written as Swedish Excel reads it: UTF-8 with
BOM, ``;`` between columns, decimal comma.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from indicators.choices import PeriodKind
from indicators.models import IndicatorReading
from indicators.periods import period_label
from measures.choices import UNIT_FACTOR, AmountUnit, FollowUpStatus, MeasureStatus, SavingsCategory
from measures.models import Decision, FollowUp, Measure, MeasureReport, Organisation, PlannedSaving

from ..exports import safe_text
from .kinds import IMPORTERS

CHUNK = 2000


class Amount(Decimal):
    """A money value already converted to the export's unit (kept apart from plain numbers)."""


def headers(kind: str, unit: str) -> list[str]:
    return [col.title(unit) for col in IMPORTERS[kind].columns if col.key not in OMIT[kind]]


OMIT = {"measures": set(), "reports": set(), "readings": {"gender"}, "decisions": set()}


def _in_unit(kronor: Decimal | None, unit: str) -> Decimal | None:
    if kronor is None:
        return None
    return Amount(kronor / UNIT_FACTOR[AmountUnit(unit)])


def _region_filter(region: Organisation | None, path: str) -> dict:
    return {f"{path}__path__startswith": region.path} if region else {}


def measure_rows(unit: str, region: Organisation | None = None) -> Iterator[list]:
    measures = (
        Measure.objects.filter(**_region_filter(region, "plan__owner"))
        .select_related("plan", "heading", "organisation")
        .order_by("plan__code", "position", "pk")
    )
    savings: dict[int, list[PlannedSaving]] = {}
    for s in PlannedSaving.objects.filter(measure__in=measures).order_by("year", "category"):
        savings.setdefault(s.measure_id, []).append(s)
    for m in measures.iterator(chunk_size=CHUNK):
        base = [
            m.plan.code,
            m.heading.title if m.heading else "",
            m.code,
            m.title,
            m.organisation.code,
            m.responsible,
        ]
        rows = savings.get(m.pk) or [None]
        for s in rows:
            if s is None:
                yield [*base, None, "", None]
            else:
                label = SavingsCategory(s.category).label
                yield [*base, s.year, str(label), _in_unit(s.amount, unit)]


def report_rows(unit: str, region: Organisation | None = None) -> Iterator[list]:
    reports = (
        MeasureReport.objects.filter(**_region_filter(region, "measure__plan__owner"))
        .select_related("measure__plan", "period")
        .order_by("measure__plan__code", "measure__position", "measure_id", "period__month")
    )
    for r in reports.iterator(chunk_size=CHUNK):
        yield [
            r.measure.plan.code,
            r.measure.code,
            r.measure.title,
            r.period.month.strftime("%Y-%m"),
            str(MeasureStatus(r.status).label),
            _in_unit(r.realised, unit),
            _in_unit(r.forecast, unit),
            r.comment,
        ]


def reading_rows(unit: str, region: Organisation | None = None) -> Iterator[list]:
    readings = (
        IndicatorReading.objects.filter(**_region_filter(region, "organisation"))
        .select_related("indicator", "organisation")
        .order_by("indicator__code", "organisation__code", "period_kind", "month")
    )
    for r in readings.iterator(chunk_size=CHUNK):
        yield [
            r.indicator.code,
            r.organisation.code,
            str(PeriodKind(r.period_kind).label),
            period_label(r.period_kind, r.month),
            r.value.normalize() if r.value == r.value.to_integral() else r.value,
            r.comment,
            r.source,
        ]


def decision_rows(unit: str, region: Organisation | None = None) -> Iterator[list]:
    decisions = (
        Decision.objects.filter(**({"body__region": region} if region else {}))
        .select_related("body__region")
        .order_by("body__region__code", "body__name", "decided_on", "position", "pk")
    )
    follow_ups: dict[int, list[FollowUp]] = {}
    for f in (
        FollowUp.objects.filter(decision__in=decisions)
        .select_related("organisation")
        .order_by("date", "pk")
    ):
        follow_ups.setdefault(f.decision_id, []).append(f)
    for d in decisions.iterator(chunk_size=CHUNK):
        base = [
            d.body.region.code,
            d.body.name,
            d.decided_on,
            d.title,
            d.reference,
            d.text,
            d.addressee_text,
            d.deadline,
            d.reporting_duty,
        ]
        for f in follow_ups.get(d.pk) or [None]:
            if f is None:
                yield [*base, None, "", "", ""]
            else:
                yield [
                    *base,
                    f.date,
                    f.organisation.code if f.organisation else "",
                    str(FollowUpStatus(f.status).label),
                    f.text,
                ]


ROWS = {
    "measures": measure_rows,
    "reports": report_rows,
    "readings": reading_rows,
    "decisions": decision_rows,
}

EXAMPLES = {
    "measures": [
        [
            "plan-kod",
            "Omstrukturering av vården",
            "A",
            "Samordna jourverksamheten",
            "enhetens-kod",
            "Områdeschef",
            2025,
            "Personalkostnad",
            Amount("7.5"),
        ],
    ],
    "reports": [
        [
            "plan-kod",
            "A",
            "Samordna jourverksamheten",
            "2025-03",
            "Pågår",
            Amount("1.5"),
            Amount("7.5"),
            "Rekrytering pågår.",
        ],
    ],
    "readings": [
        ["indikatorns-kod", "enhetens-kod", "Månad", "2025-03", Decimal("87.5"), "", ""],
    ],
    "decisions": [
        [
            "regionens-kod",
            "Regionstyrelsen",
            dt.date(2025, 3, 4),
            "Uppdrag om åtgärdsplan",
            "RS 2025-00123",
            "Ta fram en åtgärdsplan.",
            "Sjukhusstyrelserna",
            dt.date(2025, 5, 30),
            "vid varje sammanträde",
            dt.date(2025, 4, 15),
            "enhetens-kod",
            "Pågår",
            "Arbetet har påbörjats.",
        ],
    ],
}


# -- writers ------------------------------------------------------------------------------------
def _plain(value) -> str | int | Decimal | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return Decimal(format(value.normalize(), "f")) if value.is_finite() else value
    return value


def _csv_cell(value) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return safe_text(value)


def write_csv(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV text in pieces (for a streaming response), starting with the BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(header)
    for n, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(v) for v in row])
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(header: list[str], rows: Iterable[list], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([_text_cell(sheet, h) for h in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text_cell(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _xlsx_cell(sheet, value):
    value = _plain(value)
    if value is None or isinstance(value, int | Decimal):
        return value
    return _text_cell(sheet, str(value))


def export(kind: str, fmt: str, *, unit: str = "mkr", region=None, example: bool = False):
    """The export (or, with ``example``, the template) of ``kind``: bytes or CSV text pieces."""
    header = headers(kind, unit)
    rows = EXAMPLES[kind] if example else ROWS[kind](unit, region)
    if fmt == "csv":
        return write_csv(header, rows)
    return write_xlsx(header, rows, str(IMPORTERS[kind].title))
